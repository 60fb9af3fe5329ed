package dev.shipshape.core.health.internal;

import dev.shipshape.core.health.CheckStatusChange;
import dev.shipshape.core.health.HealthListener;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.health.ProbeStatusChange;
import dev.shipshape.time.internal.Isolation;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners, each isolated by the shared {@link Isolation} policy: a throwing
 * listener is counted and logged once per cause.
 */
public final class Listeners {

  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final List<HealthListener> listeners;
  private final Isolation isolation = new Isolation(Listeners::logFailure);

  /** Creates the dispatcher over a snapshot of {@code listeners}. */
  public Listeners(List<HealthListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** How many listener calls have thrown. */
  public long failures() {
    return isolation.failures();
  }

  /** Whether nobody listens, so callers can skip the work of preparing events. */
  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  /** Tells every listener that a probe's status changed. */
  public void probeChanged(Probe probe, @Nullable HealthStatus previous, HealthStatus current) {
    each(
        "probeStatusChanged",
        new ProbeStatusChange(probe, previous, current),
        HealthListener::probeStatusChanged);
  }

  /** Tells every listener that a check's status changed. */
  public void checkChanged(
      String check, @Nullable HealthStatus previous, HealthStatus current, @Nullable String message) {
    each(
        "checkStatusChanged",
        new CheckStatusChange(check, previous, current, message),
        HealthListener::checkStatusChanged);
  }

  private <E> void each(String method, E event, BiConsumer<HealthListener, E> callback) {
    isolation.each(listeners, method, event, callback);
  }

  private static void logFailure(String listener, String method, Throwable e) {
    LOG.atWarn()
        .setMessage(
            "health listener {} failed in {}: {}; further failures with this cause are not"
                + " logged")
        .addArgument(listener)
        .addArgument(method)
        .addArgument(e.toString())
        .addKeyValue("listener", listener)
        .addKeyValue("method", method)
        .addKeyValue("exception", e.getClass().getName())
        .setCause(e)
        .log();
  }
}
