/**
 * Telemetry hooks: one stream of typed, immutable events from every part of Shipshape (flags,
 * SLOs, health, guarded calls, rollouts), delivered to {@link
 * dev.shipshape.core.telemetry.TelemetrySink}s.
 *
 * <p>Sinks are isolated: a sink that throws is logged once per cause, counted and skipped, and
 * never reaches the code that produced the event. An event that no sink {@linkplain
 * dev.shipshape.core.telemetry.TelemetrySink#wants(TelemetryEvent.Kind) wants} is never created.
 * Two sinks ship with the library: {@link dev.shipshape.core.telemetry.Slf4jSink} (on by default
 * in the facade) and {@link dev.shipshape.core.telemetry.MicrometerSink}.
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.core.telemetry;
