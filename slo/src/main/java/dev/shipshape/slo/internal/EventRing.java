package dev.shipshape.slo.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Good and bad event counts in a multi-resolution ring of time buckets: 360 buckets of 10 s (one
 * hour), 1,440 of one minute (one day) and 840 of one hour (35 days). Every event is added to its
 * bucket at each level, and a window is summed at the finest level that spans it, so a window's
 * counts miss at most one bucket width at the window's start.
 *
 * <p>Each counter is one {@code long} packing the bucket's lap (which turn of the ring it belongs
 * to, 20 bits) above its count (44 bits). A writer adds with a compare-and-set loop that restarts
 * the count when the slot still holds an older lap, so recording is lock-free, allocation-free and
 * exact under concurrent writers: every event lands in exactly one bucket per level. Readers
 * ignore slots whose lap does not match the bucket they ask for, so stale data never leaks into a
 * window, whatever the clock does.
 *
 * <p>Time is a reading in nanoseconds (from the SLO's ticker); only differences matter.
 */
public final class EventRing {

  static final int LAP_BITS = 20;
  static final int COUNT_BITS = 64 - LAP_BITS;
  static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
  static final long LAP_MASK = (1L << LAP_BITS) - 1;

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  /** Bucket widths of the levels, finest first. */
  public static final long[] WIDTH_NANOS = {10_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};

  /** Bucket counts of the levels, finest first. */
  public static final int[] SIZES = {360, 1440, 840};

  private static final int MINUTE_LEVEL = 1;
  private static final int HOUR_LEVEL = 2;

  private final long[][] good = new long[SIZES.length][];
  private final long[][] bad = new long[SIZES.length][];

  /** Per-hour counts of good and bad one-minute slices; null unless slices are tracked. */
  private final long[] goodSlices;

  private final long[] badSlices;
  private final double sliceTarget;

  /** The last minute whose slice has been counted into the hour level. */
  private volatile long lastClosedMinute;

  private static final VarHandle LAST_CLOSED;

  static {
    try {
      LAST_CLOSED =
          MethodHandles.lookup().findVarHandle(EventRing.class, "lastClosedMinute", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * A ring that counts events only.
   *
   * @param nowNanos the current reading
   */
  public EventRing(long nowNanos) {
    this(nowNanos, Double.NaN);
  }

  /**
   * A ring that also classifies one-minute slices against {@code sliceTarget} when it is a number.
   *
   * @param nowNanos the current reading
   * @param sliceTarget the good ratio a slice needs, or NaN to track no slices
   */
  public EventRing(long nowNanos, double sliceTarget) {
    for (int i = 0; i < SIZES.length; i++) {
      good[i] = new long[SIZES[i]];
      bad[i] = new long[SIZES[i]];
    }
    this.sliceTarget = sliceTarget;
    if (Double.isNaN(sliceTarget)) {
      goodSlices = null;
      badSlices = null;
    } else {
      goodSlices = new long[SIZES[HOUR_LEVEL]];
      badSlices = new long[SIZES[HOUR_LEVEL]];
    }
    this.lastClosedMinute = Math.floorDiv(nowNanos, WIDTH_NANOS[MINUTE_LEVEL]) - 1;
  }

  /**
   * Whether this ring classifies one-minute slices.
   *
   * @return true when a slice target was given
   */
  public boolean tracksSlices() {
    return goodSlices != null;
  }

  /**
   * Bytes of counter arrays this ring holds (array headers excluded).
   *
   * @return the payload size in bytes
   */
  public long payloadBytes() {
    long n = 0;
    for (int i = 0; i < SIZES.length; i++) {
      n += 16L * SIZES[i];
    }
    if (goodSlices != null) {
      n += 16L * SIZES[HOUR_LEVEL];
    }
    return n;
  }

  /**
   * Adds {@code goodCount} good and {@code badCount} bad events at {@code nowNanos}. Never throws
   * and never allocates; negative counts are ignored, and counts saturate rather than overflow.
   *
   * @param nowNanos the current reading
   * @param goodCount good events, zero or more
   * @param badCount bad events, zero or more
   */
  public void add(long nowNanos, long goodCount, long badCount) {
    if (goodSlices != null) {
      closeSlices(nowNanos);
    }
    for (int level = 0; level < SIZES.length; level++) {
      long index = Math.floorDiv(nowNanos, WIDTH_NANOS[level]);
      int slot = (int) Math.floorMod(index, (long) SIZES[level]);
      long lap = Math.floorDiv(index, (long) SIZES[level]) & LAP_MASK;
      if (goodCount > 0) {
        addPacked(good[level], slot, lap, goodCount);
      }
      if (badCount > 0) {
        addPacked(bad[level], slot, lap, badCount);
      }
    }
  }

  private static void addPacked(long[] array, int slot, long lap, long n) {
    long lapBits = lap << COUNT_BITS;
    while (true) {
      long v = (long) LONGS.getVolatile(array, slot);
      long next;
      if ((v & ~COUNT_MASK) == lapBits) {
        long count = v & COUNT_MASK;
        long sum = count + Math.min(n, COUNT_MASK);
        next = lapBits | Math.min(sum, COUNT_MASK);
      } else {
        next = lapBits | Math.min(n, COUNT_MASK);
      }
      if (next == v || LONGS.compareAndSet(array, slot, v, next)) {
        return;
      }
    }
  }

  private static long readPacked(long[] array, int slot, long lap) {
    long v = (long) LONGS.getVolatile(array, slot);
    return (v >>> COUNT_BITS) == lap ? v & COUNT_MASK : 0L;
  }

  /**
   * The level used for a window: the finest whose span covers it.
   *
   * @param windowNanos the window length
   * @return the level index
   */
  public static int levelFor(long windowNanos) {
    for (int level = 0; level < SIZES.length; level++) {
      if (windowNanos <= WIDTH_NANOS[level] * SIZES[level]) {
        return level;
      }
    }
    return SIZES.length - 1;
  }

  /**
   * The number of buckets summed for a window at a level: the window divided by the bucket width,
   * rounded up, at least one and at most the level's size.
   *
   * @param level the level
   * @param windowNanos the window length
   * @return the bucket count
   */
  public static int bucketsFor(int level, long windowNanos) {
    long width = WIDTH_NANOS[level];
    long n = windowNanos / width + (windowNanos % width == 0 ? 0 : 1);
    return (int) Math.max(1, Math.min(SIZES[level], n));
  }

  /**
   * Sums good and bad events over the window ending at {@code nowNanos}: the bucket holding
   * {@code nowNanos} and the buckets before it, as many as {@link #bucketsFor(int, long)} says.
   *
   * @param nowNanos the current reading
   * @param windowNanos the window length
   * @param out receives good at index 0 and bad at index 1
   */
  public void sum(long nowNanos, long windowNanos, long[] out) {
    int level = levelFor(windowNanos);
    int n = bucketsFor(level, windowNanos);
    long[] g = good[level];
    long[] b = bad[level];
    int size = SIZES[level];
    long current = Math.floorDiv(nowNanos, WIDTH_NANOS[level]);
    long goodSum = 0;
    long badSum = 0;
    for (long index = current - n + 1; index <= current; index++) {
      int slot = (int) Math.floorMod(index, (long) size);
      long lap = Math.floorDiv(index, (long) size) & LAP_MASK;
      goodSum = saturatedAdd(goodSum, readPacked(g, slot, lap));
      badSum = saturatedAdd(badSum, readPacked(b, slot, lap));
    }
    out[0] = goodSum;
    out[1] = badSum;
  }

  /**
   * Counts good and bad one-minute slices over the window ending at {@code nowNanos}. Windows up
   * to a day are classified minute by minute (the current minute included); longer windows use the
   * hourly tallies of closed minutes plus the current minute.
   *
   * @param nowNanos the current reading
   * @param windowNanos the window length
   * @param out receives good slices at index 0 and bad slices at index 1
   */
  public void sumSlices(long nowNanos, long windowNanos, long[] out) {
    if (goodSlices == null) {
      out[0] = 0;
      out[1] = 0;
      return;
    }
    closeSlices(nowNanos);
    long minuteWidth = WIDTH_NANOS[MINUTE_LEVEL];
    long currentMinute = Math.floorDiv(nowNanos, minuteWidth);
    long goodCount = 0;
    long badCount = 0;
    if (windowNanos <= minuteWidth * SIZES[MINUTE_LEVEL]) {
      int n = bucketsFor(MINUTE_LEVEL, windowNanos);
      for (long m = currentMinute - n + 1; m <= currentMinute; m++) {
        int c = classifyMinute(m);
        if (c > 0) {
          goodCount++;
        } else if (c < 0) {
          badCount++;
        }
      }
    } else {
      int n = bucketsFor(HOUR_LEVEL, windowNanos);
      int size = SIZES[HOUR_LEVEL];
      long currentHour = Math.floorDiv(nowNanos, WIDTH_NANOS[HOUR_LEVEL]);
      for (long index = currentHour - n + 1; index <= currentHour; index++) {
        int slot = (int) Math.floorMod(index, (long) size);
        long lap = Math.floorDiv(index, (long) size) & LAP_MASK;
        goodCount += readPacked(goodSlices, slot, lap);
        badCount += readPacked(badSlices, slot, lap);
      }
      int c = classifyMinute(currentMinute);
      if (c > 0) {
        goodCount++;
      } else if (c < 0) {
        badCount++;
      }
    }
    out[0] = goodCount;
    out[1] = badCount;
  }

  /** 1 for a good slice, -1 for a bad one, 0 for a minute without events. */
  private int classifyMinute(long minute) {
    int size = SIZES[MINUTE_LEVEL];
    int slot = (int) Math.floorMod(minute, (long) size);
    long lap = Math.floorDiv(minute, (long) size) & LAP_MASK;
    long g = readPacked(good[MINUTE_LEVEL], slot, lap);
    long b = readPacked(bad[MINUTE_LEVEL], slot, lap);
    long total = g + b;
    if (total <= 0) {
      return 0;
    }
    return (double) g / (double) total >= sliceTarget ? 1 : -1;
  }

  /**
   * Counts every finished minute since the last call into the hourly slice tallies. One caller
   * claims the range with a compare-and-set, so each minute is counted once.
   */
  private void closeSlices(long nowNanos) {
    long currentMinute = Math.floorDiv(nowNanos, WIDTH_NANOS[MINUTE_LEVEL]);
    long last = lastClosedMinute;
    long upTo = currentMinute - 1;
    if (upTo <= last || !LAST_CLOSED.compareAndSet(this, last, upTo)) {
      return;
    }
    long from = Math.max(last + 1, upTo - SIZES[MINUTE_LEVEL] + 1);
    if (from > last + 1) {
      // After an idle gap longer than the minute ring, the minute after the last closed one can
      // still hold the last activity (its slot is lap-tagged, so a reused slot reads as empty).
      closeMinute(last + 1);
    }
    for (long m = from; m <= upTo; m++) {
      closeMinute(m);
    }
  }

  private void closeMinute(long minute) {
    int c = classifyMinute(minute);
    if (c == 0) {
      return;
    }
    long minutesPerHour = WIDTH_NANOS[HOUR_LEVEL] / WIDTH_NANOS[MINUTE_LEVEL];
    int size = SIZES[HOUR_LEVEL];
    long hour = Math.floorDiv(minute, minutesPerHour);
    int slot = (int) Math.floorMod(hour, (long) size);
    long lap = Math.floorDiv(hour, (long) size) & LAP_MASK;
    addPacked(c > 0 ? goodSlices : badSlices, slot, lap, 1);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
