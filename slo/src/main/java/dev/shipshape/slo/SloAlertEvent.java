package dev.shipshape.slo;

import java.time.Duration;
import java.time.Instant;

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
    Instant at) {}
