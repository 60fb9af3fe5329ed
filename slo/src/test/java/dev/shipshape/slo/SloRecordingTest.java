package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import dev.shipshape.slo.internal.EventRing;
import dev.shipshape.testsupport.LogCapture;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SloRecordingTest {

  private final ManualClock clock = ManualClock.create();

  private Slo slo(double objective) {
    return Slo.create(
        Slo.named("checkout").objective(objective).window(Duration.ofDays(30)).build(), clock);
  }

  /** An SLO "api" whose events are good at or under 300 ms. */
  private static Slo withLatencyThreshold(Clock clock) {
    return Slo.create(
        Slo.named("api").objective(0.9).latencyThreshold(Duration.ofMillis(300)).build(), clock);
  }

  @Test
  void noTrafficGivesSliOneBurnZeroAndNoDataWithoutNaN() {
    Slo slo = slo(0.999);

    SloSnapshot s = slo.snapshot();

    assertThat(s.noData()).isTrue();
    assertThat(s.sli()).isEqualTo(1.0);
    assertThat(s.burnRate()).isEqualTo(0.0);
    assertThat(s.currentBurnRate()).isEqualTo(0.0);
    assertThat(s.budgetRemaining()).isEqualTo(1.0);
    assertThat(s.budgetAllowed()).isEqualTo(0.0);
    assertThat(s.exhausted()).isFalse();
    assertThat(s.timeToExhaustion()).isNull();
    assertThat(slo.sli(Duration.ofMinutes(5))).isEqualTo(1.0);
    assertThat(slo.burnRate(Duration.ofHours(1))).isEqualTo(0.0);
  }

  @Test
  void snapshotReportsSliBudgetAndBurnRate() {
    Slo slo = slo(0.99);
    slo.record(9_950, 50);
    slo.record(true);
    slo.record(false);

    SloSnapshot s = slo.snapshot();

    assertThat(s.counts()).isEqualTo(new WindowEvents(9_951, 51));
    assertThat(s.sli()).isCloseTo(9_951 / 10_002.0, within(1e-12));
    assertThat(s.budgetAllowed()).isCloseTo(100.02, within(1e-9));
    assertThat(s.budgetConsumed()).isEqualTo(51.0);
    assertThat(s.budgetRemaining()).isCloseTo(1 - 51 / 100.02, within(1e-9));
    assertThat(s.burnRate()).isCloseTo(51 / 100.02, within(1e-9));
    assertThat(s.noData()).isFalse();
    assertThat(s.exhausted()).isFalse();
    assertThat(s.at()).isEqualTo(clock.instant());
  }

  @Test
  void overspentBudgetIsNegativeAndExhaustedWithZeroTimeToExhaustion() {
    Slo slo = slo(0.99);
    slo.record(900, 100);

    SloSnapshot s = slo.snapshot();

    assertThat(s.budgetRemaining()).isCloseTo(-9.0, within(1e-9));
    assertThat(s.exhausted()).isTrue();
    assertThat(s.timeToExhaustion()).isEqualTo(Duration.ZERO);
  }

  @Test
  void timeToExhaustionFollowsTheCurrentBurnRate() {
    Slo slo = slo(0.99);
    // burn rate 2 over the last five minutes and over the window: half the budget left after
    // spending at 2x, so 0.5 * 30 days / 2 = 7.5 days remain... with remaining = 1 - 2 = -1 the
    // budget is gone; use a long healthy history instead.
    slo.record(1_000_000, 0);
    clock.advance(Duration.ofHours(2));
    slo.record(980, 20); // error ratio 2% -> burn 2 over the last 5 minutes

    SloSnapshot s = slo.snapshot();

    double remaining = 1 - (20 / 1_001_000.0) / 0.01;
    assertThat(s.currentBurnRate()).isCloseTo(2.0, within(1e-9));
    assertThat(s.budgetRemaining()).isCloseTo(remaining, within(1e-9));
    assertThat(s.timeToExhaustion().toSeconds())
        .isCloseTo((long) (remaining * 30 * 86_400 / 2.0), within(1L));
  }

  @Test
  void latencyAtTheThresholdIsGoodAndAboveIsBad() {
    Slo slo = withLatencyThreshold(clock);

    slo.recordLatency(Duration.ofMillis(300));
    slo.recordLatency(Duration.ofMillis(299));
    slo.recordLatencyNanos(300_000_001L);
    slo.recordLatency(Duration.ofDays(400_000_000L));

    assertThat(slo.events(Duration.ofHours(1))).isEqualTo(new WindowEvents(2, 2));
  }

  @Test
  void aNullLatencyIsNotRecordedNeverThrowsAndIsLoggedOncePerSlo() {
    Slo slo = withLatencyThreshold(clock);
    Slo other = Slo.create(Slo.named("search").objective(0.9).build(), Scheduler.forClock(clock));
    Duration missing = null;

    try (LogCapture log = LogCapture.of("dev.shipshape.slo", Level.WARN)) {
      slo.recordLatency(missing);
      slo.recordLatency(missing);
      other.recordLatency(missing);
      slo.recordLatency(Duration.ofMillis(100));
      slo.recordLatency(missing);

      assertThat(slo.totalEvents()).isEqualTo(new WindowEvents(1, 0));
      assertThat(other.totalEvents()).isEqualTo(new WindowEvents(0, 0));
      assertThat(log.matching("SLO 'api' was given a null latency.*")).hasSize(1);
      assertThat(log.matching("SLO 'search' was given a null latency.*")).hasSize(1);
      assertThat(log.events()).hasSize(2);
      assertThat(LogCapture.keyValues(log.events().get(0))).containsEntry("slo", "api");
    }
  }

  @Test
  void extremeLatenciesAndCountsAreRecordedWithoutThrowing() {
    Slo slo = withLatencyThreshold(clock);

    slo.recordLatency(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
    slo.recordLatency(Duration.ofSeconds(Long.MIN_VALUE));
    slo.recordLatency(Duration.ofNanos(-1));
    slo.recordLatencyNanos(Long.MAX_VALUE);
    slo.recordLatencyNanos(Long.MIN_VALUE);
    slo.record(Long.MIN_VALUE, 2);

    // too long for a long of nanoseconds is bad; a negative latency (a clock moved back) is good
    assertThat(slo.totalEvents()).isEqualTo(new WindowEvents(3, 4));
  }

  @Test
  void recordingOnAClockAtTheEndsOfTimeNeverThrows() {
    Instant[] now = {Instant.MAX};
    Clock ends =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    Slo slo = withLatencyThreshold(ends);

    for (Instant at : new Instant[] {Instant.MAX, Instant.MIN, Instant.EPOCH, Instant.MAX}) {
      now[0] = at;
      slo.record(true);
      slo.record(2, 1);
      slo.recordLatency(Duration.ofSeconds(1));
      slo.recordLatencyNanos(1);
    }

    assertThat(slo.totalEvents()).isEqualTo(new WindowEvents(16, 8));
    assertThat(slo.snapshot().sli()).isBetween(0.0, 1.0);
  }

  @Test
  void eventLeavesAWindowWithinOneBucketWidthOfItsStart() {
    Slo slo = slo(0.999);
    slo.record(false);

    clock.advance(Duration.ofMinutes(5).minusSeconds(10));
    assertThat(slo.events(Duration.ofMinutes(5)).bad()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(slo.events(Duration.ofMinutes(5)).bad()).isZero();

    assertThat(slo.events(Duration.ofHours(2)).bad()).isEqualTo(1);
    clock.advance(Duration.ofHours(2));
    assertThat(slo.events(Duration.ofHours(2)).bad()).isZero();
    assertThat(slo.events(Duration.ofDays(30)).bad()).isEqualTo(1);
    clock.advance(Duration.ofDays(30));
    assertThat(slo.events(Duration.ofDays(30)).bad()).isZero();
  }

  @Test
  void fortyIdleDaysForgetEverythingWithoutNegativeCountsOrNaN() {
    Slo slo = slo(0.999);
    slo.record(1000, 10);

    clock.advance(Duration.ofDays(40));
    SloSnapshot s = slo.snapshot();

    assertThat(s.counts()).isEqualTo(new WindowEvents(0, 0));
    assertThat(s.noData()).isTrue();
    assertThat(s.sli()).isEqualTo(1.0);
    slo.record(true);
    assertThat(slo.events(Duration.ofDays(35))).isEqualTo(new WindowEvents(1, 0));
  }

  @Test
  void clockJumpsBackwardsAndForwardsNeverBreakRecordingOrQueries() {
    Slo slo = slo(0.999);
    slo.record(100, 1);

    clock.rewind(Duration.ofMinutes(30));
    slo.record(100, 1);
    SloSnapshot back = slo.snapshot();
    assertThat(back.counts().good()).isBetween(100L, 200L);
    assertThat(back.sli()).isBetween(0.0, 1.0);

    clock.rewind(Duration.ofDays(400));
    slo.record(5, 5);
    assertThat(slo.snapshot().counts()).isEqualTo(new WindowEvents(5, 5));

    clock.advance(Duration.ofDays(800));
    SloSnapshot ahead = slo.snapshot();
    assertThat(ahead.counts()).isEqualTo(new WindowEvents(0, 0));
    assertThat(ahead.burnRate()).isEqualTo(0.0);
  }

  @Test
  void recordingIgnoresNegativeCountsAndSaturatesHugeOnes() {
    Slo slo = slo(0.999);
    slo.record(-5, -7);
    assertThat(slo.snapshot().noData()).isTrue();

    slo.record(Long.MAX_VALUE, 0);
    slo.record(Long.MAX_VALUE, 0);
    WindowEvents events = slo.events(Duration.ofDays(30));
    assertThat(events.good()).isPositive();
    assertThat(events.bad()).isZero();
    assertThat(slo.snapshot().sli()).isEqualTo(1.0);
  }

  @Test
  void aBucketSaturatesAtTheRingsLimitAtEveryLevelWithoutCorruptingItsLapOrItsNeighbours() {
    long limit = (1L << 44) - 1; // a ring slot's count: 44 bits beside a 20-bit lap
    Slo slo = slo(0.999);
    slo.record(limit + 5, 3); // one 10-second bucket past the limit
    assertThat(slo.events(Duration.ofMinutes(5))).isEqualTo(new WindowEvents(limit, 3));

    clock.advance(Duration.ofSeconds(10));
    slo.record(7, 1); // the next bucket, ordinary counts
    clock.advance(Duration.ofSeconds(50)); // both buckets drained, and their minute closed

    // 10-second buckets (windows up to an hour): the saturated one, then its neighbour intact
    assertThat(slo.events(Duration.ofMinutes(5))).isEqualTo(new WindowEvents(limit + 7, 4));
    // one-minute and one-hour buckets hold both, each saturated as a whole
    assertThat(slo.events(Duration.ofHours(6))).isEqualTo(new WindowEvents(limit, 4));
    assertThat(slo.events(Duration.ofDays(30))).isEqualTo(new WindowEvents(limit, 4));
    SloSnapshot s = slo.snapshot();
    assertThat(s.sli()).isBetween(0.0, 1.0);
    assertThat(s.burnRate()).isNotNaN().isNotNegative();

    // One lap of the 10-second level later, the saturated bucket's slot is reused: its lap must
    // still tell the old count apart from the new bucket's.
    clock.advance(Duration.ofMinutes(59));
    assertThat(slo.events(Duration.ofHours(1))).isEqualTo(new WindowEvents(7, 1));
    slo.record(2, 0);
    assertThat(slo.events(Duration.ofSeconds(10))).isEqualTo(new WindowEvents(2, 0));
    // the clock is in the next hour now: the saturated hour, then the new one beside it
    assertThat(slo.events(Duration.ofDays(30))).isEqualTo(new WindowEvents(limit + 2, 4));
  }

  /** A 7-day timeslices SLO: 90% of one-minute slices must be at least 95% good. */
  private Slo timeslicesSlo() {
    return Slo.create(
        Slo.named("ts")
            .objective(0.9)
            .budgeting(BudgetingMethod.TIMESLICES)
            .timesliceTarget(0.95)
            .window(Duration.ofDays(7))
            .build(),
        clock);
  }

  @Test
  void timeslicesAfterTheClockWentBackCountInTheSloWindowAsInADay() {
    Slo slo = timeslicesSlo();
    for (int minute = 0; minute < 120; minute++) {
      slo.record(100, 0);
      clock.advance(Duration.ofMinutes(1));
    }
    // an hour back (a corrected clock): 01:00 to 01:29 again, now failing
    clock.rewind(Duration.ofHours(1));
    for (int minute = 0; minute < 30; minute++) {
      slo.record(50, 50); // with the first pass's 100 good: 75% < 95%, a bad slice
      clock.advance(Duration.ofMinutes(1));
    }
    // the first hour's 60 good slices, the 30 bad ones, and the current minute 01:30 with the
    // first pass's events. The SLO window (7 days, from hourly tallies) used to keep the second
    // hour's 60 good slices from before the clock went back and none of the bad ones: (120, 0)
    assertThat(slo.counts(Duration.ofDays(1))).isEqualTo(new WindowEvents(61, 30));
    assertThat(slo.counts(Duration.ofDays(7))).isEqualTo(new WindowEvents(61, 30));
    assertThat(slo.snapshot().sli()).isEqualTo(61 / 91.0);
    // passing the rest of the hour again counts each of its minutes once
    clock.advance(Duration.ofMinutes(30));
    assertThat(slo.counts(Duration.ofDays(7))).isEqualTo(new WindowEvents(90, 30));

    // a year back: the slices from then on count in the SLO window at once, not a year later
    clock.rewind(Duration.ofDays(365));
    for (int minute = 0; minute < 10; minute++) {
      slo.record(0, 10);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(slo.counts(Duration.ofDays(1))).isEqualTo(new WindowEvents(0, 10));
    assertThat(slo.counts(Duration.ofDays(7))).isEqualTo(new WindowEvents(0, 10));
    assertThat(slo.snapshot().exhausted()).isTrue();
  }

  @Test
  void timeslicesCountOneMinuteSlicesAgainstTheSliceTarget() {
    Slo slo = timeslicesSlo();
    for (int minute = 0; minute < 10; minute++) {
      if (minute == 3) {
        slo.record(90, 10); // 90% < 95%: a bad slice
      } else if (minute != 5) {
        slo.record(99, 1); // 99%: a good slice; minute 5 has no events
      }
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(slo.counts(Duration.ofHours(1))).isEqualTo(new WindowEvents(8, 1));
    assertThat(slo.snapshot().counts()).isEqualTo(new WindowEvents(8, 1));
    assertThat(slo.snapshot().sli()).isCloseTo(8 / 9.0, within(1e-12));
    assertThat(slo.events(Duration.ofHours(1))).isEqualTo(new WindowEvents(882, 18));

    clock.advance(Duration.ofDays(2));
    assertThat(slo.snapshot().counts()).isEqualTo(new WindowEvents(8, 1));
    assertThat(slo.counts(Duration.ofHours(1))).isEqualTo(new WindowEvents(0, 0));
  }

  @Test
  void lastActiveMinuteBeforeAnIdleGapOfTwoDaysStillCountsAsASlice() {
    // Regression: when slices were closed after more than 24 idle hours, the minute ring's
    // catch-up skipped the last active minute, so its (here bad) slice was never counted.
    Slo slo = timeslicesSlo();
    slo.record(99, 1); // minute 0: a good slice
    clock.advance(Duration.ofMinutes(1));
    slo.record(90, 10); // minute 1: a bad slice, the last activity

    clock.advance(Duration.ofDays(2));

    assertThat(slo.snapshot().counts()).isEqualTo(new WindowEvents(1, 1));
    assertThat(slo.counts(Duration.ofDays(3))).isEqualTo(new WindowEvents(1, 1));
  }

  @Test
  void retainsAtMostSixtyFourKibibytesOfCountersPerSlo() {
    Slo slo = slo(0.999);
    Slo timeslices =
        Slo.create(
            Slo.named("ts")
                .objective(0.9)
                .budgeting(BudgetingMethod.TIMESLICES)
                .timesliceTarget(0.9)
                .build(),
            clock);

    long bytes = RetainedSize.of(slo);
    long tsBytes = RetainedSize.of(timeslices);
    System.out.println("retained counter bytes per SLO: occurrences=" + bytes
        + " timeslices=" + tsBytes);

    // the ring's 42,240 bytes, plus two live buckets of (stripes + 2) x 128 bytes
    assertThat(slo.retainedCounterBytes())
        .isEqualTo(42_240 + 2L * (EventRing.defaultStripes() + 2) * 128);
    assertThat(bytes).isLessThanOrEqualTo(64 * 1024);
    assertThat(tsBytes).isLessThanOrEqualTo(64 * 1024);
  }

  @Test
  void staysUnderSixtyFourKibibytesWithTheMostStripesAnyMachineGets() {
    // Stripes grow with the processors up to MAX_STRIPES; even then, with time slices, the ring
    // and its live buckets stay under the limit.
    EventRing widest =
        new EventRing(clock::epochNanos, 0.9, false, EventRing.MAX_STRIPES);

    long bytes = RetainedSize.ofRing(widest);
    System.out.println("retained bytes per SLO with " + EventRing.MAX_STRIPES
        + " stripes and time slices: " + bytes);

    assertThat(widest.payloadBytes())
        .isEqualTo(42_240 + 13_440 + 2L * (EventRing.MAX_STRIPES + 2) * 128);
    assertThat(bytes).isLessThanOrEqualTo(64 * 1024);
  }

  @Test
  void alertEventsCarryTheSlosRunbook() {
    ManualClock clock = ManualClock.create();
    List<SloAlertEvent> events = new ArrayList<>();
    Slo slo =
        Slo.create(
            Slo.named("checkout")
                .objective(0.99)
                .runbookUrl("https://runbooks.example.com/checkout")
                .build(),
            clock);
    slo.addListener(
        new SloListener() {
          @Override
          public void alertFired(SloAlertEvent e) {
            events.add(e);
          }

          @Override
          public void alertResolved(SloAlertEvent e) {
            events.add(e);
          }
        });
    slo.record(0, 100);
    clock.advance(Duration.ofMinutes(1));
    slo.evaluate();
    clock.advance(Duration.ofHours(7));
    slo.record(1000, 0);
    slo.evaluate();

    assertThat(events).isNotEmpty();
    assertThat(events)
        .allSatisfy(
            e -> assertThat(e.runbookUrl()).isEqualTo("https://runbooks.example.com/checkout"));
  }

  @Test
  @Timeout(30)
  void aListenerStuckInAnEvaluationNeverBlocksRecordingOrReading() throws Exception {
    CountDownLatch inListener = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Slo slo = slo(0.999);
    slo.addListener(
        new SloListener() {
          @Override
          public void alertFired(SloAlertEvent e) {
            inListener.countDown();
            try {
              release.await();
            } catch (InterruptedException interrupted) {
              Thread.currentThread().interrupt();
            }
          }
        });
    slo.record(0, 1_000); // every event bad: the page alert fires at the next evaluation
    ExecutorService threads = Executors.newCachedThreadPool(); // a thread for each task
    CompletableFuture<List<AlertState>> stuck =
        CompletableFuture.supplyAsync(slo::evaluate, threads);
    CompletableFuture<List<AlertState>> next = null;
    try {
      assertThat(inListener.await(10, TimeUnit.SECONDS)).as("the listener was called").isTrue();
      next = CompletableFuture.supplyAsync(slo::evaluate, threads);

      // Recording and reading while the stuck listener holds the evaluation lock, on a thread
      // of their own so that a recording that blocked fails the test instead of hanging it.
      List<WindowEvents> read =
          CompletableFuture.supplyAsync(
                  () -> {
                    slo.record(5, 0);
                    slo.record(true);
                    return List.of(
                        slo.events(Duration.ofMinutes(5)),
                        slo.totalEvents(),
                        slo.snapshot().counts());
                  },
                  threads)
              .get(10, TimeUnit.SECONDS);
      assertThat(read).containsOnly(new WindowEvents(6, 1_000));
      assertThat(stuck).as("the evaluation waits for its listener").isNotDone();
    } finally {
      release.countDown();
      threads.shutdown();
    }
    assertThat(stuck.get(10, TimeUnit.SECONDS)).anyMatch(AlertState::firing);
    assertThat(next.get(10, TimeUnit.SECONDS)).anyMatch(AlertState::firing);
  }
}
