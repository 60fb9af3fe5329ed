package dev.shipshape.core.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A burn-rate alert pair of an SLO started firing: both of its windows burn the error budget faster than its factor.
 *
 * @param slo the SLO's name
 * @param severity {@code page} or {@code ticket}
 * @param longWindow the pair's long window
 * @param shortWindow the pair's short window
 * @param factor the burn rate both windows had to exceed
 * @param longBurnRate the burn rate seen over the long window
 * @param shortBurnRate the burn rate seen over the short window
 * @param windowBudgetConsumed the fraction of the period's budget spent within the long window
 * @param periodBudgetConsumed the fraction of the budget spent over the SLO window so far
 * @param at when the change was seen
 */
public record SloAlertFired(
    String slo,
    String severity,
    Duration longWindow,
    Duration shortWindow,
    double factor,
    double longBurnRate,
    double shortBurnRate,
    double windowBudgetConsumed,
    double periodBudgetConsumed,
    Instant at)
    implements SloAlertChange {

  /**
   * Validates the components.
   *
   * @param slo the SLO's name
   * @param severity page or ticket
   * @param longWindow the long window
   * @param shortWindow the short window
   * @param factor the factor
   * @param longBurnRate the long window's burn rate
   * @param shortBurnRate the short window's burn rate
   * @param windowBudgetConsumed budget spent within the long window
   * @param periodBudgetConsumed budget spent over the SLO window
   * @param at when it was seen
   */
  public SloAlertFired {
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(longWindow, "longWindow");
    Objects.requireNonNull(shortWindow, "shortWindow");
    Objects.requireNonNull(at, "at");
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
