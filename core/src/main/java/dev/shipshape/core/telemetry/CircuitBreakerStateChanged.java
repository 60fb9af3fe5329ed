package dev.shipshape.core.telemetry;

import dev.shipshape.core.guard.CircuitBreakerSnapshot;
import java.time.Instant;
import java.util.Objects;

/**
 * A guard's circuit breaker moved from one state to another.
 *
 * @param guard the guard's name
 * @param from the previous state
 * @param to the new state
 * @param at when the transition happened
 */
public record CircuitBreakerStateChanged(
    String guard, CircuitBreakerSnapshot.State from, CircuitBreakerSnapshot.State to, Instant at)
    implements TelemetryEvent {

  /**
   * Validates the components.
   *
   * @param guard the guard's name
   * @param from the previous state
   * @param to the new state
   * @param at when it happened
   */
  public CircuitBreakerStateChanged {
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
  }

  /**
   * Whether the breaker now refuses calls: it moved to {@code OPEN} or {@code FORCED_OPEN}.
   *
   * @return true when it opened
   */
  public boolean opened() {
    return to == CircuitBreakerSnapshot.State.OPEN
        || to == CircuitBreakerSnapshot.State.FORCED_OPEN;
  }

  @Override
  public Kind kind() {
    return Kind.CIRCUIT_BREAKER_STATE_CHANGED;
  }
}
