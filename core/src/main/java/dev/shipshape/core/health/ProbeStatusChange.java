package dev.shipshape.core.health;

import org.jspecify.annotations.Nullable;

/**
 * A probe's status changed, as told to {@link HealthListener#probeStatusChanged}.
 *
 * @param probe the probe
 * @param previous the status in the previous report, or null for the first report
 * @param current the new status
 */
public record ProbeStatusChange(Probe probe, @Nullable HealthStatus previous, HealthStatus current) {}
