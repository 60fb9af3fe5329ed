package dev.shipshape.core.telemetry;

import dev.shipshape.slo.SloAlertEvent;
import java.util.Objects;

/**
 * A burn-rate alert pair of an SLO started firing: both of its windows burn the error budget
 * faster than its factor.
 *
 * @param alert the pair, its burn rates, the budget consumed and the SLO's runbook
 */
public record SloAlertFired(SloAlertEvent alert) implements SloAlertChange {

  /**
   * Validates the component.
   *
   * @param alert the alert event
   */
  public SloAlertFired {
    Objects.requireNonNull(alert, "alert");
  }

  @Override
  public boolean firing() {
    return true;
  }

  @Override
  public Kind kind() {
    return Kind.SLO_ALERT_FIRED;
  }
}
