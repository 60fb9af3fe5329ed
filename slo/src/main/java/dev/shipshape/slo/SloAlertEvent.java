package dev.shipshape.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A burn-rate alert pair started or stopped firing. It names the pair (severity and both windows),
 * the burn rates seen in both windows and the budget consumed.
 *
 * @param slo the SLO's name
 * @param severity page or ticket
 * @param longWindow the pair's long window
 * @param shortWindow the pair's short window
 * @param factor the burn rate both windows had to exceed
 * @param longBurnRate the burn rate seen over the long window
 * @param shortBurnRate the burn rate seen over the short window
 * @param windowBudgetConsumed the fraction of the whole period's budget spent in the long window
 *     ({@code longBurnRate * longWindow / sloWindow})
 * @param periodBudgetConsumed the fraction of the budget spent over the SLO window so far
 * @param at when the change was seen
 * @param runbookUrl the SLO's {@linkplain SloDefinition#runbookUrl() runbook}, or null when it has
 *     none
 */
public record SloAlertEvent(
    String slo,
    Severity severity,
    Duration longWindow,
    Duration shortWindow,
    double factor,
    double longBurnRate,
    double shortBurnRate,
    double windowBudgetConsumed,
    double periodBudgetConsumed,
    Instant at,
    @Nullable String runbookUrl) {

  /**
   * Checks that no required component is null.
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
   * @param runbookUrl the runbook or null
   */
  public SloAlertEvent {
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(longWindow, "longWindow");
    Objects.requireNonNull(shortWindow, "shortWindow");
    Objects.requireNonNull(at, "at");
  }

  /**
   * The SLO's runbook, as an optional.
   *
   * @return the URL, or empty
   */
  public Optional<String> runbook() {
    return Optional.ofNullable(runbookUrl);
  }
}
