package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An SLO created with a scheduler: a scheduler task moves the live 10-second bucket at each
 * boundary, so recording never reads the clock. Under a {@code ManualClock} the task runs exactly
 * at each boundary, so the SLO answers exactly as one that reads the clock on every event.
 */
class ScheduledRecordingTest {

  private static final Duration NANO = Duration.ofNanos(1);

  private static final List<Duration> WINDOWS =
      List.of(
          Duration.ofSeconds(10),
          Duration.ofSeconds(20),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(6),
          Duration.ofDays(1),
          Duration.ofDays(3),
          Duration.ofDays(28),
          Duration.ofDays(35));

  private final ManualClock clock = ManualClock.create(); // starts on a 10-second boundary
  private final Scheduler scheduler = Scheduler.manual(clock);

  private static SloDefinition checkout() {
    return Slo.named("checkout").objective(0.999).window(Duration.ofDays(30)).build();
  }

  @Test
  void anEventJustBeforeABoundaryStaysInTheBucketThatEnds() {
    Slo slo = Slo.create(checkout(), scheduler);
    assertThat(slo.isScheduled()).isTrue();

    clock.advance(Duration.ofSeconds(10).minus(NANO));
    slo.record(false); // last nanosecond of the first bucket
    clock.advance(NANO); // the boundary: the task moves the live bucket
    slo.record(true); // first nanosecond of the second bucket

    assertThat(slo.events(Duration.ofSeconds(10))).isEqualTo(new WindowEvents(1, 0));
    assertThat(slo.events(Duration.ofSeconds(20))).isEqualTo(new WindowEvents(1, 1));

    clock.advance(Duration.ofSeconds(10).minus(NANO));
    assertThat(slo.events(Duration.ofSeconds(10))).isEqualTo(new WindowEvents(1, 0));
    clock.advance(NANO);
    assertThat(slo.events(Duration.ofSeconds(10))).isEqualTo(new WindowEvents(0, 0));
    assertThat(slo.events(Duration.ofSeconds(20))).isEqualTo(new WindowEvents(1, 0));
    assertThat(slo.events(Duration.ofSeconds(30))).isEqualTo(new WindowEvents(1, 1));
  }

  @Test
  void withoutASchedulerTheFirstEventPastTheBoundaryMovesTheBucket() {
    Slo slo = Slo.create(checkout(), clock); // no scheduler: each event reads the clock
    assertThat(slo.isScheduled()).isFalse();

    clock.advance(Duration.ofSeconds(10).minus(NANO));
    slo.record(false);
    clock.advance(NANO);
    slo.record(true); // reads the clock, finds the bucket has ended, moves it

    assertThat(slo.events(Duration.ofSeconds(10))).isEqualTo(new WindowEvents(1, 0));
    assertThat(slo.events(Duration.ofSeconds(20))).isEqualTo(new WindowEvents(1, 1));
    clock.advance(Duration.ofMinutes(3)); // no event, no query: nothing moves the bucket
    slo.record(0, 2);
    assertThat(slo.events(Duration.ofSeconds(10))).isEqualTo(new WindowEvents(0, 2));
    assertThat(slo.events(Duration.ofMinutes(5))).isEqualTo(new WindowEvents(1, 3));
    slo.close(); // nothing to cancel
    assertThat(slo.events(Duration.ofMinutes(5))).isEqualTo(new WindowEvents(1, 3));
  }

  @Test
  void minuteAndHourLevelsGetCompletedBucketsAtTheirEdges() {
    Slo slo = Slo.create(checkout(), scheduler);

    clock.advance(Duration.ofMinutes(1).minus(NANO));
    slo.record(0, 3); // the last instant of minute 0 (and of its last 10-second bucket)
    clock.advance(NANO);
    slo.record(5, 0); // minute 1

    // 2 h windows are summed per minute: the minute boundary splits the two records.
    clock.advance(Duration.ofHours(2).minus(Duration.ofMinutes(1)).minus(NANO));
    assertThat(slo.events(Duration.ofHours(2))).isEqualTo(new WindowEvents(5, 3));
    clock.advance(NANO); // minute 0 has left the 2-hour window
    assertThat(slo.events(Duration.ofHours(2))).isEqualTo(new WindowEvents(5, 0));

    // 3 d windows are summed per hour: both records are in hour 0 until it leaves.
    clock.set(ManualClock.DEFAULT_START.plus(Duration.ofDays(3)).minus(NANO));
    assertThat(slo.events(Duration.ofDays(3))).isEqualTo(new WindowEvents(5, 3));
    clock.advance(NANO);
    assertThat(slo.events(Duration.ofDays(3))).isEqualTo(new WindowEvents(0, 0));
    assertThat(slo.events(Duration.ofDays(35))).isEqualTo(new WindowEvents(5, 3));
    assertThat(slo.totalEvents()).isEqualTo(new WindowEvents(5, 3));
  }

  @Test
  void windowsBurnRatesAndAlertsMatchAnSloThatReadsTheClockOnEveryEvent() {
    SloDefinition occurrences =
        Slo.named("checkout")
            .objective(0.999)
            .window(Duration.ofDays(30))
            .latencyThreshold(Duration.ofMillis(100))
            .minEventsPerShortWindow(5)
            .build();
    SloDefinition slices =
        Slo.named("slices")
            .objective(0.9)
            .budgeting(BudgetingMethod.TIMESLICES)
            .timesliceTarget(0.95)
            .window(Duration.ofDays(7))
            .build();
    for (SloDefinition definition : List.of(occurrences, slices)) {
      Slo scheduled = Slo.create(definition, scheduler);
      Slo reading = Slo.create(definition, clock);
      assertThat(reading.isScheduled()).isFalse();
      List<SloAlertEvent> scheduledEvents = recordAlerts(scheduled);
      List<SloAlertEvent> readingEvents = recordAlerts(reading);

      SplittableRandom random = new SplittableRandom(42);
      long firings = 0;
      for (int step = 0; step < 1_500; step++) {
        // Mostly small moves, sometimes onto a boundary or an hour or a day ahead.
        int kind = random.nextInt(100);
        if (kind < 70) {
          clock.advance(Duration.ofMillis(random.nextLong(0, 15_000)));
        } else if (kind < 90) {
          long nanos = clock.epochNanos();
          long toBoundary = 10_000_000_000L - Math.floorMod(nanos, 10_000_000_000L);
          clock.advance(Duration.ofNanos(toBoundary - random.nextInt(2)));
        } else if (kind < 98) {
          clock.advance(Duration.ofMinutes(random.nextLong(1, 120)));
        } else {
          clock.advance(Duration.ofHours(random.nextLong(1, 30)));
        }
        // An outage now and then, so the pairs fire and resolve.
        boolean outage = (step / 150) % 3 == 1;
        long seed = random.nextLong();
        for (Slo slo : List.of(scheduled, reading)) {
          SplittableRandom same = new SplittableRandom(seed); // both SLOs get the same events
          int events = same.nextInt(0, 6);
          for (int e = 0; e < events; e++) {
            switch (same.nextInt(3)) {
              case 0 -> slo.record(!outage || same.nextInt(4) == 0);
              case 1 -> slo.recordLatencyNanos(
                  outage ? 150_000_000L : same.nextLong(0, 101_000_000L));
              default -> slo.record(same.nextLong(0, 50), outage ? same.nextLong(0, 50) : 0);
            }
          }
        }
        for (Duration w : step % 3 == 0 ? WINDOWS : List.<Duration>of()) {
          assertThat(scheduled.events(w)).as("events over %s at step %d", w, step)
              .isEqualTo(reading.events(w));
          assertThat(scheduled.counts(w)).as("counts over %s at step %d", w, step)
              .isEqualTo(reading.counts(w));
          assertThat(scheduled.burnRate(w)).isEqualTo(reading.burnRate(w));
        }
        assertThat(scheduled.snapshot()).isEqualTo(reading.snapshot());
        assertThat(scheduled.totalEvents()).isEqualTo(reading.totalEvents());
        List<AlertState> s = scheduled.evaluate();
        assertThat(s).as("alerts at step %d", step).isEqualTo(reading.evaluate());
        firings += s.stream().filter(AlertState::firing).count();
      }
      assertThat(scheduledEvents).isEqualTo(readingEvents);
      if (definition == occurrences) {
        assertThat(firings).as("pairs firing over the run").isPositive();
        assertThat(scheduledEvents).isNotEmpty();
      }
      assertThat(scheduled.totalEvents().total()).isPositive();
      scheduled.close();
    }
  }

  private static List<SloAlertEvent> recordAlerts(Slo slo) {
    List<SloAlertEvent> seen = new ArrayList<>();
    slo.addListener(
        new SloListener() {
          @Override
          public void alertFired(SloAlertEvent event) {
            seen.add(event);
          }

          @Override
          public void alertResolved(SloAlertEvent event) {
            seen.add(event);
          }
        });
    return seen;
  }

  @Test
  void twoWritersRacingRotationsLoseNoEvent() throws Exception {
    Slo slo = Slo.create(checkout(), scheduler);
    long deadline = System.currentTimeMillis() + 1_000;
    RacingWriter.Race writers = RacingWriter.race(slo, 2, 50_000_000);
    // This thread moves the clock, so the boundary task rotates the live bucket here while the
    // writers race; queries in between rotate nothing but read the live bucket.
    int rotations = 0;
    while (System.currentTimeMillis() < deadline && rotations < 100_000) {
      clock.advance(Duration.ofSeconds(10));
      rotations++;
      if (rotations % 16 == 0) {
        assertThat(slo.events(Duration.ofDays(35)).total()).isNotNegative();
      }
    }
    WindowEvents expected = writers.stop(); // what the writers recorded together
    System.out.println("two writers, " + rotations + " rotations: " + expected);
    assertThat(rotations).isGreaterThan(10);
    assertThat(expected.total()).isPositive();
    assertThat(slo.totalEvents()).isEqualTo(expected);
    assertThat(slo.events(Duration.ofDays(35))).isEqualTo(expected); // at most 12 days of buckets
    clock.advance(Duration.ofSeconds(10)); // the late writers' bucket is drained too
    assertThat(slo.events(Duration.ofDays(35))).isEqualTo(expected);
    assertThat(slo.totalEvents()).isEqualTo(expected);
  }

  @Test
  void aClockMovedBackTakesEffectAtTheNextQuery() {
    Slo slo = Slo.create(checkout(), scheduler);
    slo.record(100, 1);

    clock.rewind(Duration.ofMinutes(30));
    slo.record(5, 5); // no task has run: still the newer bucket, now 30 minutes ahead
    // The query moves the live bucket back to the clock; the newer bucket is ahead of its window.
    assertThat(slo.snapshot().counts()).isEqualTo(new WindowEvents(0, 0));
    slo.record(7, 7); // lands where the clock is now
    assertThat(slo.events(Duration.ofSeconds(10))).isEqualTo(new WindowEvents(7, 7));

    clock.advance(Duration.ofMinutes(30));
    assertThat(slo.events(Duration.ofHours(1))).isEqualTo(new WindowEvents(112, 13));
    assertThat(slo.totalEvents()).isEqualTo(new WindowEvents(112, 13));
    SloSnapshot s = slo.snapshot();
    assertThat(s.sli()).isBetween(0.0, 1.0);
    assertThat(s.burnRate()).isFinite();
  }

  @Test
  void fortyIdleDaysOnASchedulerForgetEverything() {
    Slo slo = Slo.create(checkout(), scheduler);
    slo.record(1000, 10);

    long started = System.nanoTime();
    clock.advance(Duration.ofDays(40)); // 345,600 boundaries, each run by the task
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.println("40 idle days on a manual scheduler: " + tookMillis + " ms");

    assertThat(slo.snapshot().counts()).isEqualTo(new WindowEvents(0, 0));
    assertThat(slo.snapshot().noData()).isTrue();
    assertThat(slo.totalEvents()).isEqualTo(new WindowEvents(1000, 10));
    slo.record(true);
    assertThat(slo.events(Duration.ofDays(35))).isEqualTo(new WindowEvents(1, 0));
  }

  @Test
  void closingCancelsTheTaskAndRecordingReadsTheClockFromThen() {
    Scheduler watched = new Watching(scheduler);
    Slo slo = Slo.create(checkout(), watched);
    ScheduledTask task = ((Watching) watched).tasks.get(0);
    slo.record(true);

    slo.close();
    slo.close(); // twice is harmless

    assertThat(task.isCancelled()).isTrue();
    assertThat(slo.isScheduled()).isFalse();
    clock.advance(Duration.ofMinutes(1));
    slo.record(false); // no task moved the bucket: the event finds it by reading the clock
    assertThat(slo.events(Duration.ofSeconds(10))).isEqualTo(new WindowEvents(0, 1));
    assertThat(slo.events(Duration.ofMinutes(5))).isEqualTo(new WindowEvents(1, 1));
  }

  @Test
  void anSloWhoseSchedulerClosesFallsBackToReadingTheClock() {
    Slo slo = Slo.create(checkout(), scheduler);
    slo.record(true);
    scheduler.close();

    assertThat(slo.isScheduled()).isFalse();
    clock.advance(Duration.ofMinutes(1));
    slo.events(Duration.ofMinutes(5)); // a query notices the stopped task
    clock.advance(Duration.ofMinutes(1));
    slo.record(false);
    assertThat(slo.events(Duration.ofSeconds(10))).isEqualTo(new WindowEvents(0, 1));
    assertThat(slo.events(Duration.ofMinutes(5))).isEqualTo(new WindowEvents(1, 1));
  }

  @Test
  void creatingOnAClosedSchedulerFails() {
    scheduler.close();
    assertThatThrownBy(() -> Slo.create(checkout(), scheduler))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void anSloDroppedWithoutClosingCancelsItsTask() {
    Watching watched = new Watching(scheduler);
    WeakReference<Slo> dropped = new WeakReference<>(Slo.create(checkout(), watched));
    ScheduledTask task = watched.tasks.get(0);
    for (int i = 0; i < 20 && dropped.get() != null; i++) {
      System.gc();
    }
    Assumptions.assumeTrue(dropped.get() == null, "the JVM did not collect the dropped SLO");

    clock.advance(Duration.ofSeconds(10)); // the task runs, finds the SLO gone, cancels itself

    assertThat(task.isCancelled()).isTrue();
  }

  /** A scheduler that remembers the tasks given to it. */
  private static final class Watching implements Scheduler {
    final Scheduler delegate;
    final List<ScheduledTask> tasks = new ArrayList<>();

    Watching(Scheduler delegate) {
      this.delegate = delegate;
    }

    @Override
    public ScheduledTask schedule(String name, Duration delay, Runnable task) {
      ScheduledTask t = delegate.schedule(name, delay, task);
      tasks.add(t);
      return t;
    }

    @Override
    public ScheduledTask scheduleEvery(
        String name, Duration initialDelay, Duration period, Runnable task) {
      ScheduledTask t = delegate.scheduleEvery(name, initialDelay, period, task);
      tasks.add(t);
      return t;
    }

    @Override
    public Clock clock() {
      return delegate.clock();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
