package dev.shipshape.slo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventRingBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void anEventLandsInTheBucketEachLevelReadsForItsReading() {
    SplittableRandom random = new SplittableRandom(8);
    long[] readings = new long[2_000];
    for (int i = 0; i < readings.length; i++) {
      // Readings anywhere, negative ones and exact bucket edges included.
      long r = random.nextLong();
      readings[i] = switch (i % 4) {
        case 0 -> r;
        case 1 -> r % (1000L * 86_400 * SECOND);
        case 2 -> (r % 100_000) * 10 * SECOND;
        default -> (r % 100_000) * 10 * SECOND - 1;
      };
    }
    long[] out = new long[2];
    long[] reading = new long[1];
    for (long now : readings) {
      reading[0] = now;
      EventRing ring = new EventRing(() -> reading[0]);
      ring.record(2, 3);
      for (int level = 0; level < EventRing.SIZES.length; level++) {
        reading[0] = now;
        ring.sum(EventRing.WIDTH_NANOS[level] * EventRing.SIZES[level], out);
        assertThat(out).as("level %d at %d", level, now).containsExactly(2, 3);
        long width = EventRing.WIDTH_NANOS[level];
        long span = width * EventRing.SIZES[level];
        reading[0] = now + span - width;
        ring.sum(span, out);
        assertThat(out).as("newest window holding it, level %d at %d", level, now)
            .containsExactly(2, 3);
        reading[0] = now - span;
        ring.sum(span, out);
        assertThat(out).as("window before it, level %d at %d", level, now).containsExactly(0, 0);
        reading[0] = now + span;
        ring.sum(span, out);
        assertThat(out).as("window after it, level %d at %d", level, now).containsExactly(0, 0);
      }
    }
  }
}
