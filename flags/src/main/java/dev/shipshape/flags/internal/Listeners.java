package dev.shipshape.flags.internal;

import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.SourceFailure;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls listeners in isolation: a throwing listener is logged once per cause and counted. Only a
 * {@link VirtualMachineError} is passed on, because the JVM cannot recover from it.
 */
final class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);
  private static final int MAX_LOGGED_CAUSES = 1000;

  private final List<FlagListener> listeners;
  private final FlagListener[] evaluationListeners;
  private final Set<String> loggedCauses = ConcurrentHashMap.newKeySet();
  private final LongAdder failures = new LongAdder();

  Listeners(List<FlagListener> listeners) {
    this.listeners = List.copyOf(listeners);
    this.evaluationListeners =
        listeners.stream().filter(Listeners::overridesEvaluated).toArray(FlagListener[]::new);
  }

  private static boolean overridesEvaluated(FlagListener l) {
    try {
      return l.getClass().getMethod("evaluated", EvaluationDetails.class).getDeclaringClass()
          != FlagListener.class;
    } catch (NoSuchMethodException | SecurityException e) {
      return true;
    }
  }

  boolean wantsEvaluations() {
    return evaluationListeners.length > 0;
  }

  long failures() {
    return failures.sum();
  }

  void changed(FlagSetChange change) {
    for (FlagListener l : listeners) {
      try {
        l.flagSetChanged(change);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        // anything else, including checked exceptions thrown sneakily past the compiler
        failed(l, "flagSetChanged", e);
      }
    }
  }

  void sourceFailed(SourceFailure failure) {
    for (FlagListener l : listeners) {
      try {
        l.sourceFailed(failure);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        // anything else, including checked exceptions thrown sneakily past the compiler
        failed(l, "sourceFailed", e);
      }
    }
  }

  void evaluated(EvaluationDetails<?> details) {
    for (FlagListener l : evaluationListeners) {
      try {
        l.evaluated(details);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        // anything else, including checked exceptions thrown sneakily past the compiler
        failed(l, "evaluated", e);
      }
    }
  }

  private void failed(FlagListener l, String method, Throwable e) {
    failures.increment();
    String cause = l.getClass().getName() + "#" + method + ":" + e.getClass().getName();
    if (loggedCauses.size() < MAX_LOGGED_CAUSES && loggedCauses.add(cause)) {
      log.atWarn()
          .setMessage(
              "flag listener {} failed in {}: {}; further failures with this cause are not logged")
          .addArgument(l.getClass().getName())
          .addArgument(method)
          .addArgument(e.toString())
          .addKeyValue("listener", l.getClass().getName())
          .addKeyValue("method", method)
          .setCause(e)
          .log();
    }
  }
}
