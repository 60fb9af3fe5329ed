package dev.shipshape.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.time.ManualClock;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.TransitionCheckResult;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.MaxRetriesExceededException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.slf4j.LoggerFactory;

/**
 * Our guards against plain Resilience4j 2.4, call by call: random sequences of calls (count- and
 * time-based windows, slow calls, ignored exceptions, values the breaker records as failures or
 * that trip it, results the retry retries with and without {@code failAfterMaxAttempts}, rate
 * limits, gaps aimed at the open state's deadline to the nanosecond) go through a guard built by
 * the facade, by {@code call()} and {@code callAsync()} in turn, and through the same patterns
 * composed with Resilience4j's own decorators in the guard's order, both on one {@link
 * ManualClock}. After every call the two must agree on what the caller got, how many attempts
 * reached the callee, the breaker's state and its metrics.
 *
 * <p>The reference composes rate limiter, breaker and retry as the guard does and is configured
 * as the guard's documented choices say: local rejections are ignored by the breaker and never
 * retried. Resilience4j's retry waits in real time, so retries here wait zero.
 *
 * <p>A failure names the seed; rerun one sequence with {@code -Dshipshape.differential.seed=<seed>
 * -Dshipshape.differential.sequences=1}.
 */
class GuardResilience4jDifferentialTest {

  private static final long FIRST_SEED = Long.getLong("shipshape.differential.seed", 20_240L);
  private static final int SEQUENCES = Integer.getInteger("shipshape.differential.sequences", 200);

  private static final String OK = "ok";
  private static final String BAD = "bad";
  private static final String TRIP = "trip";
  private static final String AGAIN = "again";

  /** A failure every breaker records. */
  static final class Recorded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Recorded() {
      super("recorded", null, false, false);
    }
  }

  /** A failure that breakers and retries may be configured to ignore. */
  static final class Ignored extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Ignored() {
      super("ignored", null, false, false);
    }
  }

  @Test
  void guardsAgreeWithResilience4jAfterEveryCall() {
    // both breakers log every call at DEBUG: tens of megabytes that would take most of the time
    Logger r4j = (Logger) LoggerFactory.getLogger("io.github.resilience4j");
    Level before = r4j.getLevel();
    r4j.setLevel(Level.INFO);
    long calls = 0;
    try {
      for (int i = 0; i < SEQUENCES; i++) {
        try (Sequence s = new Sequence(FIRST_SEED + i)) {
          calls += s.run();
        }
      }
    } finally {
      r4j.setLevel(before);
    }
    assertThat(calls).isGreaterThan(SEQUENCES * 40L);
  }

  @Test
  void shortFormsAreResilience4jDefaultsExceptTheRateLimitersZeroWait() {
    GuardConfig config =
        GuardConfig.builder("short")
            .timeout(Duration.ofSeconds(2))
            .circuitBreaker()
            .retry(4)
            .bulkhead(7)
            .rateLimiter(10, Duration.ofSeconds(1))
            .build();

    CircuitBreakerConfig breaker = config.circuitBreaker().orElseThrow();
    CircuitBreakerConfig r4jBreaker = CircuitBreakerConfig.ofDefaults();
    // every setting, with the identities of the (shared) default predicates left out
    assertThat(breaker.toString().replaceAll("@[0-9a-f]+", ""))
        .isEqualTo(r4jBreaker.toString().replaceAll("@[0-9a-f]+", ""));
    assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1))
        .isEqualTo(r4jBreaker.getWaitIntervalFunctionInOpenState().apply(1))
        .isEqualTo(60_000L);

    RetryConfig retry = config.retry().orElseThrow();
    RetryConfig r4jRetry = RetryConfig.custom().maxAttempts(4).build();
    assertThat(retry.getMaxAttempts()).isEqualTo(r4jRetry.getMaxAttempts());
    assertThat(retry.getIntervalBiFunction().apply(1, null))
        .isEqualTo(r4jRetry.getIntervalBiFunction().apply(1, null))
        .isEqualTo(500L);
    assertThat(retry.isFailAfterMaxAttempts()).isEqualTo(r4jRetry.isFailAfterMaxAttempts());

    TimeLimiterConfig timeout = config.timeLimiter().orElseThrow();
    TimeLimiterConfig r4jTimeout =
        TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(2)).build();
    assertThat(timeout.shouldCancelRunningFuture())
        .isEqualTo(r4jTimeout.shouldCancelRunningFuture());

    BulkheadConfig bulkhead = config.bulkhead().orElseThrow();
    BulkheadConfig r4jBulkhead = BulkheadConfig.custom().maxConcurrentCalls(7).build();
    assertThat(bulkhead.getMaxWaitDuration()).isEqualTo(r4jBulkhead.getMaxWaitDuration());
    assertThat(bulkhead.isFairCallHandlingEnabled())
        .isEqualTo(r4jBulkhead.isFairCallHandlingEnabled());

    // the one difference, stated in README-guards.md: a permit is never waited for
    RateLimiterConfig limiter = config.rateLimiter().orElseThrow();
    RateLimiterConfig r4jLimiter =
        RateLimiterConfig.custom()
            .limitForPeriod(10)
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .build();
    assertThat(limiter.getTimeoutDuration()).isEqualTo(Duration.ZERO);
    assertThat(r4jLimiter.getTimeoutDuration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(limiter.getLimitForPeriod()).isEqualTo(r4jLimiter.getLimitForPeriod());
    assertThat(limiter.getLimitRefreshPeriod()).isEqualTo(r4jLimiter.getLimitRefreshPeriod());
  }

  /** One attempt as the callee plays it: what it returns or throws, and how long it takes. */
  private record Step(@Nullable String value, boolean recorded, Duration takes) {
    Object play() {
      if (value != null) {
        return value;
      }
      throw recorded ? new Recorded() : new Ignored();
    }

    @Override
    public String toString() {
      return (value != null ? value : recorded ? "throw Recorded" : "throw Ignored")
          + " in "
          + takes.toNanos()
          + "ns";
    }
  }

  /** One random scenario: a guard and its Resilience4j reference, and the calls through both. */
  private static final class Sequence implements AutoCloseable {
    final long seed;
    final Random rnd;
    final ManualClock clock = ManualClock.create();
    /** How far the reference's view of the clock trails it while the reference replays a call. */
    final AtomicLong lag = new AtomicLong();

    final Clock view =
        new Clock() {
          @Override
          public Instant instant() {
            return clock.instant().minusNanos(lag.get());
          }

          @Override
          public ZoneId getZone() {
            return clock.getZone();
          }

          @Override
          public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
          }
        };

    final List<String> scenario = new ArrayList<>();
    final GuardConfig.Builder guardConfig = GuardConfig.builder("differential");
    @Nullable CircuitBreakerConfig breakerConfig;
    @Nullable RetryConfig retryConfig;
    @Nullable RateLimiterConfig limiterConfig;
    boolean breakerIgnores;
    boolean retryIgnores;
    Duration slowThreshold = Duration.ofSeconds(60);
    Duration openWait = Duration.ofSeconds(60);
    Duration tripWait = Duration.ZERO;

    final Shipshape ship;
    final Guard ours;
    @Nullable CircuitBreaker refBreaker;
    final Supplier<Object> reference;
    @Nullable Instant openedAt;

    /** The attempts of the current call, and how far each side has played them. */
    List<Step> script = List.of();

    int ourAttempts;
    int refAttempts;

    Sequence(long seed) {
      this.seed = seed;
      this.rnd = new Random(seed);
      chooseBreaker();
      chooseRetry();
      chooseLimiter();
      guardConfig.executor(Runnable::run);
      ship = Shipshape.builder().clock(clock).logging(false).guard(guardConfig.build()).build();
      ours = ship.guard("differential");
      reference = reference();
    }

    private void chooseBreaker() {
      int roll = rnd.nextInt(100);
      if (roll < 10) {
        scenario.add("no breaker");
        return;
      }
      if (roll < 20) {
        scenario.add("circuitBreaker()");
        guardConfig.circuitBreaker();
        breakerConfig = CircuitBreakerConfig.ofDefaults();
        return;
      }
      boolean time = rnd.nextBoolean();
      int size = 1 + rnd.nextInt(10);
      int minCalls = 1 + rnd.nextInt(time ? 12 : size);
      float failureRate = new float[] {20, 50, 80, 100}[rnd.nextInt(4)];
      float slowRate = new float[] {30, 50, 100}[rnd.nextInt(3)];
      slowThreshold = Duration.ofMillis(20 + rnd.nextInt(480));
      openWait = Duration.ofMillis(1 + rnd.nextInt(10_000));
      int halfOpen = 1 + rnd.nextInt(4);
      CircuitBreakerConfig.Builder b =
          CircuitBreakerConfig.custom()
              .slidingWindow(
                  size,
                  minCalls,
                  time ? SlidingWindowType.TIME_BASED : SlidingWindowType.COUNT_BASED)
              .failureRateThreshold(failureRate)
              .slowCallRateThreshold(slowRate)
              .slowCallDurationThreshold(slowThreshold)
              .waitDurationInOpenState(openWait)
              .permittedNumberOfCallsInHalfOpenState(halfOpen);
      scenario.add(
          String.format(
              "breaker %s window %d, min %d, failure %.0f%%, slow %.0f%% over %s, open %s,"
                  + " half-open %d",
              time ? "time" : "count",
              size,
              minCalls,
              failureRate,
              slowRate,
              slowThreshold,
              openWait,
              halfOpen));
      breakerIgnores = rnd.nextBoolean();
      if (breakerIgnores) {
        b.ignoreExceptions(Ignored.class);
        scenario.add("breaker ignores Ignored");
      }
      if (rnd.nextInt(3) == 0) {
        b.recordResult(BAD::equals);
        scenario.add("recordResult bad");
      }
      if (rnd.nextInt(3) == 0) {
        Duration wait = Duration.ofMillis(1 + rnd.nextInt(5_000));
        tripWait = wait;
        b.transitionOnResult(
            r ->
                r.isLeft() && TRIP.equals(r.getLeft())
                    ? TransitionCheckResult.transitionToOpenAndWaitFor(wait)
                    : TransitionCheckResult.noTransition());
        scenario.add("transitionOnResult trip opens for " + wait);
      }
      breakerConfig = b.build();
      guardConfig.circuitBreaker(breakerConfig);
    }

    private void chooseRetry() {
      if (rnd.nextInt(100) < 45) {
        return;
      }
      int max = 1 + rnd.nextInt(4);
      if (rnd.nextInt(5) == 0) {
        scenario.add("retry(" + max + ", 0)");
        guardConfig.retry(max, Duration.ZERO);
        retryConfig = RetryConfig.custom().maxAttempts(max).waitDuration(Duration.ZERO).build();
        return;
      }
      RetryConfig.Builder<Object> b =
          RetryConfig.custom().maxAttempts(max).waitDuration(Duration.ZERO);
      String s = "retry max " + max;
      if (rnd.nextInt(3) > 0) {
        b.retryOnResult(AGAIN::equals);
        s += ", retryOnResult again";
      }
      if (rnd.nextBoolean()) {
        b.failAfterMaxAttempts(true);
        s += ", failAfterMaxAttempts";
      }
      retryIgnores = rnd.nextInt(3) == 0;
      if (retryIgnores) {
        b.ignoreExceptions(Ignored.class);
        s += ", ignores Ignored";
      }
      scenario.add(s);
      retryConfig = b.build();
      guardConfig.retry(retryConfig);
    }

    private void chooseLimiter() {
      if (rnd.nextInt(100) < 70) {
        return;
      }
      int permits = 1 + rnd.nextInt(5);
      Duration period = Duration.ofMillis(100 + rnd.nextInt(3_000));
      scenario.add("rateLimiter(" + permits + ", " + period + ")");
      guardConfig.rateLimiter(permits, period);
      limiterConfig =
          RateLimiterConfig.custom()
              .limitForPeriod(permits)
              .limitRefreshPeriod(period)
              .timeoutDuration(Duration.ZERO)
              .build();
    }

    /** Resilience4j's decorators in the guard's order, on the view of the same clock. */
    private Supplier<Object> reference() {
      Supplier<Object> s = this::playReference;
      if (limiterConfig != null) {
        s = RateLimiter.decorateSupplier(
            RateLimiter.of("reference", limiterConfig, () -> nanos(view)), s);
      }
      if (breakerConfig != null) {
        List<Class<? extends Throwable>> ignored = new ArrayList<>();
        ignored.add(RequestNotPermitted.class); // local rejections are not the dependency's fault
        if (breakerIgnores) {
          ignored.add(Ignored.class);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<? extends Throwable>[] classes = ignored.toArray(new Class[0]);
        CircuitBreaker cb =
            CircuitBreaker.of(
                "reference",
                CircuitBreakerConfig.from(breakerConfig)
                    .clock(view)
                    .currentTimestampFunction(Sequence::nanos, TimeUnit.NANOSECONDS)
                    .ignoreExceptions(classes)
                    .build());
        cb.getEventPublisher()
            .onStateTransition(
                e -> {
                  if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    openedAt = view.instant();
                  }
                });
        refBreaker = cb;
        s = CircuitBreaker.decorateSupplier(cb, s);
      }
      if (retryConfig != null) {
        List<Class<? extends Throwable>> ignored = new ArrayList<>();
        ignored.add(CallNotPermittedException.class); // rejections are never retried
        ignored.add(RequestNotPermitted.class);
        if (retryIgnores) {
          ignored.add(Ignored.class);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<? extends Throwable>[] classes = ignored.toArray(new Class[0]);
        Retry r =
            Retry.of("reference", RetryConfig.from(retryConfig).ignoreExceptions(classes).build());
        s = Retry.decorateSupplier(r, s);
      }
      return s;
    }

    static long nanos(Clock c) {
      Instant i = c.instant();
      return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Our guard's callee: the clock moves by the attempt's duration while it runs. */
    private Object playOurs() {
      Step step = script.get(Math.min(ourAttempts++, script.size() - 1));
      clock.advance(step.takes());
      return step.play();
    }

    /** The reference's callee: its view of the clock catches up by the attempt's duration. */
    private Object playReference() {
      Step step = script.get(Math.min(refAttempts++, script.size() - 1));
      lag.addAndGet(-step.takes().toNanos());
      return step.play();
    }

    long run() {
      int calls = 50 + rnd.nextInt(100);
      for (int n = 0; n < calls; n++) {
        gap();
        script = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          script.add(step());
        }
        boolean async = rnd.nextInt(5) < 2;
        compare(n, async);
      }
      return calls;
    }

    private Step step() {
      int roll = rnd.nextInt(100);
      String value;
      boolean recorded = false;
      if (roll < 40) {
        value = OK;
      } else if (roll < 50) {
        value = BAD;
      } else if (roll < 55) {
        value = TRIP;
      } else if (roll < 70) {
        value = AGAIN;
      } else if (roll < 90) {
        value = null;
        recorded = true;
      } else {
        value = null;
      }
      Duration takes;
      int t = rnd.nextInt(10);
      if (t < 5) {
        takes = Duration.ZERO;
      } else if (t < 8) {
        takes = Duration.ofNanos((long) (rnd.nextDouble() * 2 * slowThreshold.toNanos()));
      } else {
        takes = slowThreshold.plusNanos(rnd.nextInt(3) - 1);
      }
      return new Step(value, recorded, takes);
    }

    /** Moves the clock between calls: not at all, a little, a long idle, or to the deadline. */
    private void gap() {
      int roll = rnd.nextInt(100);
      if (roll < 25) {
        return;
      }
      if (roll < 65) {
        clock.advance(Duration.ofMillis(rnd.nextInt(3_000)));
        return;
      }
      if (roll < 75) {
        clock.advance(Duration.ofSeconds(10 + rnd.nextInt(120)));
        return;
      }
      Instant opened = openedAt;
      if (opened == null) {
        return;
      }
      Duration wait = rnd.nextBoolean() || tripWait.isZero() ? openWait : tripWait;
      Duration toDeadline =
          Duration.between(clock.instant(), opened.plus(wait)).plusNanos(rnd.nextInt(3) - 1);
      if (!toDeadline.isNegative()) {
        clock.advance(toDeadline);
      }
    }

    private void compare(int n, boolean async) {
      this.n = n;
      this.async = async;
      ourAttempts = 0;
      refAttempts = 0;
      long before = clock.epochNanos();
      String ourResult = async ? ourAsync() : ourSync();
      lag.set(clock.epochNanos() - before);
      String refResult;
      try {
        refResult = "value " + reference.get();
      } catch (CallNotPermittedException e) {
        refResult = "rejected by the circuit breaker";
      } catch (RequestNotPermitted e) {
        refResult = "rejected by the rate limiter";
      } catch (MaxRetriesExceededException e) {
        refResult = "failed: retries exhausted";
      } catch (RuntimeException e) {
        refResult = "threw " + e.getClass().getSimpleName();
      }
      same("what the caller got", ourResult, refResult);
      same("attempts that reached the callee", ourAttempts, refAttempts);
      same("clock time the reference's attempts took less the guard's", lag.get(), 0L);
      CircuitBreaker cb = refBreaker;
      if (cb == null) {
        return;
      }
      CircuitBreakerSnapshot m = ours.circuitBreaker().orElseThrow();
      same("breaker state", m.state().name(), cb.getState().name());
      CircuitBreaker.Metrics r = cb.getMetrics();
      same("failure rate", m.failureRate(), r.getFailureRate());
      same("slow call rate", m.slowCallRate(), r.getSlowCallRate());
      same("buffered calls", m.bufferedCalls(), r.getNumberOfBufferedCalls());
      same("failed calls", m.failedCalls(), r.getNumberOfFailedCalls());
      same("slow calls", m.slowCalls(), r.getNumberOfSlowCalls());
      same("calls not permitted", m.notPermittedCalls(), r.getNumberOfNotPermittedCalls());
    }

    int n;
    boolean async;

    /** Fails naming the seed, the call, the scenario and the attempts when the two differ. */
    private void same(String what, Object guard, Object resilience4j) {
      if (!guard.equals(resilience4j)) {
        throw new AssertionFailedError(
            String.format(
                "seed %d, call %d (%s) of %s; attempts %s: %s: guard <%s> but Resilience4j <%s>",
                seed, n, async ? "callAsync" : "call", scenario, script, what, guard, resilience4j),
            resilience4j,
            guard);
      }
    }

    private String ourSync() {
      try {
        return "value " + ours.call(this::playOurs);
      } catch (RuntimeException e) {
        return describe(e);
      }
    }

    private String ourAsync() {
      CompletableFuture<Object> f =
          ours.callAsync(
                  () -> {
                    try {
                      return CompletableFuture.completedFuture(playOurs());
                    } catch (RuntimeException e) {
                      return CompletableFuture.failedFuture(e);
                    }
                  })
              .toCompletableFuture();
      same("an async call with no waits is done at once", f.isDone(), true);
      try {
        return "value " + f.join();
      } catch (CompletionException e) {
        return describe(e.getCause());
      }
    }

    private static String describe(Throwable e) {
      if (e instanceof GuardException) {
        Outcome o = ((GuardException) e).outcome();
        if (o == Outcome.REJECTED_BY_CIRCUIT_BREAKER) {
          return "rejected by the circuit breaker";
        }
        if (o == Outcome.REJECTED_BY_RATE_LIMITER) {
          return "rejected by the rate limiter";
        }
        if (o == Outcome.FAILURE && e.getCause() instanceof MaxRetriesExceededException) {
          return "failed: retries exhausted";
        }
        return "guard " + o;
      }
      return "threw " + e.getClass().getSimpleName();
    }

    @Override
    public void close() {
      ship.close();
    }
  }
}
