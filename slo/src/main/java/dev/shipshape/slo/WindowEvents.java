package dev.shipshape.slo;

/**
 * Good and bad counts over one window: events, or one-minute slices under {@link
 * BudgetingMethod#TIMESLICES}.
 *
 * @param good the good count
 * @param bad the bad count
 */
public record WindowEvents(long good, long bad) {

  /**
   * Good plus bad, saturating at {@link Long#MAX_VALUE}.
   *
   * @return the total
   */
  public long total() {
    long t = good + bad;
    return t < 0 ? Long.MAX_VALUE : t;
  }

  /**
   * The good ratio; 1.0 when there is nothing (no data never reads as an outage).
   *
   * @return the ratio in [0, 1]
   */
  public double goodRatio() {
    long t = total();
    return t == 0 ? 1.0 : (double) good / (double) t;
  }

  /**
   * The bad ratio; 0.0 when there is nothing.
   *
   * @return the ratio in [0, 1]
   */
  public double errorRatio() {
    long t = total();
    return t == 0 ? 0.0 : (double) bad / (double) t;
  }
}
