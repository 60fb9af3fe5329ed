package dev.shipshape.slo.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs listener callbacks so that a throwing listener never reaches the caller: each failure is
 * counted, and logged once per listener class, callback and exception class.
 */
public final class ListenerGuard {
  private static final Logger LOG = LoggerFactory.getLogger("dev.shipshape.slo");
  private static final int MAX_REMEMBERED = 1024;

  private final String slo;
  private final AtomicLong failures = new AtomicLong();
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  /**
   * A guard for the listeners of one SLO.
   *
   * @param slo the SLO's name, for the log
   */
  public ListenerGuard(String slo) {
    this.slo = slo;
  }

  /**
   * Runs {@code callback}, swallowing and reporting anything it throws except a {@link
   * VirtualMachineError}, which the JVM cannot recover from.
   *
   * @param listener the listener, to name it in the log
   * @param method the callback's name
   * @param callback the call
   */
  public void run(Object listener, String method, Runnable callback) {
    try {
      callback.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // anything else, including checked exceptions thrown sneakily past the compiler
      failures.incrementAndGet();
      String key = listener.getClass().getName() + '#' + method + '#' + e.getClass().getName();
      if (logged.size() < MAX_REMEMBERED && logged.add(key)) {
        LOG.atWarn()
            .setMessage(
                "SLO '{}' listener {} failed in {}: {}; further failures of this kind are not"
                    + " logged")
            .addArgument(slo)
            .addArgument(listener.getClass().getName())
            .addArgument(method)
            .addArgument(e.toString())
            .addKeyValue("slo", slo)
            .addKeyValue("listener", listener.getClass().getName())
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
    return failures.get();
  }
}
