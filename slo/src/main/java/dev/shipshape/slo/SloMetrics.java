package dev.shipshape.slo;

/**
 * Names of the counter every instance exports so that a fleet's Prometheus can evaluate the SLOs
 * with the rules from {@link PrometheusRules}: one counter, tagged with the SLO's name and the
 * event's outcome. Micrometer's Prometheus registry turns the Micrometer-style name into the
 * Prometheus one (dots to underscores, {@code _total} appended).
 */
public final class SloMetrics {

  /** The counter's Micrometer-style name. */
  public static final String EVENTS_COUNTER = "shipshape.slo.events";

  /** The counter's name as Prometheus exposes it, and as the generated rules read it. */
  public static final String EVENTS_COUNTER_PROMETHEUS = "shipshape_slo_events_total";

  /** The tag holding the SLO's name. */
  public static final String TAG_SLO = "slo";

  /** The tag holding the outcome: {@link #OUTCOME_GOOD} or {@link #OUTCOME_BAD}. */
  public static final String TAG_OUTCOME = "outcome";

  /** The outcome of a good event. */
  public static final String OUTCOME_GOOD = "good";

  /** The outcome of a bad event. */
  public static final String OUTCOME_BAD = "bad";

  /** The counter's description. */
  public static final String EVENTS_DESCRIPTION =
      "Events recorded against a service level objective, by outcome";

  private SloMetrics() {}
}
