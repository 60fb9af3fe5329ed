/**
 * Health probes: named checks registered into the Kubernetes probes (liveness, readiness,
 * startup), run concurrently under per-check timeouts, cached or refreshed in the background, and
 * reported as MicroProfile Health JSON, optionally over the JDK's built-in HTTP server.
 *
 * <p>Start with {@link dev.shipshape.core.health.Health#builder()}; expose the probes with {@link
 * dev.shipshape.core.health.HealthEndpoint#start(Health, HealthEndpoint.Options)}.
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.core.health;
