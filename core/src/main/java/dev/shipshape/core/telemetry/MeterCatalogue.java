package dev.shipshape.core.telemetry;

import dev.shipshape.core.guard.CircuitBreakerSnapshot;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.Reason;
import dev.shipshape.flags.SourceState;
import dev.shipshape.slo.BurnRateAlert;
import dev.shipshape.slo.PrometheusRules;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.slo.SloMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Every meter Shipshape exports, described once: name, type, unit, description, tag keys and the
 * tag values the library fixes. The {@link MicrometerSink} and the OpenTelemetry bridge register
 * exactly these meters, a shared compatibility kit checks both against this catalogue, and the
 * meter table of the core module's README is checked against it too.
 *
 * <p>The tag keys are the one vocabulary of Shipshape's telemetry: metrics, OpenTelemetry metric
 * attributes and log key-values use them; windows are always written as {@link #window(Duration)}
 * writes them ({@code 5m}, {@code 1h}, {@code 1d}, {@code 4w}); enum values are lower case. The
 * generated Prometheus rules keep Sloth's names for what they record ({@code sloth_slo}, {@code
 * sloth_severity}, {@code sloth_window}) and read {@code slo} and {@code outcome} from {@link
 * #SLO_EVENTS}.
 */
public final class MeterCatalogue {

  private MeterCatalogue() {}

  /** The tag value standing for "no variant" or "no error". */
  public static final String NONE = "none";

  /** The {@code flag} value shared by undefined flag keys beyond {@link #MAX_UNKNOWN_FLAG_TAGS}. */
  public static final String UNKNOWN_FLAG = "_unknown";

  /** How many distinct undefined flag keys get their own {@code flag} tag value. */
  public static final int MAX_UNKNOWN_FLAG_TAGS = 50;

  /**
   * The longest tag value any sink exports, in UTF-16 characters. Flag keys, variants, source
   * names (paths, URLs) and the names of guards, SLOs, checks and sinks longer than this are cut by
   * {@link #tagValue(String)}. 128 keeps a series of {@link #FLAG_EVALUATIONS} well under 1 KB of
   * labels and fits every common backend's own limit (Datadog's 200-character tag with its key,
   * Dynatrace's 250, Google Cloud's and CloudWatch's 1,024, Mimir's 2,048), while real keys and
   * names stay whole.
   */
  public static final int MAX_TAG_VALUE_LENGTH = 128;

  /** Ends a cut tag value, before the hash of the whole value. */
  private static final String CUT_MARKER = "...";

  /** Hex digits of the hash that ends a cut tag value. */
  private static final int CUT_HASH_DIGITS = 8;

  /** The health gauges' value for {@code UP}. */
  public static final double HEALTH_UP = 1.0;

  /** The health gauges' value for {@code DOWN} and {@code OUT_OF_SERVICE}. */
  public static final double HEALTH_DOWN = 0.0;

  /**
   * The health gauges' value before the probe or check has reported: not 0, so an alert on {@code
   * == 0} fires only for a real {@code DOWN}, and not NaN, so {@code < 0} finds it.
   */
  public static final double HEALTH_UNKNOWN = -1.0;

  /**
   * The upper bounds of the guarded-call duration histogram: Prometheus client libraries' default
   * buckets, 5 ms to 10 s, so latency SLOs of common thresholds fall on a bucket boundary while
   * each guard and outcome costs twelve bucket series.
   */
  public static final List<Duration> GUARD_CALL_BUCKETS =
      List.of(
          Duration.ofMillis(5),
          Duration.ofMillis(10),
          Duration.ofMillis(25),
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofMillis(2500),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10));

  // ---- tags ----

  /** {@code slo}: the SLO's name. */
  public static final TagDescriptor TAG_SLO = configuredTag(SloMetrics.TAG_SLO, "the SLO's name");

  /** {@code outcome} of an SLO event. */
  public static final TagDescriptor TAG_SLO_OUTCOME =
      new TagDescriptor(
          SloMetrics.TAG_OUTCOME,
          "whether the event was good or bad",
          List.of(SloMetrics.OUTCOME_GOOD, SloMetrics.OUTCOME_BAD));

  /** {@code window}: a burn-rate window. */
  public static final TagDescriptor TAG_WINDOW =
      configuredTag("window", "the window, 5m and every alert window");

  /** {@code severity} of an alert pair. */
  public static final TagDescriptor TAG_SEVERITY =
      new TagDescriptor("severity", "the alert pair's severity", labels(Severity.values()));

  /** {@code long_window} of an alert pair. */
  public static final TagDescriptor TAG_LONG_WINDOW =
      configuredTag("long_window", "the alert pair's long window");

  /** {@code short_window} of an alert pair. */
  public static final TagDescriptor TAG_SHORT_WINDOW =
      configuredTag("short_window", "the alert pair's short window");

  /** {@code state}: whether an alert pair started or stopped firing. */
  public static final TagDescriptor TAG_ALERT_STATE =
      new TagDescriptor("state", "whether the pair started or stopped firing",
          List.of(alertState(true), alertState(false)));

  /** {@code flag}: a flag key. */
  public static final TagDescriptor TAG_FLAG =
      configuredTag(
          "flag",
          "the flag key; undefined keys beyond the first " + MAX_UNKNOWN_FLAG_TAGS + " share "
              + UNKNOWN_FLAG);

  /** {@code variant}: the variant served. */
  public static final TagDescriptor TAG_VARIANT =
      configuredTag("variant", "the variant served, " + NONE + " for the caller's default");

  /** {@code reason}: why a flag value was served. */
  public static final TagDescriptor TAG_REASON =
      new TagDescriptor("reason", "why the value was served", labels(Reason.values()));

  /** {@code error}: what went wrong in an evaluation. */
  public static final TagDescriptor TAG_ERROR =
      new TagDescriptor("error", "the evaluation's error code, " + NONE + " without error",
          withNone(labels(ErrorCode.values())));

  /** {@code source}: a flag source's name. */
  public static final TagDescriptor TAG_SOURCE =
      configuredTag("source", "the flag source's name (path, URL or resource)");

  /** {@code probe}: a health probe. */
  public static final TagDescriptor TAG_PROBE =
      new TagDescriptor("probe", "the health probe", probeLabels());

  /** {@code check}: a health check's name. */
  public static final TagDescriptor TAG_CHECK = configuredTag("check", "the health check's name");

  /** {@code guard}: a guard's name. */
  public static final TagDescriptor TAG_GUARD = configuredTag("guard", "the guard's name");

  /** {@code outcome} of a guarded call. */
  public static final TagDescriptor TAG_GUARD_OUTCOME =
      new TagDescriptor("outcome", "how the call ended",
          labels(GuardedCallCompleted.Outcome.values()));

  /** {@code to}: the state a circuit breaker moved to. */
  public static final TagDescriptor TAG_BREAKER_STATE =
      new TagDescriptor(
          "to", "the state the breaker moved to", labels(CircuitBreakerSnapshot.State.values()));

  /** {@code transition}: what happened to a rollout. */
  public static final TagDescriptor TAG_TRANSITION =
      new TagDescriptor("transition", "what happened to the rollout",
          labels(RolloutStepChanged.Transition.values()));

  /** {@code sink}: a telemetry sink's name. */
  public static final TagDescriptor TAG_SINK = configuredTag("sink", "the telemetry sink's name");

  // ---- meters ----

  /** The counter the generated Prometheus rules read ({@code shipshape_slo_events_total}). */
  public static final MeterDescriptor SLO_EVENTS =
      meter(SloMetrics.EVENTS_COUNTER, MeterDescriptor.Type.COUNTER, "{event}",
          SloMetrics.EVENTS_DESCRIPTION, true, TAG_SLO, TAG_SLO_OUTCOME);

  /** The fraction of each SLO's error budget left (1 without traffic, negative when overspent). */
  public static final MeterDescriptor SLO_BUDGET_REMAINING =
      meter("shipshape.slo.budget.remaining", MeterDescriptor.Type.GAUGE, "1",
          "The fraction of the SLO's error budget left over its window", true, TAG_SLO);

  /** Each SLO's burn rate over 5m and every alert window. */
  public static final MeterDescriptor SLO_BURN_RATE =
      meter("shipshape.slo.burn.rate", MeterDescriptor.Type.GAUGE, "",
          "The SLO's burn rate over a window: error ratio / error budget", true, TAG_SLO,
          TAG_WINDOW);

  /** 1 while an alert pair fires, else 0. */
  public static final MeterDescriptor SLO_ALERT_FIRING =
      meter("shipshape.slo.alert.firing", MeterDescriptor.Type.GAUGE, "",
          "1 while an SLO burn-rate alert pair fires, else 0", true, TAG_SLO, TAG_SEVERITY,
          TAG_LONG_WINDOW, TAG_SHORT_WINDOW);

  /** Alert pairs starting or stopping to fire. */
  public static final MeterDescriptor SLO_ALERT_CHANGES =
      meter("shipshape.slo.alert.changes", MeterDescriptor.Type.COUNTER, "{change}",
          "SLO burn-rate alert pairs starting or stopping to fire", true, TAG_SLO, TAG_SEVERITY,
          TAG_LONG_WINDOW, TAG_SHORT_WINDOW, TAG_ALERT_STATE);

  /** Times an SLO's budget became exhausted. */
  public static final MeterDescriptor SLO_BUDGET_EXHAUSTIONS =
      meter("shipshape.slo.budget.exhaustions", MeterDescriptor.Type.COUNTER, "{exhaustion}",
          "Times an SLO's error budget became exhausted", true, TAG_SLO);

  /** Flag evaluations, counted only when a sink wants them. */
  public static final MeterDescriptor FLAG_EVALUATIONS =
      meter("shipshape.flag.evaluations", MeterDescriptor.Type.COUNTER, "{evaluation}",
          "Flag evaluations by flag, variant, reason and error", false, TAG_FLAG, TAG_VARIANT,
          TAG_REASON, TAG_ERROR);

  /** Changes of the effective flags. */
  public static final MeterDescriptor FLAG_SET_CHANGES =
      meter("shipshape.flag.set.changes", MeterDescriptor.Type.COUNTER, "{change}",
          "Changes of the effective flags", true);

  /** Failed reads of each flag source. */
  public static final MeterDescriptor FLAG_SOURCE_FAILURES =
      meter("shipshape.flag.source.failures", MeterDescriptor.Type.COUNTER, "{failure}",
          "Failed reads of a flag source", true, TAG_SOURCE);

  /** Each probe's last status. */
  public static final MeterDescriptor HEALTH_STATUS =
      meter("shipshape.health.status", MeterDescriptor.Type.GAUGE, "",
          "The health probe's last status: 1 UP, 0 DOWN or OUT_OF_SERVICE, -1 not reported yet",
          true, TAG_PROBE);

  /** Each check's last status. */
  public static final MeterDescriptor HEALTH_CHECK_STATUS =
      meter("shipshape.health.check.status", MeterDescriptor.Type.GAUGE, "",
          "The health check's last status: 1 UP, 0 DOWN or OUT_OF_SERVICE, -1 not run yet",
          true, TAG_CHECK);

  /** Durations of calls through each guard, by outcome. */
  public static final MeterDescriptor GUARD_CALLS =
      meter("shipshape.guard.calls", MeterDescriptor.Type.HISTOGRAM, "s",
          "Calls through a guard, by outcome", true, TAG_GUARD, TAG_GUARD_OUTCOME);

  /** Circuit breaker transitions of each guard with a breaker. */
  public static final MeterDescriptor GUARD_CIRCUIT_TRANSITIONS =
      meter("shipshape.guard.circuit.transitions", MeterDescriptor.Type.COUNTER, "{transition}",
          "Circuit breaker state transitions", true, TAG_GUARD, TAG_BREAKER_STATE);

  /** The share each rollout serves the rolled-out variant. */
  public static final MeterDescriptor ROLLOUT_PERCENT =
      meter("shipshape.rollout.percent", MeterDescriptor.Type.GAUGE, "%",
          "The share of subjects a rollout serves the new variant, in percent", true, TAG_FLAG);

  /** Rollout transitions. */
  public static final MeterDescriptor ROLLOUT_TRANSITIONS =
      meter("shipshape.rollout.transitions", MeterDescriptor.Type.COUNTER, "{transition}",
          "Rollout transitions", true, TAG_FLAG, TAG_TRANSITION);

  /** Times each telemetry sink threw. */
  public static final MeterDescriptor SINK_FAILURES =
      meter("shipshape.telemetry.sink.failures", MeterDescriptor.Type.COUNTER, "{failure}",
          "Times a telemetry sink threw; its events were skipped", true, TAG_SINK);

  private static final List<MeterDescriptor> ALL =
      List.of(
          SLO_EVENTS,
          SLO_BUDGET_REMAINING,
          SLO_BURN_RATE,
          SLO_ALERT_FIRING,
          SLO_ALERT_CHANGES,
          SLO_BUDGET_EXHAUSTIONS,
          FLAG_EVALUATIONS,
          FLAG_SET_CHANGES,
          FLAG_SOURCE_FAILURES,
          HEALTH_STATUS,
          HEALTH_CHECK_STATUS,
          GUARD_CALLS,
          GUARD_CIRCUIT_TRANSITIONS,
          ROLLOUT_PERCENT,
          ROLLOUT_TRANSITIONS,
          SINK_FAILURES);

  /**
   * Every meter, in the order of the README's table.
   *
   * @return the meters
   */
  public static List<MeterDescriptor> all() {
    return ALL;
  }

  /**
   * The meter named {@code name}.
   *
   * @param name a dotted name such as {@code shipshape.guard.calls}
   * @return the meter, or empty
   */
  public static Optional<MeterDescriptor> byName(String name) {
    for (MeterDescriptor m : ALL) {
      if (m.name().equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  // ---- series known up front ----

  /**
   * One series a sink registers when it is bound, before its first event.
   *
   * @param meter the meter
   * @param values the tag values, in the order of the meter's tags
   * @param initial the value until the first event: 0 for counters and histograms, the gauge's
   *     starting value for gauges ({@value #HEALTH_UNKNOWN} for health)
   */
  public record Series(MeterDescriptor meter, List<String> values, double initial) {

    /**
     * Validates and copies the components.
     *
     * @param meter the meter
     * @param values the tag values
     * @param initial the starting value
     */
    public Series {
      Objects.requireNonNull(meter, "meter");
      values = List.copyOf(values);
      if (values.size() != meter.tags().size()) {
        throw new IllegalArgumentException(
            meter.name() + " has tags " + meter.tagKeys() + " but the values were " + values);
      }
    }
  }

  /**
   * Every series whose tag values are known when a sink is bound to {@code context}: each probe
   * and check (health at {@value #HEALTH_UNKNOWN}), the flag set changes and each flag source's
   * failures, each SLO's budget exhaustions and each alert pair (firing at 0, fired and resolved
   * changes), each guard's outcomes and each state of its breaker, each rollout's share and
   * transitions. The polling meters (SLO events, budget, burn rates, sink failures) are not
   * listed: a sink registers those from the context itself.
   *
   * @param context the bound application
   * @return the series, in the catalogue's order of meters
   */
  public static List<Series> seriesKnownAtBind(TelemetryContext context) {
    List<Series> out = new ArrayList<>();
    for (Slo slo : context.slos().values()) {
      for (BurnRateAlert a : slo.definition().alerts()) {
        List<String> pair =
            List.of(slo.name(), a.severity().label(), window(a.longWindow()),
                window(a.shortWindow()));
        out.add(new Series(SLO_ALERT_FIRING, pair, 0.0));
        for (boolean firing : new boolean[] {true, false}) {
          List<String> change = new ArrayList<>(pair);
          change.add(alertState(firing));
          out.add(new Series(SLO_ALERT_CHANGES, change, 0.0));
        }
      }
      out.add(new Series(SLO_BUDGET_EXHAUSTIONS, List.of(slo.name()), 0.0));
    }
    out.add(new Series(FLAG_SET_CHANGES, List.of(), 0.0));
    for (SourceState source : context.flags().sourceStates()) {
      out.add(new Series(FLAG_SOURCE_FAILURES, List.of(source.sourceName()), 0.0));
    }
    for (Probe probe : Probe.values()) {
      out.add(new Series(HEALTH_STATUS, List.of(probe.label()), HEALTH_UNKNOWN));
    }
    for (String check : context.health().checkNames()) {
      out.add(new Series(HEALTH_CHECK_STATUS, List.of(check), HEALTH_UNKNOWN));
    }
    for (GuardConfig guard : context.guardConfigs()) {
      for (GuardedCallCompleted.Outcome outcome : GuardedCallCompleted.Outcome.values()) {
        out.add(new Series(GUARD_CALLS, List.of(guard.name(), outcome.label()), 0.0));
      }
    }
    for (GuardConfig guard : context.guardConfigs()) {
      if (guard.circuitBreaker().isPresent()) {
        for (CircuitBreakerSnapshot.State state : CircuitBreakerSnapshot.State.values()) {
          out.add(new Series(GUARD_CIRCUIT_TRANSITIONS, List.of(guard.name(), label(state)), 0.0));
        }
      }
    }
    for (RolloutConfig rollout : context.rolloutConfigs()) {
      out.add(new Series(ROLLOUT_PERCENT, List.of(rollout.flagKey()), 0.0));
    }
    for (RolloutConfig rollout : context.rolloutConfigs()) {
      for (RolloutStepChanged.Transition t : RolloutStepChanged.Transition.values()) {
        out.add(new Series(ROLLOUT_TRANSITIONS, List.of(rollout.flagKey(), t.label()), 0.0));
      }
    }
    return out;
  }

  /**
   * The windows an SLO's burn rate is reported over: 5 minutes and every alert window.
   *
   * @param slo the SLO's definition
   * @return the windows, shortest first
   */
  public static List<Duration> burnRateWindows(SloDefinition slo) {
    Set<Duration> windows = new TreeSet<>();
    windows.add(Slo.CURRENT_BURN_RATE_WINDOW);
    for (BurnRateAlert a : slo.alerts()) {
      windows.add(a.longWindow());
      windows.add(a.shortWindow());
    }
    return List.copyOf(windows);
  }

  // ---- events onto meters ----

  /** Receives what one event does to the catalogue's meters; an exporter implements it. */
  public interface Measurements {

    /**
     * Adds one to a counter.
     *
     * @param counter a counter of the catalogue
     * @param values its tag values, in the order of its tags
     */
    void count(MeterDescriptor counter, String... values);

    /**
     * Sets a gauge.
     *
     * @param gauge a gauge of the catalogue
     * @param value the new value
     * @param values its tag values, in the order of its tags
     */
    void set(MeterDescriptor gauge, double value, String... values);

    /**
     * Records a duration in a histogram.
     *
     * @param histogram a histogram of the catalogue
     * @param duration the duration
     * @param values its tag values, in the order of its tags
     */
    void record(MeterDescriptor histogram, Duration duration, String... values);
  }

  /**
   * Says what {@code event} does to the catalogue's meters, so that every exporter updates the
   * same meters with the same tag values. Flag evaluations are left to the exporter, which counts
   * them in {@link #FLAG_EVALUATIONS} with its own cache and the cap on undefined flag keys
   * ({@link #MAX_UNKNOWN_FLAG_TAGS}).
   *
   * @param event the event
   * @param to what receives the measurements
   */
  public static void measure(TelemetryEvent event, Measurements to) {
    switch (event.kind()) {
      case FLAG_EVALUATED:
        break;
      case FLAG_SET_CHANGED:
        to.count(FLAG_SET_CHANGES);
        break;
      case FLAG_SOURCE_FAILED:
        to.count(FLAG_SOURCE_FAILURES, ((FlagSourceFailed) event).source());
        break;
      case SLO_ALERT_FIRED:
      case SLO_ALERT_RESOLVED:
        SloAlertChange a = (SloAlertChange) event;
        String slo = a.slo();
        String severity = a.severity().label();
        String longWindow = window(a.longWindow());
        String shortWindow = window(a.shortWindow());
        to.set(SLO_ALERT_FIRING, a.firing() ? 1.0 : 0.0, slo, severity, longWindow, shortWindow);
        to.count(SLO_ALERT_CHANGES, slo, severity, longWindow, shortWindow, alertState(a.firing()));
        break;
      case SLO_BUDGET_EXHAUSTED:
        to.count(SLO_BUDGET_EXHAUSTIONS, ((SloBudgetExhausted) event).slo());
        break;
      case HEALTH_STATUS_CHANGED:
        HealthStatusChanged h = (HealthStatusChanged) event;
        Probe probe = h.probe();
        String check = h.check();
        if (probe != null) {
          to.set(HEALTH_STATUS, health(h.current()), probe.label());
        } else if (check != null) {
          to.set(HEALTH_CHECK_STATUS, health(h.current()), check);
        }
        break;
      case GUARDED_CALL_COMPLETED:
        GuardedCallCompleted g = (GuardedCallCompleted) event;
        to.record(GUARD_CALLS, g.duration(), g.guard(), g.outcome().label());
        break;
      case CIRCUIT_BREAKER_STATE_CHANGED:
        CircuitBreakerStateChanged c = (CircuitBreakerStateChanged) event;
        to.count(GUARD_CIRCUIT_TRANSITIONS, c.guard(), label(c.to()));
        break;
      case ROLLOUT_STEP_CHANGED:
        RolloutStepChanged r = (RolloutStepChanged) event;
        to.set(ROLLOUT_PERCENT, r.toPercent(), r.flag());
        to.count(ROLLOUT_TRANSITIONS, r.flag(), r.transition().label());
        break;
    }
  }

  // ---- values ----

  /**
   * A window as every part of Shipshape writes it, in Prometheus notation with the largest unit
   * that divides it: {@code 5m}, {@code 1h}, {@code 1d}, {@code 4w}.
   *
   * @param window the window
   * @return its label
   */
  public static String window(Duration window) {
    return PrometheusRules.promDuration(window);
  }

  /**
   * An enum constant as a tag value: its name in lower case.
   *
   * @param value the constant
   * @return for example {@code half_open} or {@code targeting_match}
   */
  public static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The {@code error} tag value of an evaluation.
   *
   * @param errorCode the error code, or null
   * @return the code in lower case, or {@value #NONE}
   */
  public static String error(@Nullable ErrorCode errorCode) {
    return errorCode == null ? NONE : label(errorCode);
  }

  /**
   * The {@code variant} tag value of an evaluation.
   *
   * @param variant the variant, or null
   * @return the variant {@linkplain #tagValue(String) as a tag value}, or {@value #NONE}
   */
  public static String variant(@Nullable String variant) {
    return variant == null ? NONE : tagValue(variant);
  }

  /**
   * A string from the application or its callers as a tag value: the string itself when it has
   * at most {@value #MAX_TAG_VALUE_LENGTH} characters (the common case costs a length check),
   * otherwise its first 117 characters (116 rather than split a surrogate pair), {@code ...} and
   * eight hex digits of a 64-bit FNV-1a hash of the whole string. The hash keeps two long values
   * that share a prefix in separate series, and is the same in every process and version, so a
   * fleet's instances and restarts report one series per value. A cut value is at most {@value
   * #MAX_TAG_VALUE_LENGTH} characters, so cutting it again returns it unchanged. Every sink puts
   * every tag value through this method.
   *
   * @param value a flag key, variant, source name, or guard, SLO, check or sink name
   * @return {@code value} or its cut form
   */
  public static String tagValue(String value) {
    return value.length() <= MAX_TAG_VALUE_LENGTH ? value : cutTagValue(value);
  }

  private static String cutTagValue(String value) {
    int keep = MAX_TAG_VALUE_LENGTH - CUT_MARKER.length() - CUT_HASH_DIGITS;
    if (Character.isHighSurrogate(value.charAt(keep - 1))) {
      keep--;
    }
    long hash = 0xcbf29ce484222325L; // FNV-1a, 64 bits, over the UTF-16 code units
    for (int i = 0; i < value.length(); i++) {
      hash = (hash ^ value.charAt(i)) * 0x100000001b3L;
    }
    int folded = (int) (hash ^ (hash >>> 32));
    StringBuilder b = new StringBuilder(MAX_TAG_VALUE_LENGTH);
    b.append(value, 0, keep).append(CUT_MARKER);
    for (int shift = (CUT_HASH_DIGITS - 1) * 4; shift >= 0; shift -= 4) {
      b.append(Character.forDigit((folded >>> shift) & 0xf, 16));
    }
    return b.toString();
  }

  /**
   * The {@code state} tag value of an alert change.
   *
   * @param firing whether the pair fires after the change
   * @return {@code fired} or {@code resolved}
   */
  public static String alertState(boolean firing) {
    return firing ? "fired" : "resolved";
  }

  /**
   * A health gauge's value.
   *
   * @param status the last status, or null before the first report
   * @return {@value #HEALTH_UP}, {@value #HEALTH_DOWN} or {@value #HEALTH_UNKNOWN}
   */
  public static double health(@Nullable HealthStatus status) {
    if (status == null) {
      return HEALTH_UNKNOWN;
    }
    return status == HealthStatus.UP ? HEALTH_UP : HEALTH_DOWN;
  }

  private static MeterDescriptor meter(
      String name,
      MeterDescriptor.Type type,
      String unit,
      String description,
      boolean preRegistered,
      TagDescriptor... tags) {
    return new MeterDescriptor(name, type, unit, description, List.of(tags), preRegistered);
  }

  /**
   * A tag the library fixes no values for: they are names from the application's configuration
   * (SLOs, windows, flags, variants, sources, checks, guards, sinks).
   */
  private static TagDescriptor configuredTag(String key, String description) {
    return new TagDescriptor(key, description, List.of());
  }

  private static List<String> labels(Enum<?>[] values) {
    List<String> out = new ArrayList<>(values.length);
    for (Enum<?> v : values) {
      out.add(label(v));
    }
    return out;
  }

  private static List<String> withNone(List<String> values) {
    List<String> out = new ArrayList<>(values);
    out.add(NONE);
    return out;
  }

  private static List<String> probeLabels() {
    List<String> out = new ArrayList<>();
    for (Probe p : Probe.values()) {
      out.add(p.label());
    }
    return out;
  }
}
