package dev.shipshape.slo.internal;

import dev.shipshape.time.internal.Isolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The isolation of an SLO's listeners: the shared {@link Isolation} policy, with a log line that
 * names the SLO.
 */
public final class ListenerGuard {
  private static final Logger LOG = LoggerFactory.getLogger("dev.shipshape.slo");

  private ListenerGuard() {}

  /**
   * The isolation for the listeners of one SLO: a throwing listener never reaches the caller, and
   * each failure is counted, and logged once per cause.
   *
   * @param slo the SLO's name, for the log
   * @return the isolation
   */
  public static Isolation forSlo(String slo) {
    return new Isolation(
        (listener, method, e) ->
            LOG.atWarn()
                .setMessage(
                    "SLO '{}' listener {} failed in {}: {}; further failures with this cause are"
                        + " not logged")
                .addArgument(slo)
                .addArgument(listener)
                .addArgument(method)
                .addArgument(e.toString())
                .addKeyValue("slo", slo)
                .addKeyValue("listener", listener)
                .addKeyValue("callback", method)
                .setCause(e)
                .log());
  }
}
