package dev.shipshape.time;

import java.time.Clock;

/**
 * Monotonic nanoseconds for measuring durations, derived from a {@link Clock}.
 *
 * <p>For the system clock the reading comes from {@link System#nanoTime()} (this is the one place
 * in Shipshape that reads it), so durations are immune to wall-clock adjustments. For any other
 * clock, a {@link ManualClock} in particular, the reading is the clock's instant in nanoseconds
 * since the epoch, so durations follow the clock exactly: advancing a manual clock by two seconds
 * makes every measured duration two seconds longer, and moving it back makes them shorter.
 * Callers that must never see a negative duration clamp differences at zero.
 *
 * <p>Only differences between two readings of the same ticker are meaningful.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current reading in nanoseconds from an arbitrary origin.
   *
   * @return the current reading; only differences between readings are meaningful
   */
  long read();

  /**
   * The ticker backed by {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }

  /**
   * The ticker that goes with {@code clock}: the system ticker for the system clock (in any zone),
   * the clock's own nanoseconds for a {@link ManualClock}, and the clock's instants otherwise.
   *
   * @param clock the clock that all of an application's time comes from
   * @return a ticker consistent with {@code clock}
   */
  static Ticker of(Clock clock) {
    if (clock instanceof ManualClock) {
      return ((ManualClock) clock)::epochNanos;
    }
    if (SystemClocks.isSystemClock(clock)) {
      return system();
    }
    return () -> EpochNanos.saturated(clock.instant());
  }
}
