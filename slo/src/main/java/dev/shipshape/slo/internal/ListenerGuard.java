package dev.shipshape.slo.internal;

import dev.shipshape.time.internal.Isolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs listener callbacks so that a throwing listener never reaches the caller, by the shared
 * {@link Isolation} policy: each failure is counted, and logged once per cause.
 */
public final class ListenerGuard {
  private static final Logger LOG = LoggerFactory.getLogger("dev.shipshape.slo");

  private final String slo;
  private final Isolation isolation = new Isolation();

  /**
   * A guard for the listeners of one SLO.
   *
   * @param slo the SLO's name, for the log
   */
  public ListenerGuard(String slo) {
    this.slo = slo;
  }

  /**
   * Runs {@code callback}, swallowing and reporting anything it throws that {@link Isolation}
   * isolates.
   *
   * @param listener the listener, to name it in the log
   * @param method the callback's name
   * @param callback the call
   */
  public void run(Object listener, String method, Runnable callback) {
    try {
      callback.run();
    } catch (Throwable e) {
      String name = listener.getClass().getName();
      if (isolation.failed(name, method, e)) {
        LOG.atWarn()
            .setMessage(
                "SLO '{}' listener {} failed in {}: {}; further failures with this cause are not"
                    + " logged")
            .addArgument(slo)
            .addArgument(name)
            .addArgument(method)
            .addArgument(e.toString())
            .addKeyValue("slo", slo)
            .addKeyValue("listener", name)
            .addKeyValue("callback", method)
            .setCause(e)
            .log();
      }
    }
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
