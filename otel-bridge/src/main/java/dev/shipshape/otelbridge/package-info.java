/**
 * Shipshape telemetry through the OpenTelemetry API: {@link dev.shipshape.otelbridge.OtelTelemetry}
 * is a telemetry sink that turns flag evaluations into {@code feature_flag.evaluation} events,
 * guarded calls into spans, and SLO, flag, health and rollout changes into metrics and log-record
 * events, named by the OpenTelemetry semantic conventions where they exist ({@link
 * dev.shipshape.otelbridge.OtelNames} lists every name).
 *
 * <p>The module depends on {@code opentelemetry-api} only; the application brings the SDK and its
 * exporters and hands its {@code OpenTelemetry} instance to the sink.
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.otelbridge;
