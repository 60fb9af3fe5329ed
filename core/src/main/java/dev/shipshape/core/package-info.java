/**
 * The Shipshape facade: one builder that wires feature flags, SLOs, health probes and telemetry
 * into an application, on one clock and one scheduler.
 *
 * <p>Start with {@link dev.shipshape.core.Shipshape#builder()}.
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.core;
