package dev.shipshape.core.guard;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A named guard: makes calls to one dependency through Resilience4j's patterns, on the
 * application's clock, and reports each call to telemetry and (optionally) an SLO.
 *
 * <p>The patterns compose in a fixed order, outermost first:
 *
 * <ol>
 *   <li><b>kill switch and fallback</b>: a switched-off guard makes no call at all, and the
 *       fallback sees the final outcome, after every retry;
 *   <li><b>retry</b>: outside the breaker, so every attempt is counted by the breaker and an opened
 *       breaker stops the retries at once (rejections are never retried);
 *   <li><b>circuit breaker</b>: outside the rate limiter and bulkhead, so an open breaker spends no
 *       permit or slot, and local rejections are not recorded as the dependency's failures;
 *   <li><b>rate limiter</b>, then <b>bulkhead</b>: each attempt takes a permit, then a slot that is
 *       held only while the attempt runs;
 *   <li><b>timeout</b>: innermost, so each attempt has its own deadline and a timeout is a failure
 *       the breaker and the retry see.
 * </ol>
 *
 * <p>Outcomes: a call returns the callee's value, or the fallback's; otherwise an unchecked
 * exception thrown by the callee comes back unchanged, and a rejection, timeout, kill switch or
 * checked failure comes back as a {@link GuardException} naming the outcome.
 *
 * <p>Timeouts: a synchronous call with a timeout runs on an executor thread (the application's
 * bounded daemon pool unless the guard names one) while the caller waits; the deadline is a task on
 * the application's scheduler, so it follows a {@code ManualClock}. When the executor has no free
 * thread, the call is not made and ends with {@code REJECTED_BY_EXECUTOR}. Retry waits and rate
 * limiter waits are scheduler tasks too: a synchronous caller blocks until the task runs.
 *
 * <p>Thread-safe.
 */
public interface Guard {

  /**
   * The guard's name.
   *
   * @return the name
   */
  String name();

  /**
   * The guard's definition.
   *
   * @return the definition
   */
  GuardConfig config();

  /**
   * Calls {@code call} through the guard, using the guard's fallback (if any) when it does not
   * succeed.
   *
   * @param <T> the result type
   * @param call the call
   * @return the call's result, or the fallback's
   * @throws GuardException when the call was rejected, timed out, switched off, failed with a
   *     checked exception or was ended by closing the application, and there is no fallback
   * @throws RuntimeException the callee's own unchecked exception when it failed and there is
   *     no fallback
   */
  <T> T call(Supplier<? extends T> call);

  /**
   * Calls {@code call} through the guard, using {@code fallback} when it does not succeed.
   *
   * @param <T> the result type
   * @param call the call
   * @param fallback from the exception that ended the call to the caller's result
   * @return the call's result, or the fallback's
   */
  <T> T call(Supplier<? extends T> call, Function<? super Throwable, ? extends T> fallback);

  /**
   * Runs {@code action} through the guard; the guard's fallback, if any, is run for its side
   * effects and its result ignored.
   *
   * @param action the action
   * @throws GuardException or the action's own unchecked exception, as for {@link
   *     #call(Supplier)}
   */
  void run(Runnable action);

  /**
   * Calls an asynchronous operation through the guard. Nothing blocks: waits and deadlines are
   * scheduler tasks, and retries start on the guard's executor.
   *
   * @param <T> the result type
   * @param call starts the operation
   * @return a stage completed with the operation's result, the fallback's, or the exception
   */
  <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> call);

  /**
   * Calls an asynchronous operation through the guard with a per-call fallback.
   *
   * @param <T> the result type
   * @param call starts the operation
   * @param fallback from the exception that ended the call to the caller's result
   * @return a stage completed with the operation's result or the fallback's
   */
  <T> CompletionStage<T> callAsync(
      Supplier<? extends CompletionStage<T>> call,
      Function<? super Throwable, ? extends T> fallback);

  /**
   * A snapshot of the guard's circuit breaker (its state, failure and slow-call rates and call
   * counts), taken now, when the guard has a breaker. Each call takes a new snapshot; a snapshot
   * never changes.
   *
   * @return the breaker's state and metrics at this moment, or empty when the guard has no breaker
   */
  Optional<CircuitBreakerSnapshot> circuitBreaker();
}
