package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.CircuitBreakerSnapshot;
import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.core.telemetry.TelemetryEvent;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.TransitionCheckResult;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker: a permission per attempt, and every attempt that ran recorded with its
 * duration on the application's ticker.
 *
 * <p>State changes are reported by comparing the state after each permission and each record
 * with the last state reported, rather than by a Resilience4j event consumer: with a consumer
 * registered, Resilience4j would build an event for every recorded call.
 */
final class BreakerStage implements Stage {

  /** Resilience4j's defaults, to tell which options a configuration sets. */
  private static final CircuitBreakerConfig R4J_DEFAULT = CircuitBreakerConfig.ofDefaults();

  private final String name;
  private final GuardRuntime rt;
  private final CircuitBreaker breaker;
  /**
   * Whether the configuration looks at returned values ({@code recordResult} or {@code
   * transitionOnResult}); when not, a returned value is recorded with {@code onSuccess}, which
   * costs nothing more.
   */
  private final boolean judgesResults;
  /** The last state reported to telemetry; null when no sink wants state changes. */
  private final @Nullable AtomicReference<CircuitBreaker.State> reported;

  BreakerStage(
      String name, CircuitBreakerConfig config, Predicate<Throwable> successOn, GuardRuntime rt) {
    this.name = name;
    this.rt = rt;
    this.breaker = newBreaker(config, successOn);
    this.judgesResults =
        config.getRecordResultPredicate() != R4J_DEFAULT.getRecordResultPredicate()
            || config.getTransitionOnResult() != R4J_DEFAULT.getTransitionOnResult();
    this.reported =
        rt.telemetry.wants(TelemetryEvent.Kind.CIRCUIT_BREAKER_STATE_CHANGED)
            ? new AtomicReference<>(breaker.getState())
            : null;
  }

  /**
   * The user's configuration on the application's clock and ticker (the builder refuses a clock or
   * timestamp function of the user's own), with exceptions that {@code successOn} maps to success
   * left out of the recorded ones, so the breaker records them as successes and offers them to
   * {@code transitionOnResult}, as it does for exceptions outside {@code recordExceptions}. A
   * {@code recordExceptions} or result predicate or a transition function that throws (an error
   * too) counts as "not a failure" and "no transition"; a transition to open that names no wait
   * opens for the configured open-state wait, as {@code TransitionCheckResult.transitionToOpen()}
   * documents.
   */
  private CircuitBreaker newBreaker(CircuitBreakerConfig c, Predicate<Throwable> successOn) {
    Predicate<Throwable> recorded = c.getRecordExceptionPredicate();
    CircuitBreakerConfig.Builder b =
        CircuitBreakerConfig.from(c)
            .clock(rt.clock)
            .currentTimestampFunction(clock -> rt.ticker.read(), TimeUnit.NANOSECONDS)
            .recordException(
                e ->
                    Settled.holds(recorded, e)
                        && (e instanceof DeadlineStage.DeadlineExceeded
                            || !Settled.holds(successOn, e)))
            // the predicate above already holds the configured classes
            .recordExceptions();
    if (c.getRecordResultPredicate() != R4J_DEFAULT.getRecordResultPredicate()) {
      Predicate<Object> isFailure = c.getRecordResultPredicate();
      b.recordResult(
          v -> {
            try {
              return isFailure.test(v);
            } catch (VirtualMachineError e) {
              throw e;
            } catch (RuntimeException | Error e) {
              return false;
            }
          });
    }
    if (c.getTransitionOnResult() != R4J_DEFAULT.getTransitionOnResult()) {
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
              if (t.isTransitionToOpen()
                  && t.getWaitDuration() == null
                  && t.getWaitUntil() == null) {
                return TransitionCheckResult.transitionToOpenAndWaitFor(openWait);
              }
              return t;
            } catch (VirtualMachineError e) {
              throw e;
            } catch (RuntimeException | Error e) {
              return TransitionCheckResult.noTransition();
            }
          });
    }
    return CircuitBreaker.of(name, b.build());
  }

  @Override
  public long acquire() {
    boolean permitted = breaker.tryAcquirePermission();
    // a permission moves the breaker only from open to half-open; records make every other move
    AtomicReference<CircuitBreaker.State> last = reported;
    if (last != null && last.get() == CircuitBreaker.State.OPEN) {
      reportStateChange();
    }
    return permitted ? PROCEED : -1;
  }

  @Override
  public GuardException rejection() {
    return new GuardException(
        name,
        Outcome.REJECTED_BY_CIRCUIT_BREAKER,
        "guard '" + name + "' circuit breaker is " + breaker.getState(),
        CallNotPermittedException.createCallNotPermittedException(breaker));
  }

  @Override
  public void record(@Nullable Object value, @Nullable Throwable failure, long nanos) {
    if (failure != null) {
      // exceptions mapped to success are not among the breaker's recorded ones (newBreaker)
      breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
    } else if (judgesResults) {
      breaker.onResult(nanos, TimeUnit.NANOSECONDS, value);
    } else {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }
    reportStateChange();
  }

  @Override
  public void release() {
    breaker.releasePermission();
  }

  /**
   * Gives the permission back without recording the attempt. Resilience4j's own decorators keep it
   * when a call throws an {@code Error}; in the half-open state each kept permission is one trial
   * call fewer, and once they are all kept the breaker refuses every call for good.
   */
  @Override
  public void abandon() {
    breaker.releasePermission();
  }

  /** Emits the change from the last state reported to the current one, once. */
  private void reportStateChange() {
    AtomicReference<CircuitBreaker.State> last = reported;
    if (last == null) {
      return;
    }
    CircuitBreaker.State now = breaker.getState();
    CircuitBreaker.State before = last.get();
    if (before != now && last.compareAndSet(before, now)) {
      rt.telemetry.emit(
          new CircuitBreakerStateChanged(name, ours(before), ours(now), rt.clock.instant()));
    }
  }

  private static CircuitBreakerSnapshot.State ours(CircuitBreaker.State state) {
    return CircuitBreakerSnapshot.State.valueOf(state.name());
  }

  /** The breaker's state and metrics now. */
  CircuitBreakerSnapshot snapshot() {
    CircuitBreaker.Metrics m = breaker.getMetrics();
    return new CircuitBreakerSnapshot(
        ours(breaker.getState()),
        m.getFailureRate(),
        m.getSlowCallRate(),
        m.getNumberOfBufferedCalls(),
        m.getNumberOfFailedCalls(),
        m.getNumberOfSuccessfulCalls(),
        m.getNumberOfSlowCalls(),
        m.getNumberOfNotPermittedCalls());
  }
}
