package dev.shipshape.slo;

/** How an SLO counts its error budget: by individual events or by one-minute time slices. */
public enum BudgetingMethod {
  /** Every event counts; the SLI is good events over all events. */
  OCCURRENCES,
  /**
   * Time is cut into one-minute slices; a slice with events is good when its good ratio meets the
   * slice target, and the SLI is good slices over slices with events.
   */
  TIMESLICES
}
