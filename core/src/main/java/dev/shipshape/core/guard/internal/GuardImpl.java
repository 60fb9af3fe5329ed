package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.Guard;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ScheduledTask;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.TransitionCheckResult;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.MaxRetriesExceededException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The guard engine: composes the Resilience4j primitives through their permission APIs
 * (acquire, record, release) instead of their decorators, so every wait and deadline goes
 * through the application's scheduler and every duration through its ticker.
 */
public final class GuardImpl implements Guard {

  /** How one attempt ended, before it becomes a call's outcome. */
  private enum Settled {
    SUCCESS,
    SUCCESS_BY_MAPPING,
    FAILURE,
    TIMEOUT
  }

  /** Completes an attempt's future when the deadline fires; never thrown by user code. */
  static final class DeadlineExceeded extends TimeoutException {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded(String guard, Duration timeout) {
      super("guard '" + guard + "' attempt did not finish within " + timeout);
    }
  }

  private final GuardConfig config;
  private final GuardRuntime rt;
  private final String name;
  private final @Nullable CircuitBreaker breaker;
  /**
   * Whether the breaker's configuration looks at returned values ({@code recordResult} or {@code
   * transitionOnResult}); when not, a returned value is recorded with {@code onSuccess}, which
   * costs nothing more.
   */
  private final boolean breakerJudgesResults;
  private final @Nullable Retry retry;
  private final @Nullable Predicate<Object> retryOnResult;
  private final @Nullable Bulkhead bulkhead;
  private final @Nullable RateLimiter limiter;
  private final @Nullable Duration timeout;
  private final boolean cancelRunning;
  private final @Nullable Slo slo;
  private final @Nullable Executor ownExecutor;
  private final @Nullable String killSwitchFlag;
  private final boolean emitsCalls;
  private final String waitTask;
  private final String timeoutTask;

  GuardImpl(GuardConfig config, GuardRuntime rt) {
    this.config = config;
    this.rt = rt;
    this.name = config.name();
    this.waitTask = "guard-wait-" + name;
    this.timeoutTask = "guard-timeout-" + name;
    CircuitBreakerConfig breakerConfig = config.circuitBreaker().orElse(null);
    this.breaker = breakerConfig == null ? null : newBreaker(breakerConfig);
    this.breakerJudgesResults = breakerConfig != null && judgesResults(breakerConfig);
    this.retry = config.retry().map(c -> Retry.of(name, c)).orElse(null);
    this.retryOnResult = retry == null ? null : retry.getRetryConfig().<Object>getResultPredicate();
    this.bulkhead = config.bulkhead().map(c -> Bulkhead.of(name, c)).orElse(null);
    this.limiter =
        config.rateLimiter().map(c -> RateLimiter.of(name, c, rt.ticker::read)).orElse(null);
    TimeLimiterConfig tl = config.timeLimiter().orElse(null);
    this.timeout = tl == null ? null : tl.getTimeoutDuration();
    this.cancelRunning = tl != null && tl.shouldCancelRunningFuture();
    this.slo = config.slo().map(rt.slos::get).orElse(null);
    this.ownExecutor = config.executor().orElse(null);
    this.killSwitchFlag = config.killSwitchFlag().orElse(null);
    this.emitsCalls = rt.telemetry.wants(TelemetryEvent.Kind.GUARDED_CALL_COMPLETED);
    if (breaker != null && rt.telemetry.wants(TelemetryEvent.Kind.CIRCUIT_BREAKER_STATE_CHANGED)) {
      breaker
          .getEventPublisher()
          .onStateTransition(
              e ->
                  rt.telemetry.emit(
                      new CircuitBreakerStateChanged(
                          name,
                          e.getStateTransition().getFromState(),
                          e.getStateTransition().getToState(),
                          rt.clock.instant())));
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public GuardConfig config() {
    return config;
  }

  @Override
  public Optional<CircuitBreaker> circuitBreaker() {
    return Optional.ofNullable(breaker);
  }

  @Override
  public String toString() {
    return "Guard{" + name + "}";
  }

  /**
   * The guard's breaker: the user's configuration on the application's clock and ticker (the
   * builder refuses a clock or timestamp function of the user's own), with exceptions that {@code
   * successOn} maps to success left out of the recorded ones, so the breaker records them as
   * successes and offers them to {@code transitionOnResult}, as it does for exceptions outside
   * {@code recordExceptions}. A result predicate or transition function that throws counts as
   * "not a failure" and "no transition"; a transition to open that names no wait opens for the
   * configured open-state wait, as {@code TransitionCheckResult.transitionToOpen()} documents.
   */
  private CircuitBreaker newBreaker(CircuitBreakerConfig c) {
    Predicate<Throwable> recorded = c.getRecordExceptionPredicate();
    CircuitBreakerConfig.Builder b =
        CircuitBreakerConfig.from(c)
            .clock(rt.clock)
            .currentTimestampFunction(clock -> rt.ticker.read(), TimeUnit.NANOSECONDS)
            .recordException(
                e -> recorded.test(e) && (e instanceof DeadlineExceeded || !isSuccess(e)))
            // the predicate above already holds the configured classes
            .recordExceptions();
    if (c.getRecordResultPredicate() != R4J_DEFAULT_BREAKER.getRecordResultPredicate()) {
      Predicate<Object> isFailure = c.getRecordResultPredicate();
      b.recordResult(
          v -> {
            try {
              return isFailure.test(v);
            } catch (RuntimeException e) {
              return false;
            }
          });
    }
    if (c.getTransitionOnResult() != R4J_DEFAULT_BREAKER.getTransitionOnResult()) {
      Function<Either<Object, Throwable>, TransitionCheckResult> transition =
          c.getTransitionOnResult();
      // transitionToOpen() promises the open state's configured wait, but Resilience4j 2.4 throws
      // on a result that names no wait: it gets that wait here
      Duration openWait = Duration.ofMillis(c.getWaitIntervalFunctionInOpenState().apply(1));
      b.transitionOnResult(
          r -> {
            try {
              TransitionCheckResult t = transition.apply(r);
              if (t == null) {
                return TransitionCheckResult.noTransition();
              }
              if (t.isTransitionToOpen() && t.getWaitDuration() == null && t.getWaitUntil() == null) {
                return TransitionCheckResult.transitionToOpenAndWaitFor(openWait);
              }
              return t;
            } catch (RuntimeException e) {
              return TransitionCheckResult.noTransition();
            }
          });
    }
    return CircuitBreaker.of(name, b.build());
  }

  /** Resilience4j's defaults, to tell which options a configuration sets. */
  private static final CircuitBreakerConfig R4J_DEFAULT_BREAKER = CircuitBreakerConfig.ofDefaults();

  private static boolean judgesResults(CircuitBreakerConfig c) {
    return c.getRecordResultPredicate() != R4J_DEFAULT_BREAKER.getRecordResultPredicate()
        || c.getTransitionOnResult() != R4J_DEFAULT_BREAKER.getTransitionOnResult();
  }

  // ---------------------------------------------------------------- synchronous calls

  @Override
  public <T> T call(Supplier<? extends T> call) {
    return callSync(call, this.<T>guardFallback());
  }

  @Override
  public <T> T call(Supplier<? extends T> call, Function<? super Throwable, ? extends T> fallback) {
    return callSync(call, fallback);
  }

  @Override
  public void run(Runnable action) {
    Supplier<@Nullable Object> wrapped =
        () -> {
          action.run();
          return null;
        };
    this.<@Nullable Object>callSync(wrapped, this.<@Nullable Object>guardFallback());
  }

  private <T> T callSync(
      Supplier<? extends T> call, @Nullable Function<? super Throwable, ? extends T> fallback) {
    // Two clock readings for a call that succeeds at once: its start, which is also the first
    // attempt's start, and its end, which is also the first attempt's end.
    long start = rt.ticker.read();
    if (switchedOff()) {
      return end(start, rt.ticker.read(), Outcome.DISABLED_BY_FLAG, 0, null, disabled(), fallback)
          .get();
    }
    // the retry's context is made when an attempt needs it: a call that succeeds at once has none
    Retry.AsyncContext<Object> rc = null;
    int attempts = 0;
    boolean waited = false;
    while (true) {
      GuardException rejected = acquireBreakerAndLimiterSync();
      if (rejected == null) {
        rejected = acquireBulkhead();
      }
      if (rejected != null) {
        return end(start, rt.ticker.read(), rejected.outcome(), attempts, null, rejected, fallback)
            .get();
      }
      attempts++;
      // after a retry wait or a rate limiter (which may have waited) the attempt starts now
      long t0 = waited || limiter != null ? rt.ticker.read() : start;
      T value = null;
      Throwable failure = null;
      if (timeout == null) {
        try {
          value = call.get();
        } catch (VirtualMachineError e) {
          releaseBulkhead();
          throw e;
        } catch (Throwable e) {
          failure = e;
        }
      } else {
        CompletableFuture<T> f = runUnderDeadline(call);
        try {
          value = f.get();
        } catch (ExecutionException e) {
          failure = e.getCause() == null ? e : e.getCause();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          f.cancel(true);
          failure = e;
        } catch (java.util.concurrent.CancellationException e) {
          failure = e;
        }
      }
      if (failure instanceof NoThread) {
        releaseBulkhead();
        releaseBreaker();
        attempts--;
        GuardException noThread =
            noThread("run the call under its timeout", failure.getCause());
        return end(start, rt.ticker.read(), noThread.outcome(), attempts, null, noThread, fallback)
            .get();
      }
      long t1 = rt.ticker.read();
      Settled settled = settle(value, failure, t1 - t0);
      if (rc == null && retry != null && !doneWithoutRetry(settled, value)) {
        rc = retry.asyncContext();
      }
      long delayMillis = retryDelay(rc, settled, value, failure);
      if (delayMillis >= 0) {
        GuardException interrupted = awaitSync(Duration.ofMillis(delayMillis));
        if (interrupted == null) {
          waited = true;
          continue;
        }
        return end(start, rt.ticker.read(), Outcome.FAILURE, attempts, null, interrupted, fallback)
            .get();
      }
      if (delayMillis == RETRIES_EXHAUSTED) {
        return end(start, t1, Outcome.FAILURE, attempts, null, retriesExhausted(attempts), fallback)
            .get();
      }
      if (settled == Settled.SUCCESS) {
        succeeded(t1 - start, attempts);
        return value;
      }
      return end(start, t1, outcomeOf(settled), attempts, value, failure, fallback).get();
    }
  }

  /** Runs {@code call} on the executor; the scheduler completes the future at the deadline. */
  private <T> CompletableFuture<T> runUnderDeadline(Supplier<? extends T> call) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Job<T> job = new Job<>(call, f);
    Duration limit = timeout;
    ScheduledTask deadline =
        rt.schedule(
            timeoutTask,
            limit,
            () -> {
              if (f.completeExceptionally(new DeadlineExceeded(name, limit))) {
                job.cancel(cancelRunning);
              }
            },
            f);
    if (deadline != null) {
      f.whenComplete((v, e) -> deadline.cancel());
    }
    try {
      executor().execute(job);
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new NoThread(e));
    }
    return f;
  }

  /** The executor refused to run a call under its timeout; never thrown by user code. */
  private static final class NoThread extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoThread(RejectedExecutionException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** A task that hands its result to a future; cancelling it interrupts the running call. */
  private static final class Job<T> extends FutureTask<T> {
    private final CompletableFuture<T> result;

    Job(Supplier<? extends T> call, CompletableFuture<T> result) {
      super(call::get);
      this.result = result;
    }

    @Override
    protected void done() {
      if (isCancelled()) {
        return;
      }
      try {
        result.complete(get());
      } catch (ExecutionException e) {
        result.completeExceptionally(e.getCause() == null ? e : e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        result.completeExceptionally(e);
      }
    }
  }

  private @Nullable GuardException acquireBreakerAndLimiterSync() {
    GuardException rejected = acquireBreaker();
    if (rejected != null) {
      return rejected;
    }
    if (limiter == null) {
      return null;
    }
    long waitNanos = limiter.reservePermission();
    if (waitNanos < 0) {
      releaseBreaker();
      return new GuardException(
          name,
          Outcome.REJECTED_BY_RATE_LIMITER,
          "guard '" + name + "' rate limiter has no permit",
          RequestNotPermitted.createRequestNotPermitted(limiter));
    }
    if (waitNanos > 0) {
      GuardException interrupted = awaitSync(Duration.ofNanos(waitNanos));
      if (interrupted != null) {
        releaseBreaker();
        return interrupted;
      }
    }
    return null;
  }

  private @Nullable GuardException awaitSync(Duration delay) {
    CompletableFuture<Void> f = rt.sleep(waitTask, delay);
    try {
      f.get();
      return null;
    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
      return new GuardException(
          name, Outcome.FAILURE, "guard '" + name + "' stopped waiting: guards are closed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return new GuardException(
          name, Outcome.FAILURE, "guard '" + name + "' was interrupted while waiting", e);
    }
  }

  // ---------------------------------------------------------------- asynchronous calls

  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> call) {
    return callAsyncWith(call, this.<T>guardFallback());
  }

  @Override
  public <T> CompletionStage<T> callAsync(
      Supplier<? extends CompletionStage<T>> call,
      Function<? super Throwable, ? extends T> fallback) {
    return callAsyncWith(call, fallback);
  }

  private <T> CompletionStage<T> callAsyncWith(
      Supplier<? extends CompletionStage<T>> call,
      @Nullable Function<? super Throwable, ? extends T> fallback) {
    AsyncCall<T> c = new AsyncCall<>(call, fallback);
    c.begin();
    return c.result;
  }

  /** One asynchronous call in progress: each step continues from a callback or scheduler task. */
  private final class AsyncCall<T> {
    final Supplier<? extends CompletionStage<T>> call;
    final @Nullable Function<? super Throwable, ? extends T> fallback;
    final CompletableFuture<T> result = new CompletableFuture<>();
    final long start = rt.ticker.read();
    final Retry.@Nullable AsyncContext<Object> rc = retry == null ? null : retry.asyncContext();
    int attempts;

    AsyncCall(
        Supplier<? extends CompletionStage<T>> call,
        @Nullable Function<? super Throwable, ? extends T> fallback) {
      this.call = call;
      this.fallback = fallback;
    }

    void begin() {
      if (switchedOff()) {
        finish(Outcome.DISABLED_BY_FLAG, null, disabled());
        return;
      }
      attempt();
    }

    void attempt() {
      GuardException rejected = acquireBreaker();
      if (rejected != null) {
        finish(rejected.outcome(), null, rejected);
        return;
      }
      long waitNanos = 0;
      if (limiter != null) {
        waitNanos = limiter.reservePermission();
        if (waitNanos < 0) {
          releaseBreaker();
          GuardException r =
              new GuardException(
                  name,
                  Outcome.REJECTED_BY_RATE_LIMITER,
                  "guard '" + name + "' rate limiter has no permit",
                  RequestNotPermitted.createRequestNotPermitted(limiter));
          finish(r.outcome(), null, r);
          return;
        }
      }
      if (waitNanos == 0) {
        enter();
        return;
      }
      rt.sleep(waitTask, Duration.ofNanos(waitNanos))
          .whenComplete(
              (v, e) -> {
                if (e != null) {
                  releaseBreaker();
                  finish(Outcome.FAILURE, null, closedWhileWaiting(e));
                } else {
                  continueOnExecutor(this::enter);
                }
              });
    }

    void enter() {
      GuardException rejected = acquireBulkhead();
      if (rejected != null) {
        finish(rejected.outcome(), null, rejected);
        return;
      }
      attempts++;
      long t0 = rt.ticker.read();
      CompletionStage<T> stage;
      try {
        stage = call.get();
        if (stage == null) {
          throw new NullPointerException("guard '" + name + "' call returned no CompletionStage");
        }
      } catch (VirtualMachineError e) {
        releaseBulkhead();
        throw e;
      } catch (Throwable e) {
        settled(t0, null, e);
        return;
      }
      CompletableFuture<T> f = new CompletableFuture<>();
      CompletionStage<T> started = stage;
      if (timeout != null) {
        Duration limit = timeout;
        ScheduledTask deadline =
            rt.schedule(
                timeoutTask,
                limit,
                () -> offScheduler(() -> expire(f, started, limit)),
                f);
        if (deadline != null) {
          f.whenComplete((v, e) -> deadline.cancel());
        }
      }
      started.whenComplete(
          (v, e) -> {
            if (e == null) {
              f.complete(v);
            } else {
              f.completeExceptionally(unwrap(e));
            }
          });
      f.whenComplete((v, e) -> settled(t0, v, e == null ? null : unwrap(e)));
    }

    /** Ends an attempt at its deadline; runs on the executor, off the scheduler's thread. */
    void expire(CompletableFuture<T> f, CompletionStage<T> started, Duration limit) {
      if (f.completeExceptionally(new DeadlineExceeded(name, limit)) && cancelRunning) {
        try {
          started.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException ignored) {
          // a stage that cannot be cancelled keeps running; its result is ignored
        }
      }
    }

    void settled(long t0, @Nullable T value, @Nullable Throwable failure) {
      Settled s = settle(value, failure, rt.ticker.read() - t0);
      long delayMillis = retryDelay(rc, s, value, failure);
      if (delayMillis == RETRIES_EXHAUSTED) {
        finish(Outcome.FAILURE, null, retriesExhausted(attempts));
      } else if (delayMillis < 0) {
        finish(outcomeOf(s), value, failure);
      } else if (delayMillis == 0) {
        continueOnExecutor(this::attempt);
      } else {
        rt.sleep(waitTask, Duration.ofMillis(delayMillis))
            .whenComplete(
                (v, e) -> {
                  if (e != null) {
                    finish(Outcome.FAILURE, null, closedWhileWaiting(e));
                  } else {
                    continueOnExecutor(this::attempt);
                  }
                });
      }
    }

    void continueOnExecutor(Runnable step) {
      try {
        executor().execute(step);
      } catch (RejectedExecutionException e) {
        finish(Outcome.REJECTED_BY_EXECUTOR, null, noThread("continue the call", e));
      }
    }

    void finish(Outcome outcome, @Nullable T value, @Nullable Throwable failure) {
      Ending<T> ending;
      try {
        ending = end(start, rt.ticker.read(), outcome, attempts, value, failure, fallback);
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
        return;
      }
      if (ending.thrown != null) {
        result.completeExceptionally(ending.thrown);
      } else {
        result.complete(ending.value);
      }
    }
  }

  private GuardException noThread(String toDo, @Nullable Throwable cause) {
    return new GuardException(
        name,
        Outcome.REJECTED_BY_EXECUTOR,
        "guard '" + name + "' has no executor thread free to " + toDo,
        cause);
  }

  /**
   * What ends a call whose retry ran out of attempts on results it retries, when its
   * configuration says {@code failAfterMaxAttempts}: a failure caused by Resilience4j's own
   * exception.
   */
  private GuardException retriesExhausted(int attempts) {
    Retry r = retry;
    @Nullable MaxRetriesExceededException cause =
        r == null ? null : MaxRetriesExceededException.createMaxRetriesExceededException(r);
    return new GuardException(
        name,
        Outcome.FAILURE,
        "guard '"
            + name
            + "' gave up after "
            + attempts
            + " attempts: the retry's result predicate still matched (failAfterMaxAttempts)",
        cause);
  }

  private GuardException closedWhileWaiting(Throwable e) {
    return new GuardException(
        name, Outcome.FAILURE, "guard '" + name + "' stopped waiting: guards are closed", e);
  }

  /** Runs {@code step} on the executor, or here when the executor refuses it. */
  private void offScheduler(Runnable step) {
    try {
      executor().execute(step);
    } catch (RejectedExecutionException e) {
      step.run();
    }
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  // ---------------------------------------------------------------- shared steps

  private Executor executor() {
    return ownExecutor != null ? ownExecutor : rt.defaultExecutor();
  }

  private boolean switchedOff() {
    String flag = killSwitchFlag;
    return flag != null && rt.flags != null && !rt.flags.booleanValue(flag, true);
  }

  private GuardException disabled() {
    return new GuardException(
        name,
        Outcome.DISABLED_BY_FLAG,
        "guard '" + name + "' is switched off by flag '" + config.killSwitchFlag().orElse("") + "'",
        null);
  }

  private @Nullable GuardException acquireBreaker() {
    if (breaker != null && !breaker.tryAcquirePermission()) {
      return new GuardException(
          name,
          Outcome.REJECTED_BY_CIRCUIT_BREAKER,
          "guard '" + name + "' circuit breaker is " + breaker.getState(),
          CallNotPermittedException.createCallNotPermittedException(breaker));
    }
    return null;
  }

  private void releaseBreaker() {
    if (breaker != null) {
      breaker.releasePermission();
    }
  }

  /** Takes a bulkhead slot; on rejection gives the breaker's permission back. */
  private @Nullable GuardException acquireBulkhead() {
    if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
      releaseBreaker();
      return new GuardException(
          name,
          Outcome.REJECTED_BY_BULKHEAD,
          "guard '" + name + "' bulkhead is full",
          BulkheadFullException.createBulkheadFullException(bulkhead));
    }
    return null;
  }

  private void releaseBulkhead() {
    if (bulkhead != null) {
      bulkhead.onComplete();
    }
  }

  /** Frees the bulkhead slot, classifies the attempt and records it in the breaker. */
  private Settled settle(@Nullable Object value, @Nullable Throwable failure, long nanos) {
    releaseBulkhead();
    Settled s;
    if (failure == null) {
      s = Settled.SUCCESS;
    } else if (failure instanceof DeadlineExceeded) {
      s = Settled.TIMEOUT;
    } else if (isSuccess(failure)) {
      s = Settled.SUCCESS_BY_MAPPING;
    } else {
      s = Settled.FAILURE;
    }
    if (breaker != null) {
      if (failure != null) {
        // exceptions mapped to success are not among the breaker's recorded ones (newBreaker)
        breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
      } else if (breakerJudgesResults) {
        breaker.onResult(nanos, TimeUnit.NANOSECONDS, value);
      } else {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
      }
    }
    if (limiter != null) {
      if (failure == null) {
        limiter.onResult(value);
      } else {
        limiter.onError(failure);
      }
    }
    return s;
  }

  private boolean isSuccess(Throwable failure) {
    try {
      return config.successOn().test(failure);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether the first attempt's outcome ends the call without the retry having anything to decide:
   * a success whose result the retry does not ask to retry.
   */
  private boolean doneWithoutRetry(Settled s, @Nullable Object value) {
    if (s == Settled.SUCCESS_BY_MAPPING) {
      return true;
    }
    if (s != Settled.SUCCESS) {
      return false;
    }
    Predicate<Object> onResult = retryOnResult;
    if (onResult == null) {
      return true;
    }
    try {
      return !onResult.test(value);
    } catch (RuntimeException e) {
      // the retry would not retry either (see retryDelay)
      return true;
    }
  }

  /** {@link #retryDelay}: the retry ran out of attempts and fails the call. */
  private static final long RETRIES_EXHAUSTED = -2;

  /**
   * The wait before the next attempt in milliseconds, -1 when there is none, or {@link
   * #RETRIES_EXHAUSTED} when a result was still being retried after the last attempt and the
   * retry is configured to fail then ({@code failAfterMaxAttempts}).
   */
  private static long retryDelay(
      Retry.@Nullable AsyncContext<Object> rc,
      Settled s,
      @Nullable Object value,
      @Nullable Throwable failure) {
    if (rc == null) {
      return -1;
    }
    try {
      switch (s) {
        case FAILURE:
        case TIMEOUT:
          return failure == null ? -1 : Math.max(-1, rc.onError(failure));
        case SUCCESS:
          long d = rc.onResult(value);
          if (d < 0) {
            try {
              rc.onComplete();
            } catch (MaxRetriesExceededException e) {
              return RETRIES_EXHAUSTED;
            }
          }
          return Math.max(-1, d);
        case SUCCESS_BY_MAPPING:
        default:
          rc.onComplete();
          return -1;
      }
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static Outcome outcomeOf(Settled s) {
    switch (s) {
      case TIMEOUT:
        return Outcome.TIMEOUT;
      case FAILURE:
        return Outcome.FAILURE;
      default:
        return Outcome.SUCCESS;
    }
  }

  /** A call's result for the caller: a value, or what to throw. */
  private static final class Ending<T> {
    final @Nullable T value;
    final @Nullable RuntimeException thrown;
    final @Nullable Error error;

    Ending(@Nullable T value, @Nullable RuntimeException thrown, @Nullable Error error) {
      this.value = value;
      this.thrown = thrown;
      this.error = error;
    }

    T get() {
      if (error != null) {
        throw error;
      }
      if (thrown != null) {
        throw thrown;
      }
      return value;
    }
  }

  /**
   * Ends a call: records it in the SLO, applies the fallback, emits the telemetry event and
   * decides what the caller gets.
   */
  private <T> Ending<T> end(
      long start,
      long now,
      Outcome outcome,
      int attempts,
      @Nullable T value,
      @Nullable Throwable failure,
      @Nullable Function<? super Throwable, ? extends T> fallback) {
    long total = now - start;
    if (slo != null && outcome != Outcome.DISABLED_BY_FLAG) {
      slo.record(outcome == Outcome.SUCCESS && slo.isGoodLatency(total));
    }
    T result = value;
    Throwable toCaller = null;
    boolean fallbackUsed = false;
    Throwable reported = outcome == Outcome.SUCCESS ? null : failure;
    if (outcome != Outcome.SUCCESS) {
      Throwable cause = forCaller(outcome, failure);
      if (fallback != null) {
        try {
          result = fallback.apply(cause);
          fallbackUsed = true;
        } catch (RuntimeException | Error e) {
          toCaller = e;
        }
      } else {
        toCaller = cause;
      }
      reported = cause;
    } else if (failure != null) {
      toCaller = failure;
    }
    if (emitsCalls) {
      rt.telemetry.emit(
          new GuardedCallCompleted(
              name,
              outcome,
              attempts,
              Duration.ofNanos(Math.max(0, total)),
              reported,
              fallbackUsed,
              rt.clock.instant()));
    }
    if (toCaller == null) {
      return new Ending<>(result, null, null);
    }
    if (toCaller instanceof Error) {
      return new Ending<>(null, null, (Error) toCaller);
    }
    return new Ending<>(null, unchecked(toCaller, outcome), null);
  }

  /** Ends a call that returned a value: what {@link #end} does for it, without the rest. */
  private void succeeded(long total, int attempts) {
    if (slo != null) {
      slo.record(slo.isGoodLatency(total));
    }
    if (emitsCalls) {
      rt.telemetry.emit(
          new GuardedCallCompleted(
              name,
              Outcome.SUCCESS,
              attempts,
              Duration.ofNanos(Math.max(0, total)),
              null,
              false,
              rt.clock.instant()));
    }
  }

  private Throwable forCaller(Outcome outcome, @Nullable Throwable failure) {
    if (outcome == Outcome.TIMEOUT) {
      return new GuardException(
          name,
          Outcome.TIMEOUT,
          "guard '" + name + "' call did not finish within " + timeout,
          failure);
    }
    if (failure == null) {
      return new GuardException(name, outcome, "guard '" + name + "' call ended: " + outcome, null);
    }
    if (failure instanceof RuntimeException || failure instanceof Error) {
      return failure;
    }
    return new GuardException(
        name, outcome, "guard '" + name + "' call failed: " + failure, failure);
  }

  private RuntimeException unchecked(Throwable t, Outcome outcome) {
    if (t instanceof RuntimeException) {
      return (RuntimeException) t;
    }
    return new GuardException(
        name,
        outcome == Outcome.SUCCESS ? Outcome.FAILURE : outcome,
        "guard '" + name + "' call failed: " + t,
        t);
  }

  @SuppressWarnings("unchecked")
  private <T> @Nullable Function<? super Throwable, ? extends T> guardFallback() {
    return (Function<? super Throwable, ? extends T>) config.fallback().orElse(null);
  }
}
