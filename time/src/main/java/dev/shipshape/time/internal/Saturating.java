package dev.shipshape.time.internal;

import java.time.Duration;

/**
 * Nanosecond arithmetic that clamps to the ends of the {@code long} range instead of overflowing
 * or throwing: deadlines and windows far in the future (a timeout of a century, a due instant
 * plus a period) stay in range as "never".
 */
public final class Saturating {

  private Saturating() {}

  /**
   * The duration in nanoseconds, clamped to the {@code long} range.
   *
   * @param duration any duration
   * @return its nanoseconds, or {@code Long.MAX_VALUE} or {@code Long.MIN_VALUE} when they do not
   *     fit
   */
  public static long nanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * {@code a + b}, clamped to the {@code long} range.
   *
   * @param a a value
   * @param b another
   * @return their sum, or the end of the range it overflowed past
   */
  public static long add(long a, long b) {
    long sum = a + b;
    // an overflow is when both have the same sign and the sum's sign differs
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
