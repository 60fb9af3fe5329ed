package dev.shipshape.core.internal;

import java.time.Duration;

/** Short duration labels ({@code 5m}, {@code 1h}, {@code 28d}) for logs and metric tags. */
public final class Durations {

  private Durations() {}

  /** The largest whole unit that divides {@code d}: {@code 30d}, {@code 6h}, {@code 5m}, {@code 10s}. */
  public static String label(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] names = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms % units[i] == 0) {
        return (ms / units[i]) + names[i];
      }
    }
    return ms + "ms";
  }
}
