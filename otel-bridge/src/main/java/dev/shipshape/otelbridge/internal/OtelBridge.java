package dev.shipshape.otelbridge.internal;

import static dev.shipshape.otelbridge.OtelNames.SCOPE;

import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.FlagSetChanged;
import dev.shipshape.core.telemetry.FlagSourceFailed;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.SloAlertChange;
import dev.shipshape.core.telemetry.SloBudgetExhausted;
import dev.shipshape.core.telemetry.TelemetryContext;
import dev.shipshape.core.telemetry.TelemetryEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import org.jspecify.annotations.Nullable;

/**
 * Hands each telemetry event to the signals that report it: {@link OtelMetrics}, {@link
 * OtelLogEvents} and {@link OtelSpans}. A signal whose provider is the no-op one is not created.
 */
public final class OtelBridge {

  private final @Nullable OtelMetrics metrics;
  private final @Nullable OtelLogEvents logs;
  private final @Nullable OtelSpans spans;
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
    String version = Version.get();
    this.metrics =
        meters == MeterProvider.noop()
            ? null
            : new OtelMetrics(
                meters.meterBuilder(SCOPE).setInstrumentationVersion(version).build(),
                flagMetrics);
    this.logs =
        loggers == LoggerProvider.noop()
            ? null
            : new OtelLogEvents(
                loggers.loggerBuilder(SCOPE).setInstrumentationVersion(version).build(),
                flagLogEvents);
    this.spans =
        tracers == TracerProvider.noop()
            ? null
            : new OtelSpans(
                tracers.tracerBuilder(SCOPE).setInstrumentationVersion(version).build(),
                flagSpanEvents,
                guardSpans);
  }

  /**
   * Whether every signal goes to a no-op provider, so the bridge wants no events at all.
   *
   * @return true for {@code OpenTelemetry.noop()} and instances like it
   */
  public boolean isNoop() {
    return metrics == null && logs == null && spans == null;
  }

  /**
   * Whether events of {@code kind} produce any signal.
   *
   * @param kind the kind
   * @return true when some enabled signal uses it
   */
  public boolean wants(TelemetryEvent.Kind kind) {
    OtelSpans s = spans;
    OtelLogEvents l = logs;
    switch (kind) {
      case FLAG_EVALUATED:
        OtelMetrics m = metrics;
        return (s != null && s.flagSpanEvents())
            || (l != null && l.flagLogEvents())
            || (m != null && m.countsFlagEvaluations());
      case GUARDED_CALL_COMPLETED:
        return (s != null && s.guardSpans()) || metrics != null;
      default:
        return metrics != null || l != null;
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
    OtelMetrics m = metrics;
    if (m != null) {
      m.accept(event);
    }
    OtelLogEvents l = logs;
    OtelSpans s = spans;
    switch (event.kind()) {
      case FLAG_EVALUATED:
        FlagEvaluated f = (FlagEvaluated) event;
        Attributes onSpan = s == null ? null : s.flagEvaluated(f);
        if (l != null) {
          l.flagEvaluated(f, onSpan);
        }
        break;
      case GUARDED_CALL_COMPLETED:
        if (s != null) {
          s.guardedCall((GuardedCallCompleted) event);
        }
        break;
      default:
        if (l != null) {
          log(l, event);
        }
        break;
    }
  }

  private static void log(OtelLogEvents l, TelemetryEvent event) {
    switch (event.kind()) {
      case FLAG_SET_CHANGED:
        l.flagSetChanged((FlagSetChanged) event);
        break;
      case FLAG_SOURCE_FAILED:
        l.flagSourceFailed((FlagSourceFailed) event);
        break;
      case SLO_ALERT_FIRED:
      case SLO_ALERT_RESOLVED:
        l.sloAlert((SloAlertChange) event);
        break;
      case SLO_BUDGET_EXHAUSTED:
        l.budgetExhausted((SloBudgetExhausted) event);
        break;
      case HEALTH_STATUS_CHANGED:
        l.health((HealthStatusChanged) event);
        break;
      case CIRCUIT_BREAKER_STATE_CHANGED:
        l.circuitBreaker((CircuitBreakerStateChanged) event);
        break;
      case ROLLOUT_STEP_CHANGED:
        l.rollout((RolloutStepChanged) event);
        break;
      default:
        break;
    }
  }

  /**
   * Registers the meters that poll the application's state.
   *
   * @param context the bound application
   */
  public void bind(TelemetryContext context) {
    OtelMetrics m = metrics;
    if (m != null && !closed) {
      m.bind(context);
    }
  }

  /**
   * Stops every observable instrument and ignores later events.
   *
   * @throws IllegalStateException when an instrument failed to close (the others still are)
   */
  public void close() {
    closed = true;
    OtelMetrics m = metrics;
    if (m != null) {
      m.close();
    }
  }
}
