package dev.shipshape.slo;

import dev.shipshape.slo.internal.EventRing;
import dev.shipshape.slo.internal.ListenerGuard;
import dev.shipshape.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The runtime side of one SLO: records events, answers window queries, and evaluates burn-rate
 * alerts against the injected clock.
 *
 * <p>Recording ({@link #record(boolean)}, {@link #record(long, long)}, {@link
 * #recordLatency(Duration)}) is lock-free, allocation-free and never throws; events go into a
 * multi-resolution ring of time buckets (10 s for the last hour, 1 min for the last day, 1 h for 35
 * days), about 41 KiB per SLO whatever the traffic. A window's counts are exact to within one
 * bucket width at the window's start.
 *
 * <p>Alerts are evaluated only when {@link #evaluate()} is called, so the caller owns scheduling
 * (e.g. every 10 seconds on a {@code dev.shipshape.time.Scheduler}). Changes go to {@link
 * SloListener}s.
 */
public final class Slo {

  /** The window of {@link SloSnapshot#currentBurnRate()}. */
  public static final Duration CURRENT_BURN_RATE_WINDOW = Duration.ofMinutes(5);

  private final SloDefinition definition;
  private final Clock clock;
  private final Ticker ticker;
  private final EventRing ring;
  private final LongAdder goodTotal = new LongAdder();
  private final LongAdder badTotal = new LongAdder();
  private final long latencyThresholdNanos;
  private final CopyOnWriteArrayList<SloListener> listeners = new CopyOnWriteArrayList<>();
  private final ListenerGuard guard;
  private final Object evaluationLock = new Object();
  private volatile List<AlertState> alertStates;
  private boolean exhaustedAtLastEvaluation;

  private Slo(SloDefinition definition, Clock clock) {
    this.definition = definition;
    this.clock = clock;
    this.ticker = Ticker.of(clock);
    this.ring =
        new EventRing(
            ticker.read(),
            definition.budgeting() == BudgetingMethod.TIMESLICES
                ? definition.timesliceTarget()
                : Double.NaN);
    this.latencyThresholdNanos =
        definition.latencyThreshold().map(Slo::saturatedNanos).orElse(Long.MAX_VALUE);
    this.guard = new ListenerGuard(definition.name());
    List<AlertState> initial = new ArrayList<>(definition.alerts().size());
    for (BurnRateAlert a : definition.alerts()) {
      initial.add(new AlertState(a, false, 0.0, 0.0, 0, null));
    }
    this.alertStates = List.copyOf(initial);
  }

  /**
   * Starts a definition; the same as {@link SloDefinition#builder(String)}.
   *
   * @param name the SLO's name
   * @return a new definition builder
   */
  public static SloDefinition.Builder named(String name) {
    return SloDefinition.builder(name);
  }

  /**
   * Creates the runtime object for {@code definition}, reading all time from {@code clock}.
   *
   * @param definition the SLO
   * @param clock the clock; a {@code ManualClock} in tests
   * @return a new SLO with no events
   */
  public static Slo create(SloDefinition definition, Clock clock) {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(clock, "clock");
    return new Slo(definition, clock);
  }

  /**
   * The definition.
   *
   * @return the definition
   */
  public SloDefinition definition() {
    return definition;
  }

  /**
   * The SLO's name.
   *
   * @return the name
   */
  public String name() {
    return definition.name();
  }

  /**
   * Records one event.
   *
   * @param good whether the event was good
   */
  public void record(boolean good) {
    if (good) {
      ring.add(ticker.read(), 1, 0);
      goodTotal.increment();
    } else {
      ring.add(ticker.read(), 0, 1);
      badTotal.increment();
    }
  }

  /**
   * Records events in bulk. Negative counts are ignored.
   *
   * @param good good events
   * @param bad bad events
   */
  public void record(long good, long bad) {
    if (good > 0 || bad > 0) {
      ring.add(ticker.read(), good, bad);
      if (good > 0) {
        goodTotal.add(good);
      }
      if (bad > 0) {
        badTotal.add(bad);
      }
    }
  }

  /**
   * Every good and bad event recorded since this SLO was created, whatever the clock did: the
   * cumulative counts behind the {@link SloMetrics#EVENTS_COUNTER} counter that instances export
   * for the generated Prometheus rules. They never decrease (until they would pass {@code
   * Long.MAX_VALUE}).
   *
   * @return the cumulative good and bad counts
   */
  public WindowEvents totalEvents() {
    return new WindowEvents(goodTotal.sum(), badTotal.sum());
  }

  /**
   * Records one event by its latency: good when at or under the latency threshold. On an SLO
   * without a threshold every latency is good.
   *
   * @param latency how long the event took
   */
  public void recordLatency(Duration latency) {
    recordLatencyNanos(saturatedNanos(latency));
  }

  /**
   * Records one event by its latency in nanoseconds: good when at or under the latency threshold.
   *
   * @param latencyNanos how long the event took, in nanoseconds
   */
  public void recordLatencyNanos(long latencyNanos) {
    record(latencyNanos <= latencyThresholdNanos);
  }

  /**
   * Whether {@code latencyNanos} counts as a good event for this SLO.
   *
   * @param latencyNanos a latency in nanoseconds
   * @return true when at or under the threshold (always true without a threshold)
   */
  public boolean isGoodLatency(long latencyNanos) {
    return latencyNanos <= latencyThresholdNanos;
  }

  /**
   * Good and bad events over the last {@code window} (up to 35 days), exact to within one bucket
   * width at the window's start.
   *
   * @param window the window
   * @return the counts
   */
  public WindowEvents events(Duration window) {
    long[] out = new long[2];
    ring.sum(ticker.read(), windowNanos(window), out);
    return new WindowEvents(out[0], out[1]);
  }

  /**
   * The counts the SLI is computed from over {@code window}: events under {@link
   * BudgetingMethod#OCCURRENCES}, one-minute slices under {@link BudgetingMethod#TIMESLICES}.
   *
   * @param window the window
   * @return the counts
   */
  public WindowEvents counts(Duration window) {
    if (!ring.tracksSlices()) {
      return events(window);
    }
    long[] out = new long[2];
    ring.sumSlices(ticker.read(), windowNanos(window), out);
    return new WindowEvents(out[0], out[1]);
  }

  /**
   * The SLI over {@code window}: the good ratio of events (or slices); 1.0 without data.
   *
   * @param window the window
   * @return the SLI in [0, 1]
   */
  public double sli(Duration window) {
    return counts(window).goodRatio();
  }

  /**
   * The burn rate over {@code window}: its error ratio divided by the error budget; 0 without
   * data. A burn rate of 1 spends exactly the budget over the SLO window.
   *
   * @param window the window
   * @return the burn rate, zero or more
   */
  public double burnRate(Duration window) {
    return counts(window).errorRatio() / definition.errorBudget();
  }

  /**
   * The SLO's state over its window now.
   *
   * @return the snapshot
   */
  public SloSnapshot snapshot() {
    return snapshotAt(clock.instant());
  }

  private SloSnapshot snapshotAt(Instant at) {
    WindowEvents counts = counts(definition.window());
    double budget = definition.errorBudget();
    boolean noData = counts.total() == 0;
    double allowed = budget * counts.total();
    double consumed = counts.bad();
    double burn = counts.errorRatio() / budget;
    double remaining = noData ? 1.0 : 1.0 - burn;
    boolean exhausted = !noData && remaining <= 0.0;
    double current = burnRate(CURRENT_BURN_RATE_WINDOW);
    Duration tte;
    if (exhausted) {
      tte = Duration.ZERO;
    } else if (current > 0.0) {
      double seconds = remaining * seconds(definition.window()) / current;
      tte = Duration.ofMillis((long) Math.min(seconds * 1000.0, (double) Long.MAX_VALUE / 2));
    } else {
      tte = null;
    }
    return new SloSnapshot(
        definition.name(),
        at,
        definition.window(),
        definition.objective(),
        definition.budgeting(),
        counts,
        counts.goodRatio(),
        allowed,
        consumed,
        remaining,
        exhausted,
        noData,
        burn,
        current,
        tte);
  }

  /**
   * Evaluates every alert pair against the clock, notifies listeners of changes (fired,
   * resolved, budget exhausted) and returns the new states. Safe to call from any thread; calls
   * are serialized.
   *
   * @return the state of each pair, in definition order
   */
  public List<AlertState> evaluate() {
    synchronized (evaluationLock) {
      Instant now = clock.instant();
      SloSnapshot snapshot = snapshotAt(now);
      List<AlertState> previous = alertStates;
      List<AlertState> next = new ArrayList<>(previous.size());
      List<SloAlertEvent> fired = new ArrayList<>(0);
      List<SloAlertEvent> resolved = new ArrayList<>(0);
      for (AlertState before : previous) {
        BurnRateAlert a = before.alert();
        double longBurn = burnRate(a.longWindow());
        double shortBurn = burnRate(a.shortWindow());
        long shortEvents = events(a.shortWindow()).total();
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
                  longBurn * seconds(a.longWindow()) / seconds(definition.window()),
                  Math.max(0.0, 1.0 - snapshot.budgetRemaining()),
                  now);
          (firing ? fired : resolved).add(event);
        }
      }
      List<AlertState> states = List.copyOf(next);
      alertStates = states;
      boolean becameExhausted = snapshot.exhausted() && !exhaustedAtLastEvaluation;
      exhaustedAtLastEvaluation = snapshot.exhausted();
      if (!listeners.isEmpty()) {
        for (SloAlertEvent e : fired) {
          for (SloListener l : listeners) {
            guard.run(l, "alertFired", () -> l.alertFired(e));
          }
        }
        for (SloAlertEvent e : resolved) {
          for (SloListener l : listeners) {
            guard.run(l, "alertResolved", () -> l.alertResolved(e));
          }
        }
        if (becameExhausted) {
          for (SloListener l : listeners) {
            guard.run(l, "budgetExhausted", () -> l.budgetExhausted(snapshot));
          }
        }
      }
      return states;
    }
  }

  /**
   * The alert states as of the last {@link #evaluate()}, without evaluating.
   *
   * @return the state of each pair, in definition order
   */
  public List<AlertState> alertStates() {
    return alertStates;
  }

  /**
   * Whether any pair of the given severity was firing at the last evaluation.
   *
   * @param severity page or ticket
   * @return true when one is firing
   */
  public boolean isFiring(Severity severity) {
    for (AlertState s : alertStates) {
      if (s.firing() && s.alert().severity() == severity) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds a listener for alert changes and budget exhaustion.
   *
   * @param listener the listener
   */
  public void addListener(SloListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(SloListener listener) {
    return listeners.remove(listener);
  }

  /**
   * How many times a listener threw since this SLO was created.
   *
   * @return the count
   */
  public long listenerFailures() {
    return guard.failures();
  }

  /**
   * Bytes of counters this SLO holds for its 35-day horizon, array headers excluded.
   *
   * @return the payload size in bytes
   */
  public long retainedCounterBytes() {
    return ring.payloadBytes();
  }

  @Override
  public String toString() {
    return "Slo{" + definition.name() + "}";
  }

  private static long windowNanos(@Nullable Duration window) {
    if (window == null || window.isNegative() || window.isZero()) {
      return 1;
    }
    return saturatedNanos(window.compareTo(SloDefinition.MAX_WINDOW) > 0
        ? SloDefinition.MAX_WINDOW
        : window);
  }

  private static long saturatedNanos(Duration d) {
    if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    if (d.getSeconds() <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE;
    }
    return d.toNanos();
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }
}
