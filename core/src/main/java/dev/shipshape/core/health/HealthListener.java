package dev.shipshape.core.health;

/**
 * Receives status changes of probes and checks, for logging, metrics or telemetry. Each callback
 * takes one event and does nothing by default. A listener hears the changes in the order they
 * happened, one call at a time, and a change has reached it when the call that made the change
 * returns. Calls come from the thread that produced the change (a health executor thread, the
 * scheduler or a probe caller), which first waits for a call another thread is making to the same
 * listener, so keep listeners quick. A listener that throws is logged once per cause and never
 * affects probes, checks or other listeners.
 */
public interface HealthListener {

  /**
   * A probe's status differs from its previous report (or it was reported for the first time).
   *
   * @param change the probe, its previous status (null for the first report) and its new one
   */
  default void probeStatusChanged(ProbeStatusChange change) {}

  /**
   * A check's latest result has a different status from its previous one (or is its first).
   *
   * @param change the check, its previous status (null for the first result), its new status and
   *     the new result's message
   */
  default void checkStatusChanged(CheckStatusChange change) {}
}
