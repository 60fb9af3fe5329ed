package dev.shipshape.core.telemetry;

import dev.shipshape.slo.Severity;
import dev.shipshape.slo.SloAlertEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A burn-rate alert pair of an SLO started ({@link SloAlertFired}) or stopped ({@link
 * SloAlertResolved}) firing. Both carry the slo module's {@link SloAlertEvent}: the pair (severity
 * and windows), the burn rates seen, the budget consumed and the SLO's runbook, so a log line or
 * span says which window pair fired, why, and where to look.
 */
public sealed interface SloAlertChange extends TelemetryEvent
    permits SloAlertFired, SloAlertResolved {

  /**
   * The change as the slo module reported it.
   *
   * @return the alert event
   */
  SloAlertEvent alert();

  /**
   * The SLO's name.
   *
   * @return the name
   */
  default String slo() {
    return alert().slo();
  }

  /**
   * The pair's severity.
   *
   * @return {@link Severity#PAGE} or {@link Severity#TICKET}
   */
  default Severity severity() {
    return alert().severity();
  }

  /**
   * The pair's long window.
   *
   * @return the long window, such as one hour
   */
  default Duration longWindow() {
    return alert().longWindow();
  }

  /**
   * The pair's short window.
   *
   * @return the short window, such as five minutes
   */
  default Duration shortWindow() {
    return alert().shortWindow();
  }

  /**
   * The burn rate both windows had to exceed.
   *
   * @return the factor, such as 14.4
   */
  default double factor() {
    return alert().factor();
  }

  /**
   * The burn rate seen over the long window.
   *
   * @return the burn rate
   */
  default double longBurnRate() {
    return alert().longBurnRate();
  }

  /**
   * The burn rate seen over the short window.
   *
   * @return the burn rate
   */
  default double shortBurnRate() {
    return alert().shortBurnRate();
  }

  /**
   * The fraction of the whole period's budget spent within the long window.
   *
   * @return the fraction, {@code longBurnRate * longWindow / sloWindow}
   */
  default double windowBudgetConsumed() {
    return alert().windowBudgetConsumed();
  }

  /**
   * The fraction of the budget spent over the SLO window so far.
   *
   * @return the fraction
   */
  default double periodBudgetConsumed() {
    return alert().periodBudgetConsumed();
  }

  /**
   * The SLO's runbook, where an on-call engineer finds what to do.
   *
   * @return the URL, or empty when the SLO has none
   */
  default Optional<String> runbookUrl() {
    return alert().runbook();
  }

  @Override
  default Instant at() {
    return alert().at();
  }

  /**
   * Whether the pair is firing after this change.
   *
   * @return true for {@link SloAlertFired}
   */
  boolean firing();
}
