package dev.shipshape.flags.internal;

import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.SourceFailure;
import dev.shipshape.flags.SourceStateChange;
import dev.shipshape.time.internal.Isolation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the flag listeners, each isolated by the shared {@link Isolation} policy. */
final class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final FlagListener[] all;
  private final FlagListener[] evaluationListeners;
  private final Isolation isolation = new Isolation();

  Listeners(List<FlagListener> listeners) {
    this.all = listeners.toArray(new FlagListener[0]);
    List<FlagListener> wanting = new ArrayList<>();
    for (FlagListener l : all) {
      try {
        if (l.wantsEvaluations()) {
          wanting.add(l);
        }
      } catch (Throwable e) {
        failed(l, "wantsEvaluations", e);
      }
    }
    this.evaluationListeners = wanting.toArray(new FlagListener[0]);
  }

  boolean wantsEvaluations() {
    return evaluationListeners.length > 0;
  }

  long failures() {
    return isolation.failures();
  }

  void changed(FlagSetChange change) {
    each(all, "flagSetChanged", change, FlagListener::flagSetChanged);
  }

  void sourceFailed(SourceFailure failure) {
    each(all, "sourceFailed", failure, FlagListener::sourceFailed);
  }

  void sourceStateChanged(SourceStateChange change) {
    each(all, "sourceStateChanged", change, FlagListener::sourceStateChanged);
  }

  void evaluated(EvaluationDetails<?> details) {
    each(evaluationListeners, "evaluated", details, FlagListener::evaluated);
  }

  /** Calls every listener of {@code targets}; the callbacks passed here capture nothing. */
  private <E> void each(
      FlagListener[] targets, String method, E event, BiConsumer<FlagListener, E> callback) {
    for (FlagListener l : targets) {
      try {
        callback.accept(l, event);
      } catch (Throwable e) {
        failed(l, method, e);
      }
    }
  }

  private void failed(FlagListener l, String method, Throwable e) {
    String listener = l.getClass().getName();
    if (isolation.failed(listener, method, e)) {
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
}
