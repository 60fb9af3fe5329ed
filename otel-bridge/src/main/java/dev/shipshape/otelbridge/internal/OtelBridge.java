package dev.shipshape.otelbridge.internal;

import static dev.shipshape.otelbridge.OtelNames.CIRCUIT_BREAKER_FROM;
import static dev.shipshape.otelbridge.OtelNames.CIRCUIT_BREAKER_TO;
import static dev.shipshape.otelbridge.OtelNames.ERROR_MESSAGE;
import static dev.shipshape.otelbridge.OtelNames.ERROR_TYPE;
import static dev.shipshape.otelbridge.OtelNames.EVENT_CIRCUIT_BREAKER_STATE_CHANGED;
import static dev.shipshape.otelbridge.OtelNames.EVENT_FLAG_SET_CHANGED;
import static dev.shipshape.otelbridge.OtelNames.EVENT_FLAG_SOURCE_FAILED;
import static dev.shipshape.otelbridge.OtelNames.EVENT_HEALTH_STATUS_CHANGED;
import static dev.shipshape.otelbridge.OtelNames.EVENT_ROLLOUT_STEP_CHANGED;
import static dev.shipshape.otelbridge.OtelNames.EVENT_SLO_ALERT_FIRED;
import static dev.shipshape.otelbridge.OtelNames.EVENT_SLO_ALERT_RESOLVED;
import static dev.shipshape.otelbridge.OtelNames.EVENT_SLO_BUDGET_EXHAUSTED;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_EVALUATION;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_KEY;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_PROVIDER_NAME;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_RESULT_REASON;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_RESULT_VALUE;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_RESULT_VARIANT;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_SET_ID;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_VERSION;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_ADDED;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_CHANGED;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_FAILING_SINCE;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_REMOVED;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_SOURCE;
import static dev.shipshape.otelbridge.OtelNames.GUARD_ATTEMPTS;
import static dev.shipshape.otelbridge.OtelNames.GUARD_FALLBACK_USED;
import static dev.shipshape.otelbridge.OtelNames.GUARD_NAME;
import static dev.shipshape.otelbridge.OtelNames.GUARD_OUTCOME;
import static dev.shipshape.otelbridge.OtelNames.GUARD_REJECTED_BY;
import static dev.shipshape.otelbridge.OtelNames.GUARD_SPAN_PREFIX;
import static dev.shipshape.otelbridge.OtelNames.HEALTH_CHECK;
import static dev.shipshape.otelbridge.OtelNames.HEALTH_MESSAGE;
import static dev.shipshape.otelbridge.OtelNames.HEALTH_PREVIOUS_STATUS;
import static dev.shipshape.otelbridge.OtelNames.HEALTH_PROBE;
import static dev.shipshape.otelbridge.OtelNames.HEALTH_STATUS;
import static dev.shipshape.otelbridge.OtelNames.METRIC_FLAG_EVALUATIONS;
import static dev.shipshape.otelbridge.OtelNames.METRIC_FLAG_SET_CHANGES;
import static dev.shipshape.otelbridge.OtelNames.METRIC_FLAG_SOURCE_FAILURES;
import static dev.shipshape.otelbridge.OtelNames.METRIC_GUARD_CALLS;
import static dev.shipshape.otelbridge.OtelNames.METRIC_GUARD_CIRCUIT_TRANSITIONS;
import static dev.shipshape.otelbridge.OtelNames.METRIC_HEALTH_CHECK_STATUS;
import static dev.shipshape.otelbridge.OtelNames.METRIC_HEALTH_STATUS;
import static dev.shipshape.otelbridge.OtelNames.METRIC_ROLLOUT_PERCENT;
import static dev.shipshape.otelbridge.OtelNames.METRIC_ROLLOUT_TRANSITIONS;
import static dev.shipshape.otelbridge.OtelNames.METRIC_SINK_FAILURES;
import static dev.shipshape.otelbridge.OtelNames.METRIC_SLO_ALERT_CHANGES;
import static dev.shipshape.otelbridge.OtelNames.METRIC_SLO_ALERT_FIRING;
import static dev.shipshape.otelbridge.OtelNames.METRIC_SLO_BUDGET_EXHAUSTIONS;
import static dev.shipshape.otelbridge.OtelNames.METRIC_SLO_BUDGET_REMAINING;
import static dev.shipshape.otelbridge.OtelNames.METRIC_SLO_BURN_RATE;
import static dev.shipshape.otelbridge.OtelNames.PROVIDER_NAME;
import static dev.shipshape.otelbridge.OtelNames.ROLLOUT_FROM_PERCENT;
import static dev.shipshape.otelbridge.OtelNames.ROLLOUT_NAME;
import static dev.shipshape.otelbridge.OtelNames.ROLLOUT_REASON;
import static dev.shipshape.otelbridge.OtelNames.ROLLOUT_TO_PERCENT;
import static dev.shipshape.otelbridge.OtelNames.ROLLOUT_TRANSITION;
import static dev.shipshape.otelbridge.OtelNames.SCOPE;
import static dev.shipshape.otelbridge.OtelNames.SLO_ALERT_FACTOR;
import static dev.shipshape.otelbridge.OtelNames.SLO_ALERT_LONG_BURN_RATE;
import static dev.shipshape.otelbridge.OtelNames.SLO_ALERT_LONG_WINDOW;
import static dev.shipshape.otelbridge.OtelNames.SLO_ALERT_SEVERITY;
import static dev.shipshape.otelbridge.OtelNames.SLO_ALERT_SHORT_BURN_RATE;
import static dev.shipshape.otelbridge.OtelNames.SLO_ALERT_SHORT_WINDOW;
import static dev.shipshape.otelbridge.OtelNames.SLO_ALERT_WINDOW_BUDGET_CONSUMED;
import static dev.shipshape.otelbridge.OtelNames.SLO_BAD;
import static dev.shipshape.otelbridge.OtelNames.SLO_BUDGET_CONSUMED;
import static dev.shipshape.otelbridge.OtelNames.SLO_BUDGET_REMAINING;
import static dev.shipshape.otelbridge.OtelNames.SLO_GOOD;
import static dev.shipshape.otelbridge.OtelNames.SLO_NAME;
import static dev.shipshape.otelbridge.OtelNames.SLO_OBJECTIVE;
import static dev.shipshape.otelbridge.OtelNames.SLO_WINDOW;

import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.FlagSetChanged;
import dev.shipshape.core.telemetry.FlagSourceFailed;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.MicrometerSink;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.SloAlertChange;
import dev.shipshape.core.telemetry.SloBudgetExhausted;
import dev.shipshape.core.telemetry.TelemetryContext;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.slo.BurnRateAlert;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloMetrics;
import dev.shipshape.slo.WindowEvents;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Turns telemetry events into OpenTelemetry spans, span events, metrics and log-record events.
 * Every signal whose provider is the no-op one is skipped entirely.
 */
public final class OtelBridge {

  /** Tag value standing for "no variant" or "no error", as in the Micrometer sink. */
  static final String NONE = "none";

  /** Tag value shared by undefined flag keys beyond the cap, as in the Micrometer sink. */
  static final String UNKNOWN_FLAG = "_unknown";

  /** Longest {@code feature_flag.result.value} text for object values. */
  static final int MAX_VALUE_CHARS = 1024;

  private static final AttributeKey<String> A_FLAG = AttributeKey.stringKey("flag");
  private static final AttributeKey<String> A_VARIANT = AttributeKey.stringKey("variant");
  private static final AttributeKey<String> A_REASON = AttributeKey.stringKey("reason");
  private static final AttributeKey<String> A_ERROR = AttributeKey.stringKey("error");
  private static final AttributeKey<String> A_SLO = AttributeKey.stringKey("slo");
  private static final AttributeKey<String> A_SEVERITY = AttributeKey.stringKey("severity");
  private static final AttributeKey<String> A_LONG_WINDOW = AttributeKey.stringKey("long_window");
  private static final AttributeKey<String> A_SHORT_WINDOW =
      AttributeKey.stringKey("short_window");
  private static final AttributeKey<String> A_WINDOW = AttributeKey.stringKey("window");
  private static final AttributeKey<String> A_STATE = AttributeKey.stringKey("state");
  private static final AttributeKey<String> A_PROBE = AttributeKey.stringKey("probe");
  private static final AttributeKey<String> A_CHECK = AttributeKey.stringKey("check");
  private static final AttributeKey<String> A_GUARD = AttributeKey.stringKey("guard");
  private static final AttributeKey<String> A_OUTCOME = AttributeKey.stringKey("outcome");
  private static final AttributeKey<String> A_TO = AttributeKey.stringKey("to");
  private static final AttributeKey<String> A_ROLLOUT = AttributeKey.stringKey("rollout");
  private static final AttributeKey<String> A_TRANSITION = AttributeKey.stringKey("transition");
  private static final AttributeKey<String> A_SOURCE = AttributeKey.stringKey("source");
  private static final AttributeKey<String> A_SINK = AttributeKey.stringKey("sink");

  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> EXCEPTION_STACKTRACE =
      AttributeKey.stringKey("exception.stacktrace");

  private final boolean tracesOn;
  private final boolean metricsOn;
  private final boolean logsOn;
  private final boolean flagSpanEvents;
  private final boolean flagLogEvents;
  private final boolean flagMetrics;
  private final boolean guardSpans;

  private final @Nullable Tracer tracer;
  private final @Nullable Meter meter;
  private final @Nullable Logger logger;

  private final @Nullable Instruments instruments;
  private final List<AutoCloseable> observers = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * A bridge over {@code openTelemetry}.
   *
   * @param openTelemetry the application's instance
   * @param flagSpanEvents whether flag evaluations become events on the current span
   * @param flagLogEvents whether flag evaluations also become log-record events
   * @param flagMetrics whether flag evaluations are counted
   * @param guardSpans whether guarded calls become spans
   */
  public OtelBridge(
      OpenTelemetry openTelemetry,
      boolean flagSpanEvents,
      boolean flagLogEvents,
      boolean flagMetrics,
      boolean guardSpans) {
    TracerProvider tracers = openTelemetry.getTracerProvider();
    MeterProvider meters = openTelemetry.getMeterProvider();
    LoggerProvider loggers = openTelemetry.getLogsBridge();
    this.tracesOn = tracers != TracerProvider.noop();
    this.metricsOn = meters != MeterProvider.noop();
    this.logsOn = loggers != LoggerProvider.noop();
    this.flagSpanEvents = flagSpanEvents;
    this.flagLogEvents = flagLogEvents;
    this.flagMetrics = flagMetrics;
    this.guardSpans = guardSpans;
    String version = Version.get();
    this.tracer =
        tracesOn ? tracers.tracerBuilder(SCOPE).setInstrumentationVersion(version).build() : null;
    this.meter =
        metricsOn ? meters.meterBuilder(SCOPE).setInstrumentationVersion(version).build() : null;
    this.logger =
        logsOn ? loggers.loggerBuilder(SCOPE).setInstrumentationVersion(version).build() : null;
    this.instruments = meter == null ? null : new Instruments(meter, observers);
  }

  /**
   * Whether every signal goes to a no-op provider, so the bridge wants no events at all.
   *
   * @return true for {@code OpenTelemetry.noop()} and instances like it
   */
  public boolean isNoop() {
    return !tracesOn && !metricsOn && !logsOn;
  }

  /**
   * Whether events of {@code kind} produce any signal.
   *
   * @param kind the kind
   * @return true when some enabled signal uses it
   */
  public boolean wants(TelemetryEvent.Kind kind) {
    switch (kind) {
      case FLAG_EVALUATED:
        return (flagSpanEvents && tracesOn) || (flagLogEvents && logsOn) || (flagMetrics && metricsOn);
      case GUARDED_CALL_COMPLETED:
        return (guardSpans && tracesOn) || metricsOn;
      default:
        return metricsOn || logsOn;
    }
  }

  /**
   * Handles one event. An exception from the SDK propagates, so that the facade logs it once per
   * cause and counts it against this sink.
   *
   * @param event the event
   */
  public void accept(TelemetryEvent event) {
    if (closed) {
      return;
    }
    switch (event.kind()) {
      case FLAG_EVALUATED:
        flagEvaluated((FlagEvaluated) event);
        break;
      case FLAG_SET_CHANGED:
        flagSetChanged((FlagSetChanged) event);
        break;
      case FLAG_SOURCE_FAILED:
        flagSourceFailed((FlagSourceFailed) event);
        break;
      case SLO_ALERT_FIRED:
      case SLO_ALERT_RESOLVED:
        sloAlert((SloAlertChange) event);
        break;
      case SLO_BUDGET_EXHAUSTED:
        budgetExhausted((SloBudgetExhausted) event);
        break;
      case HEALTH_STATUS_CHANGED:
        health((HealthStatusChanged) event);
        break;
      case GUARDED_CALL_COMPLETED:
        guardedCall((GuardedCallCompleted) event);
        break;
      case CIRCUIT_BREAKER_STATE_CHANGED:
        circuitBreaker((CircuitBreakerStateChanged) event);
        break;
      case ROLLOUT_STEP_CHANGED:
        rollout((RolloutStepChanged) event);
        break;
    }
  }

  /**
   * Registers the meters that poll the application's state.
   *
   * @param context the bound application
   */
  public void bind(TelemetryContext context) {
    Meter m = meter;
    if (m == null || closed) {
      return;
    }
    bindSlos(m, List.copyOf(context.slos().values()));
    List<String> sinks = List.copyOf(context.sinkNames());
    observers.add(
        m.counterBuilder(METRIC_SINK_FAILURES)
            .setDescription("Times a telemetry sink threw; its events were skipped")
            .setUnit("{failure}")
            .buildWithCallback(
                measurement -> {
                  for (String sink : sinks) {
                    measurement.record(context.sinkFailures(sink), Attributes.of(A_SINK, sink));
                  }
                }));
  }

  private void bindSlos(Meter m, List<Slo> slos) {
    if (slos.isEmpty()) {
      return;
    }
    Instruments in = instruments;
    List<SloWindow> windows = new ArrayList<>();
    for (Slo slo : slos) {
      Set<Duration> distinct = new TreeSet<>();
      distinct.add(Slo.CURRENT_BURN_RATE_WINDOW);
      for (BurnRateAlert a : slo.definition().alerts()) {
        distinct.add(a.longWindow());
        distinct.add(a.shortWindow());
        if (in != null) {
          in.alertFiring.setIfAbsent(
              Attributes.of(
                  A_SLO, slo.name(),
                  A_SEVERITY, a.severity().label(),
                  A_LONG_WINDOW, label(a.longWindow()),
                  A_SHORT_WINDOW, label(a.shortWindow())),
              0.0);
        }
      }
      for (Duration w : distinct) {
        windows.add(
            new SloWindow(slo, w, Attributes.of(A_SLO, slo.name(), A_WINDOW, label(w))));
      }
    }
    List<Attributes> sloAttributes = new ArrayList<>();
    List<Attributes> goodAttributes = new ArrayList<>();
    List<Attributes> badAttributes = new ArrayList<>();
    for (Slo slo : slos) {
      sloAttributes.add(Attributes.of(A_SLO, slo.name()));
      goodAttributes.add(
          Attributes.of(
              AttributeKey.stringKey(SloMetrics.TAG_SLO), slo.name(),
              AttributeKey.stringKey(SloMetrics.TAG_OUTCOME), SloMetrics.OUTCOME_GOOD));
      badAttributes.add(
          Attributes.of(
              AttributeKey.stringKey(SloMetrics.TAG_SLO), slo.name(),
              AttributeKey.stringKey(SloMetrics.TAG_OUTCOME), SloMetrics.OUTCOME_BAD));
    }
    observers.add(
        m.counterBuilder(SloMetrics.EVENTS_COUNTER)
            .setDescription(SloMetrics.EVENTS_DESCRIPTION)
            .setUnit("{event}")
            .buildWithCallback(
                measurement -> {
                  for (int i = 0; i < slos.size(); i++) {
                    WindowEvents totals = slos.get(i).totalEvents();
                    measurement.record(totals.good(), goodAttributes.get(i));
                    measurement.record(totals.bad(), badAttributes.get(i));
                  }
                }));
    observers.add(
        m.gaugeBuilder(METRIC_SLO_BUDGET_REMAINING)
            .setDescription("The fraction of the SLO's error budget left over its window")
            .buildWithCallback(
                measurement -> {
                  for (int i = 0; i < slos.size(); i++) {
                    measurement.record(
                        slos.get(i).snapshot().budgetRemaining(), sloAttributes.get(i));
                  }
                }));
    observers.add(
        m.gaugeBuilder(METRIC_SLO_BURN_RATE)
            .setDescription("The SLO's burn rate over a window: error ratio / error budget")
            .buildWithCallback(
                measurement -> {
                  for (SloWindow w : windows) {
                    measurement.record(w.slo.burnRate(w.window), w.attributes);
                  }
                }));
  }

  /**
   * Stops every observable instrument and ignores later events. Every instrument is closed even
   * when one throws; the first failure is rethrown afterwards.
   */
  public void close() {
    closed = true;
    RuntimeException first = null;
    for (AutoCloseable c : observers) {
      try {
        c.close();
      } catch (Exception failure) {
        if (first == null) {
          first = new IllegalStateException("closing an OpenTelemetry instrument failed", failure);
        }
      }
    }
    observers.clear();
    if (first != null) {
      throw first;
    }
  }

  // ---- flags ----

  private void flagEvaluated(FlagEvaluated e) {
    Instruments in = instruments;
    if (flagMetrics && in != null) {
      in.flagEvaluations.add(1, in.flagAttributes(e));
    }
    boolean onSpan = false;
    Span span = null;
    if (flagSpanEvents && tracesOn) {
      span = Span.current();
      onSpan = span.isRecording();
    }
    Logger l = logger;
    boolean asLog = flagLogEvents && l != null;
    if (!onSpan && !asLog) {
      return;
    }
    Attributes attributes = evaluationAttributes(e);
    if (onSpan) {
      span.addEvent(FEATURE_FLAG_EVALUATION, attributes, e.at());
    }
    if (asLog) {
      l.logRecordBuilder()
          .setEventName(FEATURE_FLAG_EVALUATION)
          .setTimestamp(e.at())
          .setAllAttributes(attributes)
          .emit();
    }
  }

  static Attributes evaluationAttributes(FlagEvaluated e) {
    AttributesBuilder b = Attributes.builder();
    b.put(FEATURE_FLAG_KEY, e.flagKey());
    String variant = e.variant();
    if (variant != null) {
      b.put(FEATURE_FLAG_RESULT_VARIANT, variant);
    } else {
      putValue(b, e.value());
    }
    b.put(FEATURE_FLAG_RESULT_REASON, e.reason().toLowerCase(Locale.ROOT));
    b.put(FEATURE_FLAG_PROVIDER_NAME, PROVIDER_NAME);
    Map<String, Object> metadata = e.metadata();
    Object setId = metadata.get("flagSetId");
    if (setId != null) {
      b.put(FEATURE_FLAG_SET_ID, String.valueOf(setId));
    }
    Object version = metadata.get("version");
    if (version != null) {
      b.put(FEATURE_FLAG_VERSION, String.valueOf(version));
    }
    String error = e.errorCode();
    if (error != null) {
      b.put(ERROR_TYPE, error.toLowerCase(Locale.ROOT));
      String message = e.errorMessage();
      if (message != null) {
        b.put(ERROR_MESSAGE, message);
      }
    }
    return b.build();
  }

  private static void putValue(AttributesBuilder b, Object value) {
    if (value instanceof Boolean) {
      b.put(AttributeKey.booleanKey(FEATURE_FLAG_RESULT_VALUE), (Boolean) value);
    } else if (value instanceof String) {
      b.put(AttributeKey.stringKey(FEATURE_FLAG_RESULT_VALUE), (String) value);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      b.put(AttributeKey.longKey(FEATURE_FLAG_RESULT_VALUE), ((Number) value).longValue());
    } else if (value instanceof Number) {
      b.put(AttributeKey.doubleKey(FEATURE_FLAG_RESULT_VALUE), ((Number) value).doubleValue());
    } else {
      b.put(AttributeKey.stringKey(FEATURE_FLAG_RESULT_VALUE), Json.write(value, MAX_VALUE_CHARS));
    }
  }

  private void flagSetChanged(FlagSetChanged e) {
    Instruments in = instruments;
    if (in != null) {
      in.flagSetChanges.add(1);
    }
    Logger l = logger;
    if (l != null) {
      int count = e.added().size() + e.removed().size() + e.changed().size();
      emit(
          l,
          EVENT_FLAG_SET_CHANGED,
          e.at(),
          Severity.INFO,
          "flags changed: " + count + " keys",
          Attributes.builder()
              .put(FLAGS_ADDED, sorted(e.added()))
              .put(FLAGS_REMOVED, sorted(e.removed()))
              .put(FLAGS_CHANGED, sorted(e.changed()))
              .build());
    }
  }

  private void flagSourceFailed(FlagSourceFailed e) {
    Instruments in = instruments;
    if (in != null) {
      in.sourceFailures.add(1, Attributes.of(A_SOURCE, e.source()));
    }
    Logger l = logger;
    if (l != null) {
      AttributesBuilder b =
          Attributes.builder()
              .put(FLAGS_SOURCE, e.source())
              .put(FLAGS_FAILING_SINCE, e.since().toString())
              .put(ERROR_MESSAGE, e.message());
      Throwable cause = e.cause();
      b.put(ERROR_TYPE, cause == null ? "rejected" : cause.getClass().getName());
      if (cause != null) {
        putException(b, cause);
      }
      Instant previous = failingSince.put(e.source(), e.since());
      boolean firstOfStreak = !e.since().equals(previous);
      emit(
          l,
          EVENT_FLAG_SOURCE_FAILED,
          e.at(),
          firstOfStreak ? Severity.WARN : Severity.DEBUG,
          "flag source failed; the last good flags stay in use",
          b.build());
    }
  }

  // ---- SLOs ----

  private void sloAlert(SloAlertChange e) {
    String longWindow = label(e.longWindow());
    String shortWindow = label(e.shortWindow());
    Instruments in = instruments;
    if (in != null) {
      in.alertFiring.set(
          Attributes.of(
              A_SLO, e.slo(), A_SEVERITY, e.severity(), A_LONG_WINDOW, longWindow, A_SHORT_WINDOW,
              shortWindow),
          e.firing() ? 1.0 : 0.0);
      in.alertChanges.add(
          1,
          Attributes.of(
              A_SLO, e.slo(), A_SEVERITY, e.severity(), A_LONG_WINDOW, longWindow, A_STATE,
              e.firing() ? "fired" : "resolved"));
    }
    Logger l = logger;
    if (l != null) {
      emit(
          l,
          e.firing() ? EVENT_SLO_ALERT_FIRED : EVENT_SLO_ALERT_RESOLVED,
          e.at(),
          e.firing() ? Severity.WARN : Severity.INFO,
          "SLO " + e.slo() + " " + e.severity() + " alert " + (e.firing() ? "fired" : "resolved")
              + " (" + longWindow + "/" + shortWindow + ")",
          Attributes.builder()
              .put(SLO_NAME, e.slo())
              .put(SLO_ALERT_SEVERITY, e.severity())
              .put(SLO_ALERT_LONG_WINDOW, longWindow)
              .put(SLO_ALERT_SHORT_WINDOW, shortWindow)
              .put(SLO_ALERT_FACTOR, e.factor())
              .put(SLO_ALERT_LONG_BURN_RATE, e.longBurnRate())
              .put(SLO_ALERT_SHORT_BURN_RATE, e.shortBurnRate())
              .put(SLO_ALERT_WINDOW_BUDGET_CONSUMED, e.windowBudgetConsumed())
              .put(SLO_BUDGET_CONSUMED, e.periodBudgetConsumed())
              .build());
    }
  }

  private void budgetExhausted(SloBudgetExhausted e) {
    Instruments in = instruments;
    if (in != null) {
      in.budgetExhaustions.add(1, Attributes.of(A_SLO, e.slo()));
    }
    Logger l = logger;
    if (l != null) {
      emit(
          l,
          EVENT_SLO_BUDGET_EXHAUSTED,
          e.at(),
          Severity.WARN,
          "SLO " + e.slo() + " error budget exhausted",
          Attributes.builder()
              .put(SLO_NAME, e.slo())
              .put(SLO_OBJECTIVE, e.objective())
              .put(SLO_WINDOW, label(e.window()))
              .put(SLO_GOOD, e.good())
              .put(SLO_BAD, e.bad())
              .put(SLO_BUDGET_REMAINING, e.budgetRemaining())
              .build());
    }
  }

  // ---- health ----

  private void health(HealthStatusChanged e) {
    Probe probe = e.probe();
    String check = e.check();
    double value = e.current() == HealthStatus.UP ? 1.0 : 0.0;
    Instruments in = instruments;
    if (in != null) {
      if (probe != null) {
        in.probeStatus.set(Attributes.of(A_PROBE, probe.label()), value);
      } else if (check != null) {
        in.checkStatus.set(Attributes.of(A_CHECK, check), value);
      }
    }
    Logger l = logger;
    if (l != null) {
      AttributesBuilder b = Attributes.builder();
      if (probe != null) {
        b.put(HEALTH_PROBE, probe.label());
      } else if (check != null) {
        b.put(HEALTH_CHECK, check);
      }
      b.put(HEALTH_STATUS, e.current().name());
      HealthStatus previous = e.previous();
      if (previous != null) {
        b.put(HEALTH_PREVIOUS_STATUS, previous.name());
      }
      String message = e.message();
      if (message != null) {
        b.put(HEALTH_MESSAGE, message);
      }
      String subject = probe != null ? "probe " + probe.label() : "check " + check;
      emit(
          l,
          EVENT_HEALTH_STATUS_CHANGED,
          e.at(),
          e.current() == HealthStatus.UP ? Severity.INFO : Severity.WARN,
          "health " + subject + " is " + e.current().name(),
          b.build());
    }
  }

  // ---- guarded calls ----

  private void guardedCall(GuardedCallCompleted e) {
    Instruments in = instruments;
    String outcome = e.outcome().label();
    if (in != null) {
      in.guardCalls.record(
          seconds(e.duration()), Attributes.of(A_GUARD, e.guard(), A_OUTCOME, outcome));
    }
    Tracer t = tracer;
    if (!guardSpans || t == null) {
      return;
    }
    Instant end = e.at();
    Instant start = e.duration().isNegative() ? end : end.minus(e.duration());
    AttributesBuilder b =
        Attributes.builder()
            .put(GUARD_NAME, e.guard())
            .put(GUARD_OUTCOME, outcome)
            .put(GUARD_ATTEMPTS, (long) e.attempts())
            .put(GUARD_FALLBACK_USED, e.fallbackUsed());
    String rejectedBy = rejectedBy(e.outcome());
    if (rejectedBy != null) {
      b.put(GUARD_REJECTED_BY, rejectedBy);
    }
    Throwable failure = e.failure();
    boolean error = isError(e.outcome());
    if (error) {
      b.put(ERROR_TYPE, failure != null ? failure.getClass().getName() : outcome);
    }
    Span span =
        t.spanBuilder(GUARD_SPAN_PREFIX + e.guard())
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(Context.current())
            .setStartTimestamp(start)
            .setAllAttributes(b.build())
            .startSpan();
    if (failure != null) {
      AttributesBuilder exception = Attributes.builder();
      putException(exception, failure);
      span.addEvent("exception", exception.build(), end);
    }
    if (error) {
      String message = failure == null ? null : failure.getMessage();
      span.setStatus(StatusCode.ERROR, message == null ? outcome : message);
    }
    span.end(end);
  }

  static @Nullable String rejectedBy(GuardedCallCompleted.Outcome outcome) {
    switch (outcome) {
      case REJECTED_BY_CIRCUIT_BREAKER:
        return "circuit_breaker";
      case REJECTED_BY_BULKHEAD:
        return "bulkhead";
      case REJECTED_BY_RATE_LIMITER:
        return "rate_limiter";
      case REJECTED_BY_EXECUTOR:
        return "executor";
      default:
        return null;
    }
  }

  private static boolean isError(GuardedCallCompleted.Outcome outcome) {
    return outcome != GuardedCallCompleted.Outcome.SUCCESS
        && outcome != GuardedCallCompleted.Outcome.DISABLED_BY_FLAG;
  }

  private void circuitBreaker(CircuitBreakerStateChanged e) {
    Instruments in = instruments;
    if (in != null) {
      in.circuitTransitions.add(1, Attributes.of(A_GUARD, e.guard(), A_TO, e.to()));
    }
    Logger l = logger;
    if (l != null) {
      boolean opened = e.to().equals("OPEN") || e.to().equals("FORCED_OPEN");
      emit(
          l,
          EVENT_CIRCUIT_BREAKER_STATE_CHANGED,
          e.at(),
          opened ? Severity.WARN : Severity.INFO,
          "guard " + e.guard() + " circuit breaker " + e.from() + " -> " + e.to(),
          Attributes.of(GUARD_NAME, e.guard(), CIRCUIT_BREAKER_FROM, e.from(), CIRCUIT_BREAKER_TO,
              e.to()));
    }
  }

  // ---- rollouts ----

  private void rollout(RolloutStepChanged e) {
    String transition = e.transition().label();
    Instruments in = instruments;
    if (in != null) {
      in.rolloutPercent.set(Attributes.of(A_ROLLOUT, e.rollout(), A_FLAG, e.flag()), e.toPercent());
      in.rolloutTransitions.add(
          1, Attributes.of(A_ROLLOUT, e.rollout(), A_TRANSITION, transition));
    }
    Logger l = logger;
    if (l != null) {
      RolloutStepChanged.Transition t = e.transition();
      boolean bad =
          t == RolloutStepChanged.Transition.HALTED
              || t == RolloutStepChanged.Transition.ROLLED_BACK
              || t == RolloutStepChanged.Transition.ABORTED;
      emit(
          l,
          EVENT_ROLLOUT_STEP_CHANGED,
          e.at(),
          bad ? Severity.WARN : Severity.INFO,
          "rollout " + e.rollout() + " " + transition,
          Attributes.builder()
              .put(ROLLOUT_NAME, e.rollout())
              .put(FEATURE_FLAG_KEY, e.flag())
              .put(ROLLOUT_TRANSITION, transition)
              .put(ROLLOUT_FROM_PERCENT, e.fromPercent())
              .put(ROLLOUT_TO_PERCENT, e.toPercent())
              .put(ROLLOUT_REASON, e.reason())
              .build());
    }
  }

  // ---- helpers ----

  private static void emit(
      Logger logger,
      String eventName,
      Instant at,
      Severity severity,
      String body,
      Attributes attributes) {
    LogRecordBuilder b =
        logger
            .logRecordBuilder()
            .setEventName(eventName)
            .setTimestamp(at)
            .setSeverity(severity)
            .setSeverityText(severity.name())
            .setBody(body)
            .setAllAttributes(attributes);
    b.emit();
  }

  private static void putException(AttributesBuilder b, Throwable failure) {
    b.put(EXCEPTION_TYPE, failure.getClass().getName());
    String message = failure.getMessage();
    if (message != null) {
      b.put(EXCEPTION_MESSAGE, message);
    }
    StringWriter trace = new StringWriter();
    try (PrintWriter w = new PrintWriter(trace)) {
      failure.printStackTrace(w);
    }
    b.put(EXCEPTION_STACKTRACE, trace.toString());
  }

  private static List<String> sorted(Set<String> keys) {
    return new ArrayList<>(new TreeSet<>(keys));
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  /** The largest whole unit that divides {@code d}: {@code 30d}, {@code 6h}, {@code 5m}. */
  static String label(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (ms % units[i] == 0) {
        return (ms / units[i]) + names[i];
      }
    }
    return ms + "ms";
  }

  /** The synchronous instruments and the state behind the observable gauges. */
  private static final class Instruments {
    final LongCounter flagEvaluations;
    final LongCounter flagSetChanges;
    final LongCounter sourceFailures;
    final LongCounter alertChanges;
    final LongCounter budgetExhaustions;
    final LongCounter circuitTransitions;
    final LongCounter rolloutTransitions;
    final DoubleHistogram guardCalls;
    final GaugeValues alertFiring;
    final GaugeValues probeStatus;
    final GaugeValues checkStatus;
    final GaugeValues rolloutPercent;
    private final Map<FlagKey, Attributes> flagAttributes = new ConcurrentHashMap<>();
    private final Set<String> unknownFlags = ConcurrentHashMap.newKeySet();

    Instruments(Meter meter, List<AutoCloseable> observers) {
      flagEvaluations =
          counter(meter, METRIC_FLAG_EVALUATIONS,
              "Flag evaluations by flag, variant, reason and error", "{evaluation}");
      flagSetChanges =
          counter(meter, METRIC_FLAG_SET_CHANGES, "Changes of the effective flags", "{change}");
      sourceFailures =
          counter(meter, METRIC_FLAG_SOURCE_FAILURES, "Failed reads of a flag source", "{failure}");
      alertChanges =
          counter(meter, METRIC_SLO_ALERT_CHANGES,
              "SLO burn-rate alert pairs starting or stopping to fire", "{change}");
      budgetExhaustions =
          counter(meter, METRIC_SLO_BUDGET_EXHAUSTIONS,
              "Times an SLO's error budget became exhausted", "{exhaustion}");
      circuitTransitions =
          counter(meter, METRIC_GUARD_CIRCUIT_TRANSITIONS, "Circuit breaker state transitions",
              "{transition}");
      rolloutTransitions =
          counter(meter, METRIC_ROLLOUT_TRANSITIONS, "Rollout transitions", "{transition}");
      guardCalls =
          meter
              .histogramBuilder(METRIC_GUARD_CALLS)
              .setDescription("Calls through a guard, by outcome")
              .setUnit("s")
              .build();
      alertFiring =
          gauge(meter, observers, METRIC_SLO_ALERT_FIRING,
              "1 while an SLO burn-rate alert pair fires, else 0");
      probeStatus =
          gauge(meter, observers, METRIC_HEALTH_STATUS,
              "1 when the health probe is UP, 0 when DOWN or OUT_OF_SERVICE");
      checkStatus =
          gauge(meter, observers, METRIC_HEALTH_CHECK_STATUS,
              "1 when the health check is UP, 0 when DOWN or OUT_OF_SERVICE");
      rolloutPercent =
          gauge(meter, observers, METRIC_ROLLOUT_PERCENT,
              "The share of subjects a rollout serves the new variant, in percent");
    }

    Attributes flagAttributes(FlagEvaluated e) {
      String flag = e.flagKey();
      String errorCode = e.errorCode();
      if ("FLAG_NOT_FOUND".equals(errorCode)) {
        flag = unknownFlagTag(flag);
      }
      String variant = e.variant();
      FlagKey key =
          new FlagKey(
              flag,
              variant == null ? NONE : variant,
              e.reason(),
              errorCode == null ? NONE : errorCode);
      Attributes a = flagAttributes.get(key);
      if (a == null) {
        a =
            flagAttributes.computeIfAbsent(
                key,
                k ->
                    Attributes.of(
                        A_FLAG, k.flag,
                        A_VARIANT, k.variant,
                        A_REASON, k.reason.toLowerCase(Locale.ROOT),
                        A_ERROR, k.error.toLowerCase(Locale.ROOT)));
      }
      return a;
    }

    private String unknownFlagTag(String flagKey) {
      if (unknownFlags.contains(flagKey)) {
        return flagKey;
      }
      synchronized (unknownFlags) {
        if (unknownFlags.size() < MicrometerSink.MAX_UNKNOWN_FLAG_TAGS) {
          unknownFlags.add(flagKey);
          return flagKey;
        }
      }
      return UNKNOWN_FLAG;
    }

    private static LongCounter counter(Meter meter, String name, String description, String unit) {
      return meter.counterBuilder(name).setDescription(description).setUnit(unit).build();
    }

    private static GaugeValues gauge(
        Meter meter, List<AutoCloseable> observers, String name, String description) {
      GaugeValues values = new GaugeValues();
      observers.add(
          meter
              .gaugeBuilder(name)
              .setDescription(description)
              .buildWithCallback(values::observe));
      return values;
    }
  }

  /** The last value per attribute set of one observable gauge. */
  static final class GaugeValues {
    private final Map<Attributes, Double> values = new ConcurrentHashMap<>();

    void set(Attributes attributes, double value) {
      values.put(attributes, value);
    }

    void setIfAbsent(Attributes attributes, double value) {
      values.putIfAbsent(attributes, value);
    }

    void observe(ObservableDoubleMeasurement measurement) {
      values.forEach((a, v) -> measurement.record(v, a));
    }
  }

  private record SloWindow(Slo slo, Duration window, Attributes attributes) {}

  private record FlagKey(String flag, String variant, String reason, String error) {}
}
