package dev.shipshape.core.telemetry;

import dev.shipshape.slo.SloAlertEvent;
import java.util.Objects;

/**
 * A burn-rate alert pair of an SLO stopped firing: at least one of its windows burns no faster
 * than its factor.
 *
 * @param alert the pair, its burn rates, the budget consumed and the SLO's runbook
 */
public record SloAlertResolved(SloAlertEvent alert) implements SloAlertChange {

  /**
   * Validates the component.
   *
   * @param alert the alert event
   */
  public SloAlertResolved {
    Objects.requireNonNull(alert, "alert");
  }

  @Override
  public boolean firing() {
    return false;
  }

  @Override
  public Kind kind() {
    return Kind.SLO_ALERT_RESOLVED;
  }
}
