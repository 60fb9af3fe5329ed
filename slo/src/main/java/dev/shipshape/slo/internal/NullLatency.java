package dev.shipshape.slo.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one SLO does about a null latency, which its recording must survive without throwing: the
 * event is not recorded, and the first null is logged as a warning that shows where it came from;
 * later ones are dropped without a log line, so a caller that passes null on every request costs
 * one line.
 */
public final class NullLatency {
  private static final Logger LOG = LoggerFactory.getLogger("dev.shipshape.slo");

  private final String slo;
  private final AtomicBoolean logged = new AtomicBoolean();

  /**
   * Creates the state of one SLO.
   *
   * @param slo the SLO's name, for the log
   */
  public NullLatency(String slo) {
    this.slo = slo;
  }

  /** A null latency was given: logs it, the first time only. */
  public void given() {
    if (logged.get() || !logged.compareAndSet(false, true)) {
      return;
    }
    LOG.atWarn()
        .setMessage(
            "SLO '{}' was given a null latency; the event is not recorded, and further null"
                + " latencies of this SLO are not logged")
        .addArgument(slo)
        .addKeyValue("slo", slo)
        .setCause(new NullPointerException("latency (where it was given)"))
        .log();
  }
}
