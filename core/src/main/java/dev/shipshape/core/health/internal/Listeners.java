package dev.shipshape.core.health.internal;

import dev.shipshape.core.health.HealthListener;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to listeners, isolating each one: a throwing listener is logged once per cause. */
public final class Listeners {

  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final List<HealthListener> listeners;
  private final Set<String> loggedCauses = ConcurrentHashMap.newKeySet();

  /** Creates the dispatcher over a snapshot of {@code listeners}. */
  public Listeners(List<HealthListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Whether nobody listens, so callers can skip the work of preparing events. */
  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  /** Tells every listener that a probe's status changed. */
  public void probeChanged(Probe probe, @Nullable HealthStatus previous, HealthStatus current) {
    each("onProbeStatusChange", l -> l.onProbeStatusChange(probe, previous, current));
  }

  /** Tells every listener that a check's status changed. */
  public void checkChanged(
      String check, @Nullable HealthStatus previous, HealthStatus current, @Nullable String message) {
    each("onCheckStatusChange", l -> l.onCheckStatusChange(check, previous, current, message));
  }

  private void each(String method, Consumer<HealthListener> call) {
    for (HealthListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        String cause = listener.getClass().getName() + "#" + method + ":" + e.getClass().getName();
        if (loggedCauses.add(cause)) {
          LOG.atWarn()
              .setMessage(
                  "health listener {} failed in {}: {}; further failures with this cause are not"
                      + " logged")
              .addArgument(listener.getClass().getName())
              .addArgument(method)
              .addArgument(e.toString())
              .addKeyValue("listener", listener.getClass().getName())
              .addKeyValue("method", method)
              .addKeyValue("exception", e.getClass().getName())
              .setCause(e)
              .log();
        }
      }
    }
  }
}
