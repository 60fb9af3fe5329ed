package dev.shipshape.flags.internal;

import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.SourceFailure;
import dev.shipshape.flags.SourceStateChange;
import dev.shipshape.time.internal.Isolation;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the flag listeners, each isolated by the shared {@link Isolation} policy. */
final class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<FlagListener> all;
  private final List<FlagListener> evaluationListeners;
  private final Isolation isolation = new Isolation(Listeners::logFailure);

  Listeners(List<FlagListener> listeners) {
    this.all = List.copyOf(listeners);
    List<FlagListener> wanting = new ArrayList<>();
    for (FlagListener l : all) {
      try {
        if (l.wantsEvaluations()) {
          wanting.add(l);
        }
      } catch (Throwable e) {
        isolation.failed(l.getClass().getName(), "wantsEvaluations", e);
      }
    }
    this.evaluationListeners = List.copyOf(wanting);
  }

  boolean wantsEvaluations() {
    return !evaluationListeners.isEmpty();
  }

  long failures() {
    return isolation.failures();
  }

  void changed(FlagSetChange change) {
    isolation.each(all, "flagSetChanged", change, FlagListener::flagSetChanged);
  }

  void sourceFailed(SourceFailure failure) {
    isolation.each(all, "sourceFailed", failure, FlagListener::sourceFailed);
  }

  void sourceStateChanged(SourceStateChange change) {
    isolation.each(all, "sourceStateChanged", change, FlagListener::sourceStateChanged);
  }

  void evaluated(EvaluationDetails<?> details) {
    isolation.each(evaluationListeners, "evaluated", details, FlagListener::evaluated);
  }

  private static void logFailure(String listener, String method, Throwable e) {
    log.atWarn()
        .setMessage(
            "flag listener {} failed in {}: {}; further failures with this cause are not logged")
        .addArgument(listener)
        .addArgument(method)
        .addArgument(e.toString())
        .addKeyValue("listener", listener)
        .addKeyValue("method", method)
        .setCause(e)
        .log();
  }
}
