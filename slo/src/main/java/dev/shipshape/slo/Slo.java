package dev.shipshape.slo;

import dev.shipshape.slo.internal.EventRing;
import dev.shipshape.slo.internal.NullLatency;
import dev.shipshape.slo.internal.RingRotation;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.Ticker;
import dev.shipshape.time.internal.Saturating;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The runtime side of one SLO: records events, answers window queries, and evaluates burn-rate
 * alerts against the injected clock.
 *
 * <p>Recording ({@link #record(boolean)}, {@link #record(long, long)}, {@link
 * #recordLatency(Duration)}) is lock-free, allocation-free and never throws, whatever the counts
 * or latencies (a null latency is not recorded: see {@link #recordLatency(Duration)}): recording
 * one event is one atomic increment of a striped counter of the live 10-second bucket. Completed
 * buckets are folded into a multi-resolution ring (10 s for the last hour, 1 min for the last day,
 * 1 h for 35 days), under 64 KiB per SLO whatever the traffic. A window's counts are exact to
 * within one bucket width at the window's start.
 *
 * <p>Created with a {@link Scheduler} ({@link #create(SloDefinition, Scheduler)}), the SLO moves
 * its live bucket on a scheduler task at each 10-second boundary and recording never reads the
 * clock; created with a {@link Clock} only ({@link #create(SloDefinition, Clock)}), each event
 * reads the clock's ticker and compares it with the end of the live bucket. {@link #close()}
 * cancels the scheduler task.
 *
 * <p>Alerts are evaluated only when {@link #evaluate()} is called, so the caller owns scheduling
 * (e.g. every 10 seconds on a {@code dev.shipshape.time.Scheduler}). Changes go to {@link
 * SloListener}s.
 */
public final class Slo implements AutoCloseable {

  /** The window of {@link SloSnapshot#currentBurnRate()}. */
  public static final Duration CURRENT_BURN_RATE_WINDOW = Duration.ofMinutes(5);

  private final SloDefinition definition;
  private final Clock clock;
  private final EventRing ring;
  private final @Nullable RingRotation rotation;
  private final long latencyThresholdNanos;
  private final SloAlerts alerts;
  private final NullLatency nullLatency;

  private Slo(SloDefinition definition, Clock clock, @Nullable Scheduler scheduler) {
    this.definition = definition;
    this.clock = clock;
    Ticker ticker = Ticker.of(clock);
    this.ring =
        new EventRing(
            ticker,
            definition.budgeting() == BudgetingMethod.TIMESLICES
                ? definition.timesliceTarget()
                : Double.NaN,
            scheduler == null,
            EventRing.defaultStripes());
    this.rotation =
        scheduler == null
            ? null
            : RingRotation.start(ring, scheduler, ticker, "slo-buckets:" + definition.name());
    this.latencyThresholdNanos =
        definition.latencyThreshold().map(Saturating::nanos).orElse(Long.MAX_VALUE);
    this.alerts = new SloAlerts(definition);
    this.nullLatency = new NullLatency(definition.name());
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
   * Creates the runtime object for {@code definition}, reading all time from {@code clock}. Each
   * recorded event reads the clock's ticker (tens of nanoseconds on most machines) to find its
   * 10-second bucket; {@link #create(SloDefinition, Scheduler)} avoids that.
   *
   * @param definition the SLO
   * @param clock the clock; a {@code ManualClock} in tests
   * @return a new SLO with no events
   */
  public static Slo create(SloDefinition definition, Clock clock) {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(clock, "clock");
    return new Slo(definition, clock, null);
  }

  /**
   * Creates the runtime object for {@code definition} on {@code scheduler}'s clock, with a task on
   * {@code scheduler} that moves the live bucket at each 10-second boundary, so that recording an
   * event never reads the clock. An event is attributed to the bucket that is live when it is
   * recorded: while the task runs late, events land in the previous 10-second bucket. Queries
   * bring the live bucket up to date with the clock first, so a clock moved back takes effect at
   * the next query or boundary.
   *
   * <p>Use a scheduler that runs on its clock's time ({@link Scheduler#forClock(Clock)}: a manual
   * scheduler for a {@code ManualClock}, where advancing the clock runs the task exactly at each
   * boundary). {@link #close()} cancels the task (so does closing the scheduler); the SLO then
   * goes on working, reading the clock on each event. The task holds the SLO weakly, so an SLO
   * dropped without closing does not stay alive on the scheduler.
   *
   * @param definition the SLO
   * @param scheduler runs the boundary task; its {@link Scheduler#clock()} is the SLO's clock
   * @return a new SLO with no events
   * @throws IllegalStateException if the scheduler is closed
   */
  public static Slo create(SloDefinition definition, Scheduler scheduler) {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(scheduler, "scheduler");
    return new Slo(definition, Objects.requireNonNull(scheduler.clock(), "scheduler.clock()"),
        scheduler);
  }

  /**
   * Whether a scheduler task moves the live bucket, so that recording does not read the clock:
   * true from {@link #create(SloDefinition, Scheduler)} until {@link #close()} or until the
   * scheduler is closed.
   *
   * @return true while recording does not read the clock
   */
  public boolean isScheduled() {
    RingRotation r = rotation;
    return r != null && !r.stopped();
  }

  /**
   * Cancels the scheduler task of an SLO created with a scheduler; from then on each event reads
   * the clock, so the SLO keeps recording and answering correctly. Does nothing for an SLO created
   * with a clock only, and nothing the second time.
   */
  @Override
  public void close() {
    RingRotation r = rotation;
    if (r != null) {
      ring.clockChecked(true);
      r.stop();
    }
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
    ring.record(good);
  }

  /**
   * Records events in bulk. Negative counts are ignored.
   *
   * @param good good events
   * @param bad bad events
   */
  public void record(long good, long bad) {
    ring.record(good, bad);
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
    long[] out = new long[2];
    ring.totals(out);
    return new WindowEvents(out[0], out[1]);
  }

  /**
   * Records one event by its latency: good when at or under the latency threshold. On an SLO
   * without a threshold every latency is good. A negative latency (a clock moved back while the
   * event was timed) is good; one too long for a {@code long} of nanoseconds counts as the longest.
   *
   * <p>A null latency is a mistake of the caller, but recording never throws: the event is not
   * recorded, and the first null of each SLO is logged as a warning (logger {@code
   * dev.shipshape.slo}, with the stack trace of the call that gave it); later ones are dropped
   * without a log line.
   *
   * @param latency how long the event took
   */
  public void recordLatency(Duration latency) {
    if (latency == null) {
      nullLatency.given();
      return;
    }
    recordLatencyNanos(Saturating.nanos(latency));
  }

  /**
   * Records one event by its latency in nanoseconds: good when at or under the latency threshold.
   * Every value is accepted; a negative one is good.
   *
   * @param latencyNanos how long the event took, in nanoseconds
   */
  public void recordLatencyNanos(long latencyNanos) {
    ring.record(latencyNanos <= latencyThresholdNanos);
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
    checkRotation();
    ring.sum(windowNanos(window), out);
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
    if (!tracksSlices()) {
      return events(window);
    }
    long[] out = new long[2];
    checkRotation();
    ring.sumSlices(windowNanos(window), out);
    return new WindowEvents(out[0], out[1]);
  }

  /** Whether the SLI counts one-minute slices ({@link BudgetingMethod#TIMESLICES}), not events. */
  boolean tracksSlices() {
    return ring.tracksSlices();
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
    return snapshotOf(
        clock.instant(), counts(definition.window()), counts(CURRENT_BURN_RATE_WINDOW));
  }

  /**
   * The snapshot as of {@code at} from the counts over the SLO window and over {@link
   * #CURRENT_BURN_RATE_WINDOW}, which an alert evaluation has read already.
   */
  SloSnapshot snapshotOf(Instant at, WindowEvents counts, WindowEvents recent) {
    double budget = definition.errorBudget();
    boolean noData = counts.total() == 0;
    double allowed = budget * counts.total();
    double consumed = counts.bad();
    double burn = counts.errorRatio() / budget;
    double remaining = noData ? 1.0 : 1.0 - burn;
    boolean exhausted = !noData && remaining <= 0.0;
    double current = recent.errorRatio() / budget;
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
    return alerts.evaluate(this, clock);
  }

  /**
   * The alert states as of the last {@link #evaluate()}, without evaluating.
   *
   * @return the state of each pair, in definition order
   */
  public List<AlertState> alertStates() {
    return alerts.states();
  }

  /**
   * Whether any pair of the given severity was firing at the last evaluation.
   *
   * @param severity page or ticket
   * @return true when one is firing
   */
  public boolean isFiring(Severity severity) {
    for (AlertState s : alerts.states()) {
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
    alerts.listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(SloListener listener) {
    return alerts.listeners.remove(listener);
  }

  /**
   * How many times a listener threw since this SLO was created.
   *
   * @return the count
   */
  public long listenerFailures() {
    return alerts.listenerFailures();
  }

  /**
   * Bytes of counters this SLO holds for its 35-day horizon and its live bucket's striped
   * counters, array headers excluded.
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

  /** When the scheduler stopped running the boundary task, recording reads the clock again. */
  private void checkRotation() {
    RingRotation r = rotation;
    if (r != null && !ring.clockChecked() && r.stopped()) {
      ring.clockChecked(true);
    }
  }

  private static long windowNanos(@Nullable Duration window) {
    if (window == null || window.isNegative() || window.isZero()) {
      return 1;
    }
    return Saturating.nanos(window.compareTo(SloDefinition.MAX_WINDOW) > 0
        ? SloDefinition.MAX_WINDOW
        : window);
  }

  static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }
}
