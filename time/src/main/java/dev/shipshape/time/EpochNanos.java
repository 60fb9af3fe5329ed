package dev.shipshape.time;

import java.time.Duration;
import java.time.Instant;

/** Conversions between instants and nanoseconds since the epoch held in a {@code long}. */
final class EpochNanos {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** The earliest instant whose epoch nanoseconds fit in a {@code long}. */
  static final Instant MIN = Instant.ofEpochSecond(0, Long.MIN_VALUE);

  /** The latest instant whose epoch nanoseconds fit in a {@code long}. */
  static final Instant MAX = Instant.ofEpochSecond(0, Long.MAX_VALUE);

  private EpochNanos() {}

  static boolean inRange(Instant instant) {
    return !instant.isBefore(MIN) && !instant.isAfter(MAX);
  }

  /** Exact conversion; the caller has checked {@link #inRange(Instant)}. */
  static long of(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
  }

  /** Conversion that clamps instants outside the {@code long} range to its ends. */
  static long saturated(Instant instant) {
    if (instant.isBefore(MIN)) {
      return Long.MIN_VALUE;
    }
    if (instant.isAfter(MAX)) {
      return Long.MAX_VALUE;
    }
    return of(instant);
  }

  static Instant toInstant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
  }

  static String supportedRange() {
    return "from " + MIN + " to " + MAX;
  }
}
