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
  private final WindowPlan plan;
  final CopyOnWriteArrayList<SloListener> listeners = new CopyOnWriteArrayList<>();
  private final Isolation guard;
  private final Object evaluationLock = new Object();
  private volatile List<AlertState> states;
  private boolean exhaustedAtLastEvaluation;

  SloAlerts(SloDefinition definition) {
    this.definition = definition;
    this.plan = new WindowPlan(definition);
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
      WindowReads reads = new WindowReads(slo, plan);
      SloSnapshot snapshot =
          slo.snapshotOf(now, reads.counts(plan.period), reads.counts(plan.current));
      List<AlertState> previous = states;
      List<AlertState> next = new ArrayList<>(previous.size());
      List<SloAlertEvent> fired = new ArrayList<>(0);
      List<SloAlertEvent> resolved = new ArrayList<>(0);
      double budget = definition.errorBudget();
      for (int i = 0; i < previous.size(); i++) {
        AlertState before = previous.get(i);
        BurnRateAlert a = before.alert();
        double longBurn = reads.counts(plan.longWindow[i]).errorRatio() / budget;
        double shortBurn = reads.counts(plan.shortWindow[i]).errorRatio() / budget;
        long shortEvents = reads.events(plan.shortWindow[i]).total();
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
   * Where each window an evaluation reads stands among the distinct ones, worked out once: the
   * pairs share windows (the SRE Workbook's six hours is one pair's long window and another's short
   * one), the snapshot reads the SLO window and the current burn rate's, and every pair reads its
   * short window twice, so each distinct window is read once per evaluation.
   */
  private static final class WindowPlan {
    final Duration[] windows;
    final int period;
    final int current;
    final int[] longWindow;
    final int[] shortWindow;

    WindowPlan(SloDefinition definition) {
      List<Duration> distinct = new ArrayList<>();
      this.period = indexOf(distinct, definition.window());
      this.current = indexOf(distinct, Slo.CURRENT_BURN_RATE_WINDOW);
      List<BurnRateAlert> alerts = definition.alerts();
      this.longWindow = new int[alerts.size()];
      this.shortWindow = new int[alerts.size()];
      for (int i = 0; i < alerts.size(); i++) {
        longWindow[i] = indexOf(distinct, alerts.get(i).longWindow());
        shortWindow[i] = indexOf(distinct, alerts.get(i).shortWindow());
      }
      this.windows = distinct.toArray(new Duration[0]);
    }

    private static int indexOf(List<Duration> distinct, Duration window) {
      int i = distinct.indexOf(window);
      if (i < 0) {
        distinct.add(window);
        return distinct.size() - 1;
      }
      return i;
    }
  }

  /** The counts of one evaluation, each distinct window read once. */
  private static final class WindowReads {
    private final Slo slo;
    private final Duration[] windows;
    private final WindowEvents[] counts;
    private final @Nullable WindowEvents[] events;

    WindowReads(Slo slo, WindowPlan plan) {
      this.slo = slo;
      this.windows = plan.windows;
      this.counts = new WindowEvents[windows.length];
      for (int i = 0; i < windows.length; i++) {
        counts[i] = slo.counts(windows[i]);
      }
      // without slices the counts are the events; with them, events are read when asked for
      this.events = slo.tracksSlices() ? new WindowEvents[windows.length] : counts;
    }

    /** What the SLI is computed from over the plan's window {@code i}, as {@link Slo#counts}. */
    WindowEvents counts(int i) {
      return counts[i];
    }

    /** The events over the plan's window {@code i}, as {@link Slo#events} reads them. */
    WindowEvents events(int i) {
      WindowEvents e = events[i];
      if (e == null) {
        e = slo.events(windows[i]);
        events[i] = e;
      }
      return e;
    }
  }
}
