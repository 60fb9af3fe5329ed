package dev.shipshape.core.guard;

import dev.shipshape.core.guard.internal.Resilience4jOptions;
import dev.shipshape.time.config.ConfigProblem;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The immutable definition of one named guard: which Resilience4j patterns wrap its calls, the
 * SLO it feeds, its fallback, its kill-switch flag and how its circuit breaker shows up in
 * readiness. Built by {@link #builder(String)}; {@link Builder#build()} validates every setting
 * and reports all problems at once.
 *
 * <p>The patterns always compose in one order, outermost first: kill switch and fallback, retry,
 * circuit breaker, rate limiter, bulkhead, timeout, then the call. See {@link Guard} for why.
 */
public final class GuardConfig {

  /** Where a guard's circuit breaker state is reported in the health probes. */
  public enum BreakerCheck {
    /**
     * A readiness check that is reported but does not change readiness (the default): an open
     * breaker on one dependency must not take every instance out of the load balancer.
     */
    NON_CRITICAL,
    /** A critical readiness check: an open breaker makes the instance not ready. */
    CRITICAL,
    /** No health check for the breaker. */
    NONE
  }

  private final String name;
  private final @Nullable TimeLimiterConfig timeLimiter;
  private final @Nullable CircuitBreakerConfig circuitBreaker;
  private final @Nullable RetryConfig retry;
  private final @Nullable BulkheadConfig bulkhead;
  private final @Nullable RateLimiterConfig rateLimiter;
  private final @Nullable String slo;
  private final Predicate<Throwable> successOn;
  private final @Nullable Function<? super Throwable, ?> fallback;
  private final @Nullable String killSwitchFlag;
  private final BreakerCheck breakerCheck;
  private final @Nullable Executor executor;

  private GuardConfig(Builder b) {
    this.name = b.name;
    this.timeLimiter = b.timeLimiter;
    this.circuitBreaker = b.circuitBreaker;
    this.retry = b.retry;
    this.bulkhead = b.bulkhead;
    this.rateLimiter = b.rateLimiter;
    this.slo = b.slo;
    this.successOn = b.successOn;
    this.fallback = b.fallback;
    this.killSwitchFlag = b.killSwitchFlag;
    this.breakerCheck = b.breakerCheck;
    this.executor = b.executor;
  }

  /**
   * Starts a guard definition with no patterns.
   *
   * @param name the guard's name: names it in telemetry, meters and its health check
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The guard's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The timeout of each attempt, when set.
   *
   * @return the time limiter configuration
   */
  public Optional<TimeLimiterConfig> timeLimiter() {
    return Optional.ofNullable(timeLimiter);
  }

  /**
   * The circuit breaker, when set (the guard runs it on the application's clock).
   *
   * @return the circuit breaker configuration
   */
  public Optional<CircuitBreakerConfig> circuitBreaker() {
    return Optional.ofNullable(circuitBreaker);
  }

  /**
   * The retry, when set; its waits run on the application's clock.
   *
   * @return the retry configuration
   */
  public Optional<RetryConfig> retry() {
    return Optional.ofNullable(retry);
  }

  /**
   * The bulkhead, when set.
   *
   * @return the bulkhead configuration
   */
  public Optional<BulkheadConfig> bulkhead() {
    return Optional.ofNullable(bulkhead);
  }

  /**
   * The rate limiter, when set; its periods are measured on the application's clock.
   *
   * @return the rate limiter configuration
   */
  public Optional<RateLimiterConfig> rateLimiter() {
    return Optional.ofNullable(rateLimiter);
  }

  /**
   * The name of the SLO each call is recorded in, when set.
   *
   * @return the SLO's name
   */
  public Optional<String> slo() {
    return Optional.ofNullable(slo);
  }

  /**
   * Which exceptions count as successes (never retried, recorded as good, no fallback).
   *
   * @return the predicate; by default it matches nothing
   */
  public Predicate<Throwable> successOn() {
    return successOn;
  }

  /**
   * The guard's fallback, when set.
   *
   * @return the function from the exception that ended a call to the caller's result
   */
  public Optional<Function<? super Throwable, ?>> fallback() {
    return Optional.ofNullable(fallback);
  }

  /**
   * The boolean flag that switches the guard off, when set.
   *
   * @return the flag's key
   */
  public Optional<String> killSwitchFlag() {
    return Optional.ofNullable(killSwitchFlag);
  }

  /**
   * How the circuit breaker is reported in readiness.
   *
   * @return the check kind
   */
  public BreakerCheck breakerCheck() {
    return breakerCheck;
  }

  /**
   * The executor that runs synchronous calls under a timeout, when one was given.
   *
   * @return the executor
   */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  @Override
  public String toString() {
    return "GuardConfig{" + name + "}";
  }

  /**
   * Collects a guard's settings. Each pattern can be given as Resilience4j's own configuration
   * object or by a short option; setting a pattern twice keeps the last. Reusing a builder never
   * changes a built definition.
   */
  public static final class Builder {
    /** The longest retry wait Resilience4j can hold: it keeps the wait in milliseconds. */
    private static final Duration MAX_RETRY_WAIT = Duration.ofMillis(Long.MAX_VALUE);

    /** The longest rate limiter period Resilience4j can hold: it keeps it in nanoseconds. */
    private static final Duration MAX_RATE_LIMITER_PERIOD = Duration.ofNanos(Long.MAX_VALUE);

    private final String name;
    private @Nullable TimeLimiterConfig timeLimiter;
    private @Nullable CircuitBreakerConfig circuitBreaker;
    private @Nullable RetryConfig retry;
    private @Nullable BulkheadConfig bulkhead;
    private @Nullable RateLimiterConfig rateLimiter;
    private @Nullable String slo;
    private Predicate<Throwable> successOn = e -> false;
    private @Nullable Function<? super Throwable, ?> fallback;
    private @Nullable String killSwitchFlag;
    private BreakerCheck breakerCheck = BreakerCheck.NON_CRITICAL;
    private @Nullable Executor executor;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Limits each attempt to {@code timeout}; an attempt that takes longer ends with {@code
     * TIMEOUT} and its thread is interrupted.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        problems.add(ConfigProblem.of("timeout", timeout, "must be positive"));
        return this;
      }
      return timeLimiter(
          TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build());
    }

    /**
     * Limits each attempt as {@code config} says ({@code timeoutDuration}, {@code
     * cancelRunningFuture}); the deadline is fired by the application's scheduler.
     *
     * @param config Resilience4j's time limiter configuration
     * @return this builder
     */
    public Builder timeLimiter(TimeLimiterConfig config) {
      this.timeLimiter = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Adds a circuit breaker with Resilience4j's defaults (a count-based window of 100 calls,
     * opening at a 50% failure rate, 60 seconds open).
     *
     * @return this builder
     */
    public Builder circuitBreaker() {
      return circuitBreaker(CircuitBreakerConfig.ofDefaults());
    }

    /**
     * Adds a circuit breaker. The guard runs it on the application's clock, so its time-based
     * window and its open-state wait follow that clock; the move from open to half-open happens
     * on the first call after the wait. Every option is honoured as Resilience4j defines it
     * ({@code recordResult} and {@code transitionOnResult} see returned values, ignored and
     * recorded exceptions, slow calls), except those that would run on another clock, which
     * {@link #build()} refuses: a {@code clock} or {@code currentTimestampFunction} of one's own,
     * and the automatic transitions that Resilience4j runs on its own real-time thread ({@code
     * automaticTransitionFromOpenToHalfOpenEnabled}, {@code maxWaitDurationInHalfOpenState}).
     * Exceptions that {@link #successOn(Predicate)} maps to success are recorded as successes, like
     * exceptions outside {@code recordExceptions}.
     *
     * @param config Resilience4j's circuit breaker configuration
     * @return this builder
     */
    public Builder circuitBreaker(CircuitBreakerConfig config) {
      this.circuitBreaker = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Retries failed attempts up to {@code maxAttempts} attempts in all, waiting 500 ms between
     * attempts on the application's clock.
     *
     * @param maxAttempts the total number of attempts, at least 1
     * @return this builder
     */
    public Builder retry(int maxAttempts) {
      return retry(maxAttempts, Duration.ofMillis(RetryConfig.DEFAULT_WAIT_DURATION));
    }

    /**
     * Retries failed attempts up to {@code maxAttempts} attempts in all, waiting {@code wait}
     * between attempts on the application's clock.
     *
     * @param maxAttempts the total number of attempts, at least 1
     * @param wait the wait between attempts, zero or more and at most {@code Long.MAX_VALUE}
     *     milliseconds (longer is a problem, not an {@code ArithmeticException})
     * @return this builder
     */
    public Builder retry(int maxAttempts, Duration wait) {
      Objects.requireNonNull(wait, "wait");
      boolean ok = true;
      if (maxAttempts < 1) {
        problems.add(ConfigProblem.of("retry.maxAttempts", maxAttempts, "must be at least 1"));
        ok = false;
      }
      if (wait.isNegative()) {
        problems.add(ConfigProblem.of("retry.wait", wait, "must be zero or positive"));
        ok = false;
      } else if (wait.compareTo(MAX_RETRY_WAIT) > 0) {
        problems.add(ConfigProblem.of("retry.wait", wait, "must be at most " + MAX_RETRY_WAIT));
        ok = false;
      }
      if (!ok) {
        return this;
      }
      return retry(RetryConfig.custom().maxAttempts(maxAttempts).waitDuration(wait).build());
    }

    /**
     * Retries as {@code config} says (attempts, interval function, which exceptions and results
     * are retried, {@code consumeResultBeforeRetryAttempt}). Waits between attempts run on the
     * application's scheduler, never on Resilience4j's sleep function. Rejections by the circuit
     * breaker, bulkhead or rate limiter are never retried. With {@code failAfterMaxAttempts}, a
     * call whose last attempt returned a value the retry still retries ends as a {@code FAILURE}:
     * a {@link GuardException} caused by Resilience4j's {@code MaxRetriesExceededException}
     * (without it, the caller gets that last value, as with Resilience4j).
     *
     * @param config Resilience4j's retry configuration
     * @return this builder
     */
    public Builder retry(RetryConfig config) {
      this.retry = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Allows at most {@code maxConcurrentCalls} attempts in flight; more are rejected at once.
     *
     * @param maxConcurrentCalls at least 1
     * @return this builder
     */
    public Builder bulkhead(int maxConcurrentCalls) {
      if (maxConcurrentCalls < 1) {
        problems.add(
            ConfigProblem.of(
                "bulkhead.maxConcurrentCalls", maxConcurrentCalls, "must be at least 1"));
        return this;
      }
      return bulkhead(
          BulkheadConfig.custom()
              .maxConcurrentCalls(maxConcurrentCalls)
              .maxWaitDuration(Duration.ZERO)
              .build());
    }

    /**
     * Adds a semaphore bulkhead. Its {@code maxWaitDuration} must be zero: a full bulkhead rejects
     * at once rather than waiting in real time.
     *
     * @param config Resilience4j's bulkhead configuration
     * @return this builder
     */
    public Builder bulkhead(BulkheadConfig config) {
      this.bulkhead = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Allows {@code permits} attempts per {@code period}, measured on the application's clock;
     * attempts beyond that are rejected at once.
     *
     * @param permits attempts per period, at least 1
     * @param period the refresh period, positive and at most {@code Long.MAX_VALUE} nanoseconds
     *     (about 292 years; longer is a problem)
     * @return this builder
     */
    public Builder rateLimiter(int permits, Duration period) {
      Objects.requireNonNull(period, "period");
      boolean ok = true;
      if (permits < 1) {
        problems.add(ConfigProblem.of("rateLimiter.permits", permits, "must be at least 1"));
        ok = false;
      }
      if (period.isNegative() || period.isZero()) {
        problems.add(ConfigProblem.of("rateLimiter.period", period, "must be positive"));
        ok = false;
      } else if (period.compareTo(MAX_RATE_LIMITER_PERIOD) > 0) {
        problems.add(
            ConfigProblem.of(
                "rateLimiter.period", period, "must be at most " + MAX_RATE_LIMITER_PERIOD));
        ok = false;
      }
      if (!ok) {
        return this;
      }
      return rateLimiter(
          RateLimiterConfig.custom()
              .limitForPeriod(permits)
              .limitRefreshPeriod(period)
              .timeoutDuration(Duration.ZERO)
              .build());
    }

    /**
     * Adds a rate limiter. Its periods are measured on the application's clock; an attempt that
     * may wait ({@code timeoutDuration}) for a permit waits on the application's scheduler.
     *
     * @param config Resilience4j's rate limiter configuration
     * @return this builder
     */
    public Builder rateLimiter(RateLimiterConfig config) {
      this.rateLimiter = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Records every call in the named SLO: good when it succeeds within the SLO's latency
     * threshold (if any), bad when it fails, times out or is rejected. Calls switched off by the
     * kill-switch flag are not recorded.
     *
     * @param sloName the name of an SLO the application defines
     * @return this builder
     */
    public Builder slo(String sloName) {
      this.slo = Objects.requireNonNull(sloName, "sloName");
      return this;
    }

    /**
     * Treats exceptions matching {@code predicate} as successes: they are not retried, count as
     * successes for the circuit breaker and the SLO, and skip the fallback; the caller still gets
     * the exception. Use it for answers such as "not found" that say nothing about the
     * dependency's health.
     *
     * @param predicate which exceptions are successes
     * @return this builder
     */
    public Builder successOn(Predicate<Throwable> predicate) {
      this.successOn = Objects.requireNonNull(predicate, "predicate");
      return this;
    }

    /**
     * Treats exceptions of the given types (and their subtypes) as successes; see {@link
     * #successOn(Predicate)}.
     *
     * @param types exception types
     * @return this builder
     */
    public Builder successOn(Class<?>... types) {
      List<Class<?>> list = List.of(types);
      for (Class<?> t : list) {
        if (!Throwable.class.isAssignableFrom(t)) {
          problems.add(ConfigProblem.of("successOn", t.getName(), "must be a Throwable type"));
        }
      }
      return successOn(e -> list.stream().anyMatch(t -> t.isInstance(e)));
    }

    /**
     * The guard's fallback: when a call fails, times out, is rejected or is switched off, the
     * caller gets {@code fallback}'s result instead of an exception. It must return a value of
     * the type the guard's calls return (a per-call fallback passed to {@link Guard#call(
     * java.util.function.Supplier, Function)} takes precedence and is type-checked).
     *
     * @param fallback from the exception that ended the call to the caller's result
     * @return this builder
     */
    public Builder fallback(Function<? super Throwable, ?> fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /**
     * Switches the guard off while the boolean flag {@code flagKey} is false: calls go straight
     * to the fallback (or fail with {@code DISABLED_BY_FLAG}) without being made. A missing flag
     * or an evaluation error leaves the guard on.
     *
     * @param flagKey the key of a boolean flag
     * @return this builder
     */
    public Builder killSwitch(String flagKey) {
      this.killSwitchFlag = Objects.requireNonNull(flagKey, "flagKey");
      return this;
    }

    /**
     * How the circuit breaker is reported in readiness (default {@link
     * BreakerCheck#NON_CRITICAL}).
     *
     * @param check the check kind
     * @return this builder
     */
    public Builder breakerCheck(BreakerCheck check) {
      this.breakerCheck = Objects.requireNonNull(check, "check");
      return this;
    }

    /**
     * The executor that runs synchronous calls under a timeout (default: the application's
     * bounded pool of daemon threads named {@code shipshape-guard-N}). When it refuses a task
     * (no free thread), the call is not made and ends with {@code REJECTED_BY_EXECUTOR}.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Validates and snapshots the definition.
     *
     * @return the definition
     * @throws GuardConfigException listing every problem found
     */
    public GuardConfig build() {
      List<ConfigProblem> all = new ArrayList<>(problems);
      if (name.isBlank()) {
        all.add(ConfigProblem.of("name", name, "must not be blank"));
      }
      if (timeLimiter != null) {
        Duration t = timeLimiter.getTimeoutDuration();
        if (t.isNegative() || t.isZero()) {
          all.add(ConfigProblem.of("timeLimiter.timeoutDuration", t, "must be positive"));
        }
      }
      Resilience4jOptions.refusals(circuitBreaker, bulkhead, all);
      if (slo != null && slo.isBlank()) {
        all.add(ConfigProblem.of("slo", slo, "must name an SLO"));
      }
      if (killSwitchFlag != null && killSwitchFlag.isBlank()) {
        all.add(ConfigProblem.of("killSwitch", killSwitchFlag, "must name a boolean flag"));
      }
      if (!all.isEmpty()) {
        throw new GuardConfigException(name, all);
      }
      return new GuardConfig(this);
    }
  }
}
