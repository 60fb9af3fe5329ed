package dev.shipshape.otelbridge.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts failures of the bridge itself and logs each distinct cause once. */
final class FailureLog {

  private static final Logger LOG = LoggerFactory.getLogger("dev.shipshape.otelbridge");

  /** At most this many distinct causes are remembered and logged. */
  static final int MAX_LOGGED_CAUSES = 64;

  private final Set<String> logged = ConcurrentHashMap.newKeySet();
  private final AtomicLong count = new AtomicLong();

  void failed(String what, Throwable failure) {
    count.incrementAndGet();
    StackTraceElement[] trace = failure.getStackTrace();
    String cause =
        what + ":" + failure.getClass().getName() + "@" + (trace.length == 0 ? "" : trace[0]);
    if (logged.size() < MAX_LOGGED_CAUSES && logged.add(cause)) {
      LOG.atWarn()
          .setMessage(
              "OpenTelemetry bridge failed; the signal was dropped and further failures with this"
                  + " cause are counted, not logged")
          .addKeyValue("signal", what)
          .addKeyValue("exception", failure.getClass().getName())
          .setCause(failure)
          .log();
    }
  }

  long count() {
    return count.get();
  }
}
