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
import static dev.shipshape.otelbridge.OtelNames.FLAGS_ADDED;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_ADDED_COUNT;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_CHANGED;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_CHANGED_COUNT;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_FAILING_SINCE;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_REMOVED;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_REMOVED_COUNT;
import static dev.shipshape.otelbridge.OtelNames.FLAGS_SOURCE;
import static dev.shipshape.otelbridge.OtelNames.GUARD_NAME;
import static dev.shipshape.otelbridge.OtelNames.HEALTH_CHECK;
import static dev.shipshape.otelbridge.OtelNames.HEALTH_MESSAGE;
import static dev.shipshape.otelbridge.OtelNames.HEALTH_PREVIOUS_STATUS;
import static dev.shipshape.otelbridge.OtelNames.HEALTH_PROBE;
import static dev.shipshape.otelbridge.OtelNames.HEALTH_STATUS;
import static dev.shipshape.otelbridge.OtelNames.ROLLOUT_FROM_PERCENT;
import static dev.shipshape.otelbridge.OtelNames.ROLLOUT_NAME;
import static dev.shipshape.otelbridge.OtelNames.ROLLOUT_REASON;
import static dev.shipshape.otelbridge.OtelNames.ROLLOUT_TO_PERCENT;
import static dev.shipshape.otelbridge.OtelNames.ROLLOUT_TRANSITION;
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
import static dev.shipshape.otelbridge.OtelNames.SLO_RUNBOOK_URL;
import static dev.shipshape.otelbridge.OtelNames.SLO_WINDOW;

import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.FlagSetChanged;
import dev.shipshape.core.telemetry.FlagSourceFailed;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.SloAlertChange;
import dev.shipshape.core.telemetry.SloBudgetExhausted;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The logs signal: state changes (SLO alerts, budget exhaustion, health, rollouts, flag sets,
 * flag sources, circuit breakers) and, when asked, flag evaluations, as log-record events with an
 * event name, a short human-readable body and attributes.
 */
final class OtelLogEvents {

  private final Logger logger;
  private final boolean flagLogEvents;
  private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();

  OtelLogEvents(Logger logger, boolean flagLogEvents) {
    this.logger = logger;
    this.flagLogEvents = flagLogEvents;
  }

  /** Whether every evaluation also becomes a log-record event. */
  boolean flagLogEvents() {
    return flagLogEvents;
  }

  /**
   * Emits an evaluation as a {@code feature_flag.evaluation} log-record event.
   *
   * @param attributes attributes the span event already built, or null to build them
   */
  void flagEvaluated(FlagEvaluated e, @Nullable Attributes attributes) {
    if (!flagLogEvents) {
      return;
    }
    logger
        .logRecordBuilder()
        .setEventName(FEATURE_FLAG_EVALUATION)
        .setTimestamp(e.at())
        .setAllAttributes(attributes != null ? attributes : OtelSpans.evaluationAttributes(e))
        .emit();
  }

  /**
   * Emits a flag set change: per kind of change its count and the keys {@linkplain
   * FlagSetChanged#listed listed}, so that loading a file of 50,000 flags gives a record of at
   * most 300 keys.
   */
  void flagSetChanged(FlagSetChanged e) {
    int count = e.added().size() + e.removed().size() + e.changed().size();
    emit(
        EVENT_FLAG_SET_CHANGED,
        e.at(),
        Severity.INFO,
        "flags changed: " + count + " keys (" + e.added().size() + " added, "
            + e.removed().size() + " removed, " + e.changed().size() + " changed)",
        Attributes.builder()
            .put(FLAGS_ADDED, FlagSetChanged.listed(e.added()))
            .put(FLAGS_ADDED_COUNT, e.added().size())
            .put(FLAGS_REMOVED, FlagSetChanged.listed(e.removed()))
            .put(FLAGS_REMOVED_COUNT, e.removed().size())
            .put(FLAGS_CHANGED, FlagSetChanged.listed(e.changed()))
            .put(FLAGS_CHANGED_COUNT, e.changed().size())
            .build());
  }

  void flagSourceFailed(FlagSourceFailed e) {
    AttributesBuilder b =
        Attributes.builder()
            .put(FLAGS_SOURCE, e.source())
            .put(FLAGS_FAILING_SINCE, e.since().toString())
            .put(ERROR_MESSAGE, e.message());
    Throwable cause = e.cause();
    b.put(ERROR_TYPE, cause == null ? "rejected" : cause.getClass().getName());
    if (cause != null) {
      OtelSpans.putException(b, cause);
    }
    Instant previous = failingSince.put(e.source(), e.since());
    boolean firstOfStreak = !e.since().equals(previous);
    emit(
        EVENT_FLAG_SOURCE_FAILED,
        e.at(),
        firstOfStreak ? Severity.WARN : Severity.DEBUG,
        "flag source '" + e.source() + "' failed; the last good flags stay in use: " + e.message(),
        b.build());
  }

  void sloAlert(SloAlertChange e) {
    String longWindow = MeterCatalogue.window(e.longWindow());
    String shortWindow = MeterCatalogue.window(e.shortWindow());
    String runbook = e.runbookUrl().orElse(null);
    AttributesBuilder b =
        Attributes.builder()
            .put(SLO_NAME, e.slo())
            .put(SLO_ALERT_SEVERITY, e.severity().label())
            .put(SLO_ALERT_LONG_WINDOW, longWindow)
            .put(SLO_ALERT_SHORT_WINDOW, shortWindow)
            .put(SLO_ALERT_FACTOR, e.factor())
            .put(SLO_ALERT_LONG_BURN_RATE, e.longBurnRate())
            .put(SLO_ALERT_SHORT_BURN_RATE, e.shortBurnRate())
            .put(SLO_ALERT_WINDOW_BUDGET_CONSUMED, e.windowBudgetConsumed())
            .put(SLO_BUDGET_CONSUMED, e.periodBudgetConsumed());
    if (runbook != null) {
      b.put(SLO_RUNBOOK_URL, runbook);
    }
    emit(
        e.firing() ? EVENT_SLO_ALERT_FIRED : EVENT_SLO_ALERT_RESOLVED,
        e.at(),
        e.firing() ? Severity.WARN : Severity.INFO,
        "SLO " + e.slo() + " " + e.severity().label() + " alert "
            + (e.firing() ? "fired" : "resolved") + " (" + longWindow + "/" + shortWindow + ")"
            + (e.firing() && runbook != null ? "; runbook " + runbook : ""),
        b.build());
  }

  void budgetExhausted(SloBudgetExhausted e) {
    emit(
        EVENT_SLO_BUDGET_EXHAUSTED,
        e.at(),
        Severity.WARN,
        "SLO " + e.slo() + " error budget exhausted",
        Attributes.builder()
            .put(SLO_NAME, e.slo())
            .put(SLO_OBJECTIVE, e.objective())
            .put(SLO_WINDOW, MeterCatalogue.window(e.window()))
            .put(SLO_GOOD, e.good())
            .put(SLO_BAD, e.bad())
            .put(SLO_BUDGET_REMAINING, e.budgetRemaining())
            .build());
  }

  void health(HealthStatusChanged e) {
    Probe probe = e.probe();
    String check = e.check();
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
        EVENT_HEALTH_STATUS_CHANGED,
        e.at(),
        e.current() == HealthStatus.UP ? Severity.INFO : Severity.WARN,
        "health " + subject + " is " + e.current().name(),
        b.build());
  }

  void circuitBreaker(CircuitBreakerStateChanged e) {
    emit(
        EVENT_CIRCUIT_BREAKER_STATE_CHANGED,
        e.at(),
        e.opened() ? Severity.WARN : Severity.INFO,
        "guard " + e.guard() + " circuit breaker " + e.from() + " -> " + e.to(),
        Attributes.of(
            GUARD_NAME, e.guard(),
            CIRCUIT_BREAKER_FROM, MeterCatalogue.label(e.from()),
            CIRCUIT_BREAKER_TO, MeterCatalogue.label(e.to())));
  }

  void rollout(RolloutStepChanged e) {
    RolloutStepChanged.Transition t = e.transition();
    boolean bad =
        t == RolloutStepChanged.Transition.HALTED
            || t == RolloutStepChanged.Transition.ROLLED_BACK
            || t == RolloutStepChanged.Transition.ABORTED
            || t == RolloutStepChanged.Transition.HELD;
    emit(
        EVENT_ROLLOUT_STEP_CHANGED,
        e.at(),
        bad ? Severity.WARN : Severity.INFO,
        "rollout " + e.rollout() + " " + t.label(),
        Attributes.builder()
            .put(ROLLOUT_NAME, e.rollout())
            .put(FEATURE_FLAG_KEY, e.flag())
            .put(ROLLOUT_TRANSITION, t.label())
            .put(ROLLOUT_FROM_PERCENT, e.fromPercent())
            .put(ROLLOUT_TO_PERCENT, e.toPercent())
            .put(ROLLOUT_REASON, e.reason())
            .build());
  }

  private void emit(
      String eventName, Instant at, Severity severity, String body, Attributes attributes) {
    logger
        .logRecordBuilder()
        .setEventName(eventName)
        .setTimestamp(at)
        .setSeverity(severity)
        .setSeverityText(severity.name())
        .setBody(Text.cut(body))
        .setAllAttributes(Text.cut(attributes))
        .emit();
  }
}
