package dev.shipshape.slo;

import dev.shipshape.slo.internal.ListenerGuard;
import dev.shipshape.time.internal.Isolation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The burn-rate alerts of one {@link Slo}: each pair's state as of the last evaluation, the
 * listeners told of changes, and the evaluation that moves one to the other.
 */
final class SloAlerts {
  private final SloDefinition definition;
  final CopyOnWriteArrayList<SloListener> listeners = new CopyOnWriteArrayList<>();
  private final Isolation guard;
  private final Object evaluationLock = new Object();
  private volatile List<AlertState> states;
  private boolean exhaustedAtLastEvaluation;

  SloAlerts(SloDefinition definition) {
    this.definition = definition;
    this.guard = ListenerGuard.forSlo(definition.name());
    List<AlertState> initial = new ArrayList<>(definition.alerts().size());
    for (BurnRateAlert a : definition.alerts()) {
      initial.add(new AlertState(a, false, 0.0, 0.0, 0, null));
    }
    this.states = List.copyOf(initial);
  }

  List<AlertState> states() {
    return states;
  }

  long listenerFailures() {
    return guard.failures();
  }

  /** Evaluates every pair of {@code slo} at the clock's instant; calls are serialized. */
  List<AlertState> evaluate(Slo slo, Clock clock) {
    synchronized (evaluationLock) {
      Instant now = clock.instant();
      WindowReads reads = new WindowReads(slo);
      SloSnapshot snapshot =
          slo.snapshotOf(
              now,
              reads.counts(definition.window()),
              reads.counts(Slo.CURRENT_BURN_RATE_WINDOW));
      List<AlertState> previous = states;
      List<AlertState> next = new ArrayList<>(previous.size());
      List<SloAlertEvent> fired = new ArrayList<>(0);
      List<SloAlertEvent> resolved = new ArrayList<>(0);
      double budget = definition.errorBudget();
      for (AlertState before : previous) {
        BurnRateAlert a = before.alert();
        double longBurn = reads.counts(a.longWindow()).errorRatio() / budget;
        double shortBurn = reads.counts(a.shortWindow()).errorRatio() / budget;
        long shortEvents = reads.events(a.shortWindow()).total();
        boolean firing =
            longBurn > a.factor()
                && shortBurn > a.factor()
                && shortEvents >= definition.minEventsPerShortWindow();
        Instant since = firing ? (before.firing() ? before.since() : now) : null;
        next.add(new AlertState(a, firing, longBurn, shortBurn, shortEvents, since));
        if (firing != before.firing()) {
          SloAlertEvent event =
              new SloAlertEvent(
                  definition.name(),
                  a.severity(),
                  a.longWindow(),
                  a.shortWindow(),
                  a.factor(),
                  longBurn,
                  shortBurn,
                  longBurn * Slo.seconds(a.longWindow()) / Slo.seconds(definition.window()),
                  Math.max(0.0, 1.0 - snapshot.budgetRemaining()),
                  now,
                  definition.runbookUrl().orElse(null));
          (firing ? fired : resolved).add(event);
        }
      }
      List<AlertState> result = List.copyOf(next);
      states = result;
      boolean becameExhausted = snapshot.exhausted() && !exhaustedAtLastEvaluation;
      exhaustedAtLastEvaluation = snapshot.exhausted();
      if (!listeners.isEmpty()) {
        for (SloAlertEvent e : fired) {
          guard.each(listeners, "alertFired", e, SloListener::alertFired);
        }
        for (SloAlertEvent e : resolved) {
          guard.each(listeners, "alertResolved", e, SloListener::alertResolved);
        }
        if (becameExhausted) {
          guard.each(listeners, "budgetExhausted", snapshot, SloListener::budgetExhausted);
        }
      }
      return result;
    }
  }

  /**
   * The counts of one evaluation, each window read once: the pairs share windows (the SRE
   * Workbook's six hours is one pair's long window and another's short one), the snapshot reads
   * the SLO window and the current burn rate's, and every pair reads its short window twice.
   */
  private static final class WindowReads {
    private final Slo slo;
    private final boolean slices;
    private final List<Duration> windows = new ArrayList<>(12);
    private final List<WindowEvents> counts = new ArrayList<>(12);
    private final List<@Nullable WindowEvents> events = new ArrayList<>(12);

    WindowReads(Slo slo) {
      this.slo = slo;
      this.slices = slo.tracksSlices();
    }

    /** What the SLI is computed from over {@code window}, as {@link Slo#counts} reads it. */
    WindowEvents counts(Duration window) {
      return counts.get(indexOf(window));
    }

    /** The events over {@code window}, as {@link Slo#events} reads them. */
    WindowEvents events(Duration window) {
      int i = indexOf(window);
      WindowEvents e = events.get(i);
      if (e == null) {
        e = slo.events(window);
        events.set(i, e);
      }
      return e;
    }

    /** The window's place in the lists, reading its counts the first time it is asked for. */
    private int indexOf(Duration window) {
      int i = windows.indexOf(window);
      if (i < 0) {
        i = windows.size();
        windows.add(window);
        // without slices the counts are the events; with them, events are read when asked for
        WindowEvents c = slo.counts(window);
        counts.add(c);
        events.add(slices ? null : c);
      }
      return i;
    }
  }
}
