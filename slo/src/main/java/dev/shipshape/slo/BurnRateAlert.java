package dev.shipshape.slo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One window pair of a multiwindow, multi-burn-rate alert: it fires when the burn rate over both
 * the long and the short window exceeds {@code factor}.
 *
 * <p>Burn rate is the error ratio divided by the error budget ratio ({@code 1 - objective}); a
 * burn rate of 1 spends exactly the whole budget over the SLO window.
 *
 * @param severity page or ticket
 * @param longWindow the long window, which proves the burn is significant
 * @param shortWindow the short window, which makes the alert reset quickly once the burn stops
 * @param factor the burn rate both windows must exceed
 */
public record BurnRateAlert(
    Severity severity, Duration longWindow, Duration shortWindow, double factor) {

  /**
   * Checks that no component is null; the values themselves are validated by {@link
   * SloDefinition.Builder#build()}.
   */
  public BurnRateAlert {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(longWindow, "longWindow");
    Objects.requireNonNull(shortWindow, "shortWindow");
  }

  /**
   * The fraction of the whole period's budget spent during the long window when this alert is on
   * the edge of firing: {@code factor * longWindow / sloWindow}.
   *
   * @param sloWindow the SLO's window
   * @return the fraction of budget, e.g. 0.02 for the workbook's fast page
   */
  public double budgetFraction(Duration sloWindow) {
    return factor * seconds(longWindow) / seconds(sloWindow);
  }

  /**
   * The four window pairs of the Google SRE Workbook ("Alerting on SLOs", table 5-8) with their
   * factors scaled to {@code sloWindow}: page on 2% of the budget in 1h (and 5m), page on 5% in 6h
   * (and 30m), ticket on 10% in 1d (and 2h), ticket on 10% in 3d (and 6h). For 30 days the factors
   * are 14.4, 6, 3 and 1; for 28 days 13.44, 5.6, 2.8 and 0.933. Pairs whose long window is longer
   * than the SLO window are left out.
   *
   * @param sloWindow the SLO's window
   * @return the pairs, pages first
   */
  public static List<BurnRateAlert> workbookDefaults(Duration sloWindow) {
    Objects.requireNonNull(sloWindow, "sloWindow");
    List<BurnRateAlert> out = new ArrayList<>(4);
    add(out, sloWindow, Severity.PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 2);
    add(out, sloWindow, Severity.PAGE, Duration.ofHours(6), Duration.ofMinutes(30), 5);
    add(out, sloWindow, Severity.TICKET, Duration.ofDays(1), Duration.ofHours(2), 10);
    add(out, sloWindow, Severity.TICKET, Duration.ofDays(3), Duration.ofHours(6), 10);
    return List.copyOf(out);
  }

  private static void add(
      List<BurnRateAlert> out,
      Duration sloWindow,
      Severity severity,
      Duration longWindow,
      Duration shortWindow,
      int budgetPercent) {
    if (longWindow.compareTo(sloWindow) > 0 || sloWindow.isNegative() || sloWindow.isZero()) {
      return;
    }
    double factor = budgetPercent * seconds(sloWindow) / (seconds(longWindow) * 100.0);
    out.add(new BurnRateAlert(severity, longWindow, shortWindow, factor));
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }
}
