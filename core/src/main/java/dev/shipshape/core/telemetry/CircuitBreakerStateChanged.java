package dev.shipshape.core.telemetry;

import java.time.Instant;
import java.util.Objects;

/**
 * A guard's circuit breaker moved from one state to another.
 *
 * @param guard the guard's name
 * @param from the previous state, named as Resilience4j names it ({@code CLOSED}, {@code OPEN},
 *     {@code HALF_OPEN}, {@code DISABLED}, {@code FORCED_OPEN}, {@code METRICS_ONLY})
 * @param to the new state, named the same way
 * @param at when the transition happened
 */
public record CircuitBreakerStateChanged(String guard, String from, String to, Instant at)
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

  @Override
  public Kind kind() {
    return Kind.CIRCUIT_BREAKER_STATE_CHANGED;
  }
}
