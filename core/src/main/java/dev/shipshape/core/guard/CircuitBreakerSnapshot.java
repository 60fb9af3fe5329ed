package dev.shipshape.core.guard;

/**
 * What a guard's circuit breaker looks like at one moment: its state and the counts and rates of
 * the calls in its current window, as a dashboard or an alert would watch them. Taken by {@link
 * Guard#circuitBreaker()}; immutable, so it never changes after it was taken.
 *
 * @param state the breaker's state
 * @param failureRate the percentage of failed calls in the window, or -1 while the window holds
 *     fewer calls than the breaker's minimum number of calls
 * @param slowCallRate the percentage of slow calls in the window, or -1 while the window holds
 *     fewer calls than the breaker's minimum number of calls
 * @param bufferedCalls the calls in the window
 * @param failedCalls the failed calls in the window
 * @param successfulCalls the successful calls in the window
 * @param slowCalls the slow calls in the window, successful or not
 * @param notPermittedCalls the attempts the breaker refused since it last became closed
 */
public record CircuitBreakerSnapshot(
    State state,
    float failureRate,
    float slowCallRate,
    int bufferedCalls,
    int failedCalls,
    int successfulCalls,
    int slowCalls,
    long notPermittedCalls) {

  /**
   * A circuit breaker's state. A guard's breaker moves between {@link #CLOSED}, {@link #OPEN} and
   * {@link #HALF_OPEN}; it starts in the configuration's initial state, which can also be one of
   * the others.
   */
  public enum State {
    /** Calls go through; failures are counted in the window. */
    CLOSED,
    /** Calls are refused until the open-state wait is over. */
    OPEN,
    /** A few trial calls go through and decide between closed and open. */
    HALF_OPEN,
    /** Every call is refused, until the state is changed. */
    FORCED_OPEN,
    /** Every call goes through and nothing is counted. */
    DISABLED,
    /** Every call goes through and is counted, but the breaker never opens. */
    METRICS_ONLY
  }

  /**
   * Whether the breaker refuses calls in this state ({@link State#OPEN} or {@link
   * State#FORCED_OPEN}).
   *
   * @return true when calls are refused
   */
  public boolean refusesCalls() {
    return state == State.OPEN || state == State.FORCED_OPEN;
  }
}
