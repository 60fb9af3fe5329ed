package dev.shipshape.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The state of one SLO over its window at one instant: the SLI, the error budget and how fast it
 * is burning. With no traffic the SLI is 1.0, burn rates are 0 and {@link #noData()} is true; no
 * figure is ever NaN.
 *
 * @param slo the SLO's name
 * @param at when the snapshot was taken (by the SLO's clock)
 * @param window the SLO window
 * @param objective the objective ratio
 * @param budgeting what the counts are: events or one-minute slices
 * @param counts good and bad counts over the window
 * @param sli the good ratio over the window (1.0 without data)
 * @param budgetAllowed the bad count the budget allows for the counts seen: {@code (1 - objective)
 *     * total}
 * @param budgetConsumed the bad count spent: {@code counts.bad()}
 * @param budgetRemaining the fraction of the budget left: {@code 1 - consumed / allowed}; negative
 *     when overspent, 1.0 without data
 * @param exhausted whether the budget is spent ({@code budgetRemaining <= 0} with data)
 * @param noData whether the window holds no events
 * @param burnRate the burn rate over the whole window (error ratio / error budget)
 * @param currentBurnRate the burn rate over the last five minutes
 * @param timeToExhaustion how long until the budget is gone at the current burn rate; zero when
 *     exhausted, null when the current burn rate is zero
 */
public record SloSnapshot(
    String slo,
    Instant at,
    Duration window,
    double objective,
    BudgetingMethod budgeting,
    WindowEvents counts,
    double sli,
    double budgetAllowed,
    double budgetConsumed,
    double budgetRemaining,
    boolean exhausted,
    boolean noData,
    double burnRate,
    double currentBurnRate,
    @Nullable Duration timeToExhaustion) {

  /**
   * The time to exhaustion as an optional.
   *
   * @return the time until the budget is gone at the current burn rate, or empty when not burning
   */
  public Optional<Duration> exhaustionIn() {
    return Optional.ofNullable(timeToExhaustion);
  }
}
