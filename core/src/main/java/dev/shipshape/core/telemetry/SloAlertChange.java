package dev.shipshape.core.telemetry;

import java.time.Duration;

/**
 * A burn-rate alert pair of an SLO started ({@link SloAlertFired}) or stopped ({@link
 * SloAlertResolved}) firing. Both carry the pair (severity and windows), the burn rates seen and
 * the budget consumed, so a log line or span says which window pair fired and why.
 */
public sealed interface SloAlertChange extends TelemetryEvent
    permits SloAlertFired, SloAlertResolved {

  /**
   * The SLO's name.
   *
   * @return the name
   */
  String slo();

  /**
   * The pair's severity label, as in the generated alerting rules.
   *
   * @return {@code page} or {@code ticket}
   */
  String severity();

  /**
   * The pair's long window.
   *
   * @return the long window, such as one hour
   */
  Duration longWindow();

  /**
   * The pair's short window.
   *
   * @return the short window, such as five minutes
   */
  Duration shortWindow();

  /**
   * The burn rate both windows had to exceed.
   *
   * @return the factor, such as 14.4
   */
  double factor();

  /**
   * The burn rate seen over the long window.
   *
   * @return the burn rate
   */
  double longBurnRate();

  /**
   * The burn rate seen over the short window.
   *
   * @return the burn rate
   */
  double shortBurnRate();

  /**
   * The fraction of the whole period's budget spent within the long window.
   *
   * @return the fraction, {@code longBurnRate * longWindow / sloWindow}
   */
  double windowBudgetConsumed();

  /**
   * The fraction of the budget spent over the SLO window so far.
   *
   * @return the fraction
   */
  double periodBudgetConsumed();

  /**
   * Whether the pair is firing after this change.
   *
   * @return true for {@link SloAlertFired}
   */
  boolean firing();
}
