package dev.shipshape.otelbridge;

import dev.shipshape.core.telemetry.TelemetryContext;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.otelbridge.internal.OtelBridge;
import dev.shipshape.otelbridge.internal.Version;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * A telemetry sink that reports Shipshape's events through the OpenTelemetry API of the
 * application's own {@link OpenTelemetry} instance (never {@code GlobalOpenTelemetry}), under the
 * instrumentation scope {@value OtelNames#SCOPE} with the library's version.
 *
 * <ul>
 *   <li>Flag evaluations become {@code feature_flag.evaluation} events on the current span when
 *       it is recording (optionally also log-record events), with the semantic-convention
 *       attributes, and are counted in {@code shipshape.flag.evaluations}.
 *   <li>Guarded calls become spans named {@code guard <name>} (kind INTERNAL, child of the
 *       current context) with the outcome, attempts and rejecting pattern, status ERROR and the
 *       exception on failure; their durations go to the {@code shipshape.guard.calls} histogram.
 *   <li>SLO alert changes, budget exhaustion, health changes, rollout transitions, flag set
 *       changes, flag source failures and circuit breaker transitions become log-record events
 *       and metrics.
 * </ul>
 *
 * <p>Every string written on spans, span events and log records (attribute values, span names,
 * status descriptions, bodies) is cut at 1,024 characters, 1,023 rather than split a surrogate
 * pair; an exception's stack trace at 16,384, printed no further than that.
 *
 * <p>Each signal whose provider is the no-op one is skipped; with {@link OpenTelemetry#noop()}
 * the sink wants no events, so the application does not even create them. Exporters run inside
 * the SDK and never reach the application; should the SDK itself throw, the exception leaves
 * {@link #accept(TelemetryEvent)} and the facade, which isolates every sink, logs it once per
 * cause and counts it in {@code shipshape.telemetry.sink.failures} with {@code sink} = {@code
 * opentelemetry}, so the code that produced the event never sees it.
 *
 * <pre>{@code
 * Shipshape ship = Shipshape.builder()
 *     .telemetry(OtelTelemetry.of(openTelemetry))
 *     .build();
 * }</pre>
 */
public final class OtelTelemetry implements TelemetrySink {

  private final OtelBridge bridge;

  private OtelTelemetry(Builder b) {
    this.bridge =
        new OtelBridge(
            b.openTelemetry,
            b.flagEvaluationSpanEvents,
            b.flagEvaluationLogEvents,
            b.flagEvaluationMetrics,
            b.guardSpans);
  }

  /**
   * A sink with the default options: flag evaluations as span events and counted, guarded calls
   * as spans, no flag-evaluation log events.
   *
   * @param openTelemetry the application's instance, such as its {@code OpenTelemetrySdk}
   * @return the sink
   */
  public static OtelTelemetry of(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * Starts a sink with options.
   *
   * @param openTelemetry the application's instance
   * @return a builder
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * The instrumentation scope version the sink reports: the version of this library.
   *
   * @return the version, such as {@code 0.1.0}
   */
  public static String instrumentationVersion() {
    return Version.get();
  }

  /**
   * Whether every signal of the instance is a no-op, so the sink wants no events.
   *
   * @return true for {@link OpenTelemetry#noop()} and instances like it
   */
  public boolean isNoop() {
    return bridge.isNoop();
  }

  @Override
  public String name() {
    return "opentelemetry";
  }

  @Override
  public boolean wants(TelemetryEvent.Kind kind) {
    return bridge.wants(kind);
  }

  @Override
  public void accept(TelemetryEvent event) {
    bridge.accept(event);
  }

  @Override
  public void bind(TelemetryContext context) {
    bridge.bind(context);
  }

  @Override
  public void close() {
    bridge.close();
  }

  /** Options of an {@link OtelTelemetry} sink; every option has a default. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean flagEvaluationSpanEvents = true;
    private boolean flagEvaluationLogEvents;
    private boolean flagEvaluationMetrics = true;
    private boolean guardSpans = true;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Whether a flag evaluation adds a {@code feature_flag.evaluation} event to the current span
     * when that span is recording (the OpenFeature observability appendix's recommendation).
     * Default true.
     *
     * @param enabled true to add span events
     * @return this builder
     */
    public Builder flagEvaluationSpanEvents(boolean enabled) {
      this.flagEvaluationSpanEvents = enabled;
      return this;
    }

    /**
     * Whether every flag evaluation is also emitted as a {@code feature_flag.evaluation}
     * log-record event, inside a span or not. One event per evaluation; default false.
     *
     * @param enabled true to emit log-record events
     * @return this builder
     */
    public Builder flagEvaluationLogEvents(boolean enabled) {
      this.flagEvaluationLogEvents = enabled;
      return this;
    }

    /**
     * Whether flag evaluations are counted in {@code shipshape.flag.evaluations}. Default true.
     *
     * @param enabled true to count evaluations
     * @return this builder
     */
    public Builder flagEvaluationMetrics(boolean enabled) {
      this.flagEvaluationMetrics = enabled;
      return this;
    }

    /**
     * Whether each guarded call becomes a {@code guard <name>} span. Default true.
     *
     * @param enabled true to record spans
     * @return this builder
     */
    public Builder guardSpans(boolean enabled) {
      this.guardSpans = enabled;
      return this;
    }

    /**
     * Builds the sink; reusing the builder afterwards does not change it.
     *
     * @return the sink
     */
    public OtelTelemetry build() {
      return new OtelTelemetry(this);
    }
  }
}
