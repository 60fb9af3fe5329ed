package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Several writers record while another thread moves the clock through bucket boundaries: no event
 * is lost or counted twice at any resolution.
 */
class ConcurrentRecordingTest {

  private static final int WRITERS = 4;
  private static final long OPS_PER_WRITER = 200_000;
  private static final long TIME_LIMIT_MILLIS = 1_500;

  @Test
  void concurrentWritersLoseNoEventAndCountNoneTwice() throws Exception {
    ManualClock clock = ManualClock.create();
    Slo slo = Slo.create(Slo.named("c").objective(0.999).build(), clock);
    CountDownLatch start = new CountDownLatch(1);
    long deadline = System.currentTimeMillis() + TIME_LIMIT_MILLIS;
    RacingWriter.Race race = RacingWriter.race(slo, WRITERS, OPS_PER_WRITER, start);
    // Moves the clock by a second at a time, at most 25 minutes, so every resolution (10 s,
    // 1 min, 1 h) still holds all events and buckets turn over while writers race.
    Thread mover =
        new Thread(
            () -> {
              RacingWriter.awaitQuietly(start);
              for (int s = 0; s < 1500 && !race.stopped(); s++) {
                clock.advance(Duration.ofSeconds(1));
                Thread.onSpinWait();
              }
            });
    // Evaluates and reads snapshots while the writers race: figures stay finite and in range.
    AtomicLong badReads = new AtomicLong();
    AtomicLong evaluations = new AtomicLong();
    Thread reader =
        new Thread(
            () -> {
              RacingWriter.awaitQuietly(start);
              while (!race.stopped()) {
                slo.evaluate();
                SloSnapshot s = slo.snapshot();
                if (!(s.sli() >= 0 && s.sli() <= 1) || !Double.isFinite(s.burnRate())
                    || s.counts().good() < 0 || s.counts().bad() < 0) {
                  badReads.incrementAndGet();
                }
                evaluations.incrementAndGet();
              }
            });
    mover.start();
    reader.start();
    start.countDown();
    race.awaitUntil(deadline);
    WindowEvents expected = race.stop();
    mover.join(TimeUnit.SECONDS.toMillis(10));
    reader.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(evaluations.get()).isPositive();
    assertThat(badReads.get()).isZero();

    assertThat(expected.total()).isPositive();
    assertThat(slo.events(Duration.ofHours(1))).isEqualTo(expected); // 10 s buckets
    assertThat(slo.events(Duration.ofDays(1))).isEqualTo(expected); // 1 min buckets
    assertThat(slo.events(Duration.ofDays(35))).isEqualTo(expected); // 1 h buckets
  }

  @Test
  void writersRacingThroughReusedSlotsKeepTheLongWindowExact() throws Exception {
    // The clock moves 10 s per step for three hours, so every 10 s slot is reset twice while
    // writers add to it; the 35-day window must still hold every event.
    ManualClock clock = ManualClock.create();
    Slo slo = Slo.create(Slo.named("r").objective(0.999).build(), clock);
    RacingWriter.Race race = RacingWriter.race(slo, WRITERS, OPS_PER_WRITER);
    for (int step = 0; step < 3 * 360; step++) {
      clock.advance(Duration.ofSeconds(10));
    }
    WindowEvents expected = race.stop();
    assertThat(slo.events(Duration.ofDays(35))).isEqualTo(expected);
    assertThat(slo.events(Duration.ofHours(1)).total()).isLessThanOrEqualTo(expected.total());
  }
}
