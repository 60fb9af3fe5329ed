package dev.shipshape.otelbridge;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The names {@link OtelTelemetry} gives its events, spans and their attributes, and its
 * instrumentation scope. Flag evaluations follow the OpenTelemetry feature-flag semantic
 * conventions; Shipshape's own events and attributes live under {@code shipshape.}. Metric names,
 * units and attribute keys are not here: they are the core module's {@link
 * dev.shipshape.core.telemetry.MeterCatalogue}, which the Micrometer sink uses too, so one set of
 * dashboards and Prometheus rules serves both pipelines.
 */
public final class OtelNames {

  private OtelNames() {}

  /** The instrumentation scope name of every tracer, meter and logger the bridge uses. */
  public static final String SCOPE = "dev.shipshape";

  /** The value of {@link #FEATURE_FLAG_PROVIDER_NAME} on every flag evaluation. */
  public static final String PROVIDER_NAME = "shipshape";

  // ---- Events (span events and log-record events) ----

  /** The semantic-convention event for one flag evaluation (span event, optionally a log event). */
  public static final String FEATURE_FLAG_EVALUATION = "feature_flag.evaluation";

  /** Log event: an SLO burn-rate alert pair started firing. */
  public static final String EVENT_SLO_ALERT_FIRED = "shipshape.slo.alert.fired";

  /** Log event: an SLO burn-rate alert pair stopped firing. */
  public static final String EVENT_SLO_ALERT_RESOLVED = "shipshape.slo.alert.resolved";

  /** Log event: an SLO's error budget became exhausted. */
  public static final String EVENT_SLO_BUDGET_EXHAUSTED = "shipshape.slo.budget.exhausted";

  /** Log event: a health probe or check changed status. */
  public static final String EVENT_HEALTH_STATUS_CHANGED = "shipshape.health.status.changed";

  /** Log event: a progressive rollout started, moved, halted, rolled back or finished. */
  public static final String EVENT_ROLLOUT_STEP_CHANGED = "shipshape.rollout.step.changed";

  /** Log event: the effective flags changed. */
  public static final String EVENT_FLAG_SET_CHANGED = "shipshape.flag.set.changed";

  /** Log event: a flag source could not be read or was rejected. */
  public static final String EVENT_FLAG_SOURCE_FAILED = "shipshape.flag.source.failed";

  /** Log event: a guard's circuit breaker changed state. */
  public static final String EVENT_CIRCUIT_BREAKER_STATE_CHANGED =
      "shipshape.guard.circuit_breaker.state.changed";

  // ---- Spans ----

  /** Guarded-call spans are named this prefix followed by the guard's name: {@code guard payments}. */
  public static final String GUARD_SPAN_PREFIX = "guard ";

  // ---- Feature-flag semantic-convention attributes ----

  /** The evaluated flag's key. */
  public static final AttributeKey<String> FEATURE_FLAG_KEY =
      AttributeKey.stringKey("feature_flag.key");

  /** The selected variant. */
  public static final AttributeKey<String> FEATURE_FLAG_RESULT_VARIANT =
      AttributeKey.stringKey("feature_flag.result.variant");

  /**
   * The returned value, set only when there is no variant: a boolean, long, double or string
   * attribute for those values, compact JSON text for objects.
   */
  public static final String FEATURE_FLAG_RESULT_VALUE = "feature_flag.result.value";

  /** Why the value was returned, lower case ({@code targeting_match}, {@code split}...). */
  public static final AttributeKey<String> FEATURE_FLAG_RESULT_REASON =
      AttributeKey.stringKey("feature_flag.result.reason");

  /** The flag provider's name, always {@value #PROVIDER_NAME}. */
  public static final AttributeKey<String> FEATURE_FLAG_PROVIDER_NAME =
      AttributeKey.stringKey("feature_flag.provider.name");

  /** The flag set's id, from the {@code flagSetId} metadata entry. */
  public static final AttributeKey<String> FEATURE_FLAG_SET_ID =
      AttributeKey.stringKey("feature_flag.set.id");

  /** The flag's version, from the {@code version} metadata entry. */
  public static final AttributeKey<String> FEATURE_FLAG_VERSION =
      AttributeKey.stringKey("feature_flag.version");

  /** The error's type: an OpenFeature error code in lower case, or an exception class. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** A human-readable error message. */
  public static final AttributeKey<String> ERROR_MESSAGE = AttributeKey.stringKey("error.message");

  // ---- Shipshape attributes on spans and log events ----

  /** The guard's name. */
  public static final AttributeKey<String> GUARD_NAME = AttributeKey.stringKey("shipshape.guard.name");

  /** How a guarded call ended: {@code success}, {@code failure}, {@code timeout}... */
  public static final AttributeKey<String> GUARD_OUTCOME =
      AttributeKey.stringKey("shipshape.guard.outcome");

  /** How many times the call was attempted (0 when rejected before any attempt). */
  public static final AttributeKey<Long> GUARD_ATTEMPTS =
      AttributeKey.longKey("shipshape.guard.attempts");

  /** The pattern that refused the call: {@code circuit_breaker}, {@code bulkhead}, {@code rate_limiter}. */
  public static final AttributeKey<String> GUARD_REJECTED_BY =
      AttributeKey.stringKey("shipshape.guard.rejected_by");

  /** Whether the guard's fallback produced the caller's result. */
  public static final AttributeKey<Boolean> GUARD_FALLBACK_USED =
      AttributeKey.booleanKey("shipshape.guard.fallback_used");

  /**
   * The circuit breaker's previous state, lower case ({@code closed}, {@code open}, {@code
   * half_open}...).
   */
  public static final AttributeKey<String> CIRCUIT_BREAKER_FROM =
      AttributeKey.stringKey("shipshape.guard.circuit_breaker.from");

  /** The circuit breaker's new state. */
  public static final AttributeKey<String> CIRCUIT_BREAKER_TO =
      AttributeKey.stringKey("shipshape.guard.circuit_breaker.to");

  /** The SLO's name. */
  public static final AttributeKey<String> SLO_NAME = AttributeKey.stringKey("shipshape.slo.name");

  /** The alert pair's severity: {@code page} or {@code ticket}. */
  public static final AttributeKey<String> SLO_ALERT_SEVERITY =
      AttributeKey.stringKey("shipshape.slo.alert.severity");

  /** The alert pair's long window as a label ({@code 1h}). */
  public static final AttributeKey<String> SLO_ALERT_LONG_WINDOW =
      AttributeKey.stringKey("shipshape.slo.alert.long_window");

  /** The alert pair's short window as a label ({@code 5m}). */
  public static final AttributeKey<String> SLO_ALERT_SHORT_WINDOW =
      AttributeKey.stringKey("shipshape.slo.alert.short_window");

  /** The burn rate both windows had to exceed. */
  public static final AttributeKey<Double> SLO_ALERT_FACTOR =
      AttributeKey.doubleKey("shipshape.slo.alert.factor");

  /** The burn rate seen over the long window. */
  public static final AttributeKey<Double> SLO_ALERT_LONG_BURN_RATE =
      AttributeKey.doubleKey("shipshape.slo.alert.long_burn_rate");

  /** The burn rate seen over the short window. */
  public static final AttributeKey<Double> SLO_ALERT_SHORT_BURN_RATE =
      AttributeKey.doubleKey("shipshape.slo.alert.short_burn_rate");

  /** The fraction of the period's budget spent within the long window. */
  public static final AttributeKey<Double> SLO_ALERT_WINDOW_BUDGET_CONSUMED =
      AttributeKey.doubleKey("shipshape.slo.alert.window_budget_consumed");

  /** Where the SLO's runbook is, when it has one. */
  public static final AttributeKey<String> SLO_RUNBOOK_URL =
      AttributeKey.stringKey("shipshape.slo.runbook_url");

  /** The fraction of the budget spent over the SLO window so far. */
  public static final AttributeKey<Double> SLO_BUDGET_CONSUMED =
      AttributeKey.doubleKey("shipshape.slo.budget_consumed");

  /** The fraction of the budget left (zero or negative when exhausted). */
  public static final AttributeKey<Double> SLO_BUDGET_REMAINING =
      AttributeKey.doubleKey("shipshape.slo.budget_remaining");

  /** The SLO's objective, such as 0.999. */
  public static final AttributeKey<Double> SLO_OBJECTIVE =
      AttributeKey.doubleKey("shipshape.slo.objective");

  /** The SLO window as a label ({@code 4w}, {@code 30d}). */
  public static final AttributeKey<String> SLO_WINDOW =
      AttributeKey.stringKey("shipshape.slo.window");

  /** Good events (or slices) in the SLO window. */
  public static final AttributeKey<Long> SLO_GOOD = AttributeKey.longKey("shipshape.slo.good");

  /** Bad events (or slices) in the SLO window. */
  public static final AttributeKey<Long> SLO_BAD = AttributeKey.longKey("shipshape.slo.bad");

  /** The probe whose status changed: {@code liveness}, {@code readiness} or {@code startup}. */
  public static final AttributeKey<String> HEALTH_PROBE =
      AttributeKey.stringKey("shipshape.health.probe");

  /** The check whose status changed. */
  public static final AttributeKey<String> HEALTH_CHECK =
      AttributeKey.stringKey("shipshape.health.check");

  /** The new status: {@code UP}, {@code OUT_OF_SERVICE} or {@code DOWN}. */
  public static final AttributeKey<String> HEALTH_STATUS =
      AttributeKey.stringKey("shipshape.health.status");

  /** The previous status; absent on the first report. */
  public static final AttributeKey<String> HEALTH_PREVIOUS_STATUS =
      AttributeKey.stringKey("shipshape.health.previous_status");

  /** The check's message, when it gave one. */
  public static final AttributeKey<String> HEALTH_MESSAGE =
      AttributeKey.stringKey("shipshape.health.message");

  /** The rollout's name. */
  public static final AttributeKey<String> ROLLOUT_NAME =
      AttributeKey.stringKey("shipshape.rollout.name");

  /** What happened to the rollout: {@code started}, {@code advanced}, {@code halted}... */
  public static final AttributeKey<String> ROLLOUT_TRANSITION =
      AttributeKey.stringKey("shipshape.rollout.transition");

  /** The rolled-out share before the change, in percent. */
  public static final AttributeKey<Double> ROLLOUT_FROM_PERCENT =
      AttributeKey.doubleKey("shipshape.rollout.from_percent");

  /** The rolled-out share after the change, in percent. */
  public static final AttributeKey<Double> ROLLOUT_TO_PERCENT =
      AttributeKey.doubleKey("shipshape.rollout.to_percent");

  /** Why the rollout changed, in words. */
  public static final AttributeKey<String> ROLLOUT_REASON =
      AttributeKey.stringKey("shipshape.rollout.reason");

  /** Flag keys that a flag set change added, sorted: the first 100 at most. */
  public static final AttributeKey<List<String>> FLAGS_ADDED =
      AttributeKey.stringArrayKey("shipshape.flags.added");

  /** Flag keys that a flag set change removed, sorted: the first 100 at most. */
  public static final AttributeKey<List<String>> FLAGS_REMOVED =
      AttributeKey.stringArrayKey("shipshape.flags.removed");

  /** Flag keys whose definition a flag set change modified, sorted: the first 100 at most. */
  public static final AttributeKey<List<String>> FLAGS_CHANGED =
      AttributeKey.stringArrayKey("shipshape.flags.changed");

  /**
   * How many flag keys a flag set change added; {@link #FLAGS_ADDED} lists at most the first 100
   * of them.
   */
  public static final AttributeKey<Long> FLAGS_ADDED_COUNT =
      AttributeKey.longKey("shipshape.flags.added_count");

  /**
   * How many flag keys a flag set change removed; {@link #FLAGS_REMOVED} lists at most the first
   * 100 of them.
   */
  public static final AttributeKey<Long> FLAGS_REMOVED_COUNT =
      AttributeKey.longKey("shipshape.flags.removed_count");

  /**
   * How many flag keys a flag set change modified; {@link #FLAGS_CHANGED} lists at most the first
   * 100 of them.
   */
  public static final AttributeKey<Long> FLAGS_CHANGED_COUNT =
      AttributeKey.longKey("shipshape.flags.changed_count");

  /** The flag source's name (a path, URL or resource name). */
  public static final AttributeKey<String> FLAGS_SOURCE =
      AttributeKey.stringKey("shipshape.flags.source");

  /** When the source's current streak of failures started (ISO-8601). */
  public static final AttributeKey<String> FLAGS_FAILING_SINCE =
      AttributeKey.stringKey("shipshape.flags.failing_since");
}
