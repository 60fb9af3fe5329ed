package dev.shipshape.core.telemetry;

import dev.shipshape.slo.SloSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An SLO's error budget over its window became exhausted (it was not at the previous evaluation).
 * Informational: the facade never takes an instance out of service because of it.
 *
 * @param snapshot the SLO's state at that evaluation, as the slo module reported it
 */
public record SloBudgetExhausted(SloSnapshot snapshot) implements TelemetryEvent {

  /**
   * Validates the component.
   *
   * @param snapshot the SLO's state
   */
  public SloBudgetExhausted {
    Objects.requireNonNull(snapshot, "snapshot");
  }

  /**
   * The SLO's name.
   *
   * @return the name
   */
  public String slo() {
    return snapshot.slo();
  }

  /**
   * The target good ratio, such as 0.999.
   *
   * @return the objective
   */
  public double objective() {
    return snapshot.objective();
  }

  /**
   * The SLO window, such as 28 days.
   *
   * @return the window
   */
  public Duration window() {
    return snapshot.window();
  }

  /**
   * Good events (or slices) in the window.
   *
   * @return the count
   */
  public long good() {
    return snapshot.counts().good();
  }

  /**
   * Bad events (or slices) in the window.
   *
   * @return the count
   */
  public long bad() {
    return snapshot.counts().bad();
  }

  /**
   * The fraction of the budget left, zero or negative.
   *
   * @return the fraction
   */
  public double budgetRemaining() {
    return snapshot.budgetRemaining();
  }

  @Override
  public Instant at() {
    return snapshot.at();
  }

  @Override
  public Kind kind() {
    return Kind.SLO_BUDGET_EXHAUSTED;
  }
}
