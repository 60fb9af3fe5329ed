package dev.shipshape.slo.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The window sums an {@link EventRing} remembers: the final part of recently queried windows, one
 * per window length. An SLO's alert evaluation asks for the same windows every few seconds, and
 * each time only a bucket or two at either end has changed.
 */
final class WindowSums {

  /** Windows shorter than this many final buckets are cheaper to sum than to remember. */
  static final int MIN_REMEMBERED = 16;

  /** How many windows a ring remembers (an SLO's alert windows and its period fit). */
  private static final int REMEMBERED = 16;

  /**
   * The final part of recently queried windows, one per window length: an SLO's alert evaluation
   * asks for the same windows every few seconds, and each time only a bucket or two at either end
   * has changed. Entries are immutable and stored only from consistent reads.
   */
  private final AtomicReferenceArray<@Nullable ClosedSum> remembered =
      new AtomicReferenceArray<>(REMEMBERED);

  /** Whether window sums are remembered; off only to test the two ways against each other. */
  private volatile boolean remembering = true;

  /** Turns remembering on or off, forgetting what was remembered. */
  void enable(boolean on) {
    this.remembering = on;
    forget();
  }

  /** Forgets every remembered sum (the ring's data changed under them). */
  void forget() {
    for (int i = 0; i < REMEMBERED; i++) {
      remembered.set(i, null);
    }
  }

  /** Where the next window that is not remembered yet goes, round robin. */
  private final AtomicInteger nextRemembered = new AtomicInteger();

  /** The remembered sum of a window of this length, or null. */
  @Nullable ClosedSum recalled(long windowNanos) {
    if (!remembering) {
      return null;
    }
    for (int i = 0; i < REMEMBERED; i++) {
      ClosedSum c = remembered.get(i);
      if (c != null && c.windowNanos == windowNanos) {
        return c;
      }
    }
    return null;
  }

  /** Remembers a sum, replacing the one of the same window length (or the oldest). */
  void remember(@Nullable ClosedSum closed) {
    if (closed == null || !remembering) {
      return;
    }
    for (int i = 0; i < REMEMBERED; i++) {
      ClosedSum c = remembered.get(i);
      if (c != null && c.windowNanos == closed.windowNanos) {
        remembered.set(i, closed);
        return;
      }
    }
    remembered.set(Math.floorMod(nextRemembered.getAndIncrement(), REMEMBERED), closed);
  }

  /**
   * The sum of a window's final buckets {@code [from, end)} at one level, with the first few
   * buckets' counts kept so that the next query of the window, a bucket or two later, can drop
   * them without reading slots that a later lap may have reused.
   */
  static final class ClosedSum {
    /** How many leading buckets are kept: the most a window may move between two queries. */
    static final int HEAD = 8;

    final long windowNanos;
    final int level;
    final long from;
    final long end;
    final long good;
    final long bad;
    final long[] headGood;
    final long[] headBad;

    private ClosedSum(
        long windowNanos,
        int level,
        long from,
        long end,
        long good,
        long bad,
        long[] headGood,
        long[] headBad) {
      this.windowNanos = windowNanos;
      this.level = level;
      this.from = from;
      this.end = end;
      this.good = good;
      this.bad = bad;
      this.headGood = headGood;
      this.headBad = headBad;
    }

    /** A remembered sum, or null when the counts are too large to add and subtract exactly. */
    static @Nullable ClosedSum of(
        long windowNanos, int level, long from, long end, long good, long bad, long[] g, long[] b) {
      if (good >= 1L << 61 || bad >= 1L << 61 || good < 0 || bad < 0) {
        return null;
      }
      int h = (int) Math.min(HEAD, end - from);
      long[] headGood = new long[h];
      long[] headBad = new long[h];
      int size = EventRing.SIZES[level];
      for (int i = 0; i < h; i++) {
        long index = from + i;
        int slot = (int) Math.floorMod(index, (long) size);
        long lap = Math.floorDiv(index, (long) size) & EventRing.LAP_MASK;
        headGood[i] = EventRing.readPacked(g, slot, lap);
        headBad[i] = EventRing.readPacked(b, slot, lap);
      }
      return new ClosedSum(windowNanos, level, from, end, good, bad, headGood, headBad);
    }
  }
}
