package dev.shipshape.core.health;

import org.jspecify.annotations.Nullable;

/**
 * Receives status changes of probes and checks, for logging, metrics or telemetry. Both methods
 * do nothing by default. Calls come from the thread that produced the change (a health executor
 * thread, the scheduler or a probe caller); a listener that throws is logged once per cause and
 * never affects probes, checks or other listeners.
 */
public interface HealthListener {

  /**
   * A probe's status differs from its previous report (or it was reported for the first time).
   *
   * @param probe the probe
   * @param previous the status in the previous report, or null for the first report
   * @param current the new status
   */
  default void onProbeStatusChange(Probe probe, @Nullable HealthStatus previous, HealthStatus current) {}

  /**
   * A check's latest result has a different status from its previous one (or is its first).
   *
   * @param check the check's name
   * @param previous the previous status, or null for the first result
   * @param current the new status
   * @param message the new result's message, or null
   */
  default void onCheckStatusChange(
      String check, @Nullable HealthStatus previous, HealthStatus current, @Nullable String message) {}
}
