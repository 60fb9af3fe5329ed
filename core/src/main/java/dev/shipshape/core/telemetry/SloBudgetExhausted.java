package dev.shipshape.core.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An SLO's error budget over its window became exhausted (it was not at the previous evaluation).
 * Informational: the facade never takes an instance out of service because of it.
 *
 * @param slo the SLO's name
 * @param objective the target good ratio, such as 0.999
 * @param window the SLO window, such as 28 days
 * @param good good events (or slices) in the window
 * @param bad bad events (or slices) in the window
 * @param budgetRemaining the fraction of the budget left, zero or negative
 * @param at when it was seen
 */
public record SloBudgetExhausted(
    String slo,
    double objective,
    Duration window,
    long good,
    long bad,
    double budgetRemaining,
    Instant at)
    implements TelemetryEvent {

  /**
   * Validates the components.
   *
   * @param slo the SLO's name
   * @param objective the objective
   * @param window the SLO window
   * @param good good events
   * @param bad bad events
   * @param budgetRemaining the budget left
   * @param at when it was seen
   */
  public SloBudgetExhausted {
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(at, "at");
  }

  @Override
  public Kind kind() {
    return Kind.SLO_BUDGET_EXHAUSTED;
  }
}
