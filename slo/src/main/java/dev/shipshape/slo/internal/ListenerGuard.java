package dev.shipshape.slo.internal;

import dev.shipshape.time.internal.Isolation;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs listener callbacks so that a throwing listener never reaches the caller, by the shared
 * {@link Isolation} policy: each failure is counted, and logged once per cause.
 */
public final class ListenerGuard {
  private static final Logger LOG = LoggerFactory.getLogger("dev.shipshape.slo");

  private final String slo;
  private final Isolation isolation = new Isolation(this::logFailure);

  /**
   * A guard for the listeners of one SLO.
   *
   * @param slo the SLO's name, for the log
   */
  public ListenerGuard(String slo) {
    this.slo = slo;
  }

  /**
   * Tells every listener of {@code listeners} about {@code event}, swallowing and reporting
   * anything a callback throws that {@link Isolation} isolates.
   *
   * @param listeners the listeners, in order
   * @param method the callback's name, for the log
   * @param event the event
   * @param callback calls the listener's method (a method reference, capturing nothing)
   * @param <L> the listener type
   * @param <E> the event type
   */
  public <L, E> void each(
      List<? extends L> listeners,
      String method,
      E event,
      BiConsumer<? super L, ? super E> callback) {
    isolation.each(listeners, method, event, callback);
  }

  private void logFailure(String listener, String method, Throwable e) {
    LOG.atWarn()
        .setMessage(
            "SLO '{}' listener {} failed in {}: {}; further failures with this cause are not"
                + " logged")
        .addArgument(slo)
        .addArgument(listener)
        .addArgument(method)
        .addArgument(e.toString())
        .addKeyValue("slo", slo)
        .addKeyValue("listener", listener)
        .addKeyValue("callback", method)
        .setCause(e)
        .log();
  }

  /**
   * How many callbacks have thrown.
   *
   * @return the count
   */
  public long failures() {
    return isolation.failures();
  }
}
