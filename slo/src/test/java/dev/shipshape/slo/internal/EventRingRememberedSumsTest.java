package dev.shipshape.slo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A ring that remembers its window sums between queries answers exactly as a ring that sums every
 * bucket each time, whatever is recorded and however the clock moves (small steps, long idle
 * gaps, jumps back).
 */
class EventRingRememberedSumsTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  /** The windows of a 28-day SLO's alert pairs and its period, as evaluation asks for them. */
  private static final long[] WINDOWS = {
    HOUR, 5 * MINUTE, 6 * HOUR, 30 * MINUTE, DAY, 2 * HOUR, 3 * DAY, 6 * HOUR, 28 * DAY, 35 * DAY
  };

  @Test
  void rememberedSumsEqualFullSums() {
    long[] reading = new long[1];
    long[] remembered = new long[2];
    long[] full = new long[2];
    int queries = 0;
    for (int seed = 0; seed < 20; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      reading[0] = random.nextLong(-1000 * DAY, 1000 * DAY);
      EventRing a = new EventRing(() -> reading[0]);
      EventRing b = new EventRing(() -> reading[0]);
      b.rememberWindowSums(false);
      for (int op = 0; op < 3_000; op++) {
        double r = random.nextDouble();
        if (r < 0.45) {
          long good = random.nextInt(20);
          long bad = random.nextInt(4) == 0 ? random.nextInt(6) : 0;
          a.record(good, bad);
          b.record(good, bad);
        } else if (r < 0.55) {
          boolean isGood = random.nextBoolean();
          a.record(isGood);
          b.record(isGood);
        } else {
          double step = random.nextDouble();
          if (step < 0.9) {
            reading[0] += random.nextLong(1, 30 * SECOND);
          } else if (step < 0.97) {
            reading[0] += random.nextLong(MINUTE, 4 * DAY);
          } else {
            reading[0] -= random.nextLong(1, 3 * HOUR);
          }
          long extra = random.nextLong(SECOND, 40 * DAY);
          for (long window : WINDOWS) {
            check(a, b, window, remembered, full, seed, op);
            queries++;
          }
          check(a, b, extra, remembered, full, seed, op);
        }
      }
    }
    assertThat(queries).isGreaterThan(20_000);
  }

  @Test
  void everyTenSecondsForFourDaysAsAnSloEvaluates() {
    long[] reading = {0};
    long[] remembered = new long[2];
    long[] full = new long[2];
    SplittableRandom random = new SplittableRandom(42);
    EventRing a = new EventRing(() -> reading[0]);
    EventRing b = new EventRing(() -> reading[0]);
    b.rememberWindowSums(false);
    for (int tick = 0; tick < 4 * 8_640; tick++) {
      reading[0] += 10 * SECOND;
      long good = random.nextInt(30);
      long bad = random.nextInt(50) == 0 ? random.nextInt(10) : 0;
      a.record(good, bad);
      b.record(good, bad);
      for (long window : WINDOWS) {
        check(a, b, window, remembered, full, 42, tick);
      }
    }
  }

  @Test
  void eventsRecordedAfterTheClockWentBackAreCountedWhenItCatchesUp() {
    long[] reading = {0};
    long[] remembered = new long[2];
    long[] full = new long[2];
    EventRing a = new EventRing(() -> reading[0]);
    EventRing b = new EventRing(() -> reading[0]);
    b.rememberWindowSums(false);
    for (int tick = 0; tick < 2 * 360; tick++) { // two hours, remembered sums every 10 s
      reading[0] += 10 * SECOND;
      a.record(10, 1);
      b.record(10, 1);
      for (long window : WINDOWS) {
        check(a, b, window, remembered, full, 0, tick);
      }
    }
    reading[0] -= 30 * MINUTE; // back into buckets the remembered sums hold
    for (int tick = 0; tick < 6 * 30; tick++) {
      reading[0] += 10 * SECOND;
      a.record(7, 3);
      b.record(7, 3);
    }
    for (int tick = 0; tick < 60; tick++) {
      reading[0] += 10 * SECOND;
      for (long window : WINDOWS) {
        check(a, b, window, remembered, full, 1, tick);
      }
    }
  }

  private static void check(
      EventRing a, EventRing b, long window, long[] ra, long[] rb, int seed, int op) {
    a.sum(window, ra);
    b.sum(window, rb);
    assertThat(ra).as("seed %d, op %d, window %ds", seed, op, window / SECOND).containsExactly(rb);
  }
}
