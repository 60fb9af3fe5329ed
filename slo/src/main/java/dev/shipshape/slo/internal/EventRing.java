package dev.shipshape.slo.internal;

import dev.shipshape.time.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.StampedLock;
import org.jspecify.annotations.Nullable;

/**
 * Good and bad event counts in a multi-resolution ring of time buckets: 360 buckets of 10 s (one
 * hour), 1,440 of one minute (one day) and 840 of one hour (35 days), plus the live 10-second
 * bucket that events are recorded into.
 *
 * <p><b>Recording.</b> An event is one atomic increment of a striped counter of the live bucket
 * (good and bad counted separately, each thread on its own cache line, as {@code LongAdder}
 * does). The live bucket is replaced at each 10-second boundary by {@link #advance()}: called by a
 * scheduler task at the boundary, by every query, and, when the ring {@linkplain
 * #clockChecked() checks the clock}, by the recording thread that first sees a reading past the
 * live bucket's end. Rotation takes a lock, reads the ticker afresh, publishes the other of two
 * live buckets for the new index, and drains the outgoing bucket's counters (an atomic
 * get-and-set per stripe) into all three levels of the ring. A writer that read the outgoing
 * bucket just before the swap still increments it; its event is drained one rotation later, when
 * that bucket is reused, so no event is lost or counted twice.
 *
 * <p><b>The ring.</b> Each slot is one {@code long} packing the bucket's lap (which turn of the ring
 * it belongs to, 20 bits) above its count (44 bits). Readers ignore slots whose lap does not match
 * the bucket they ask for, so stale data never leaks into a window, whatever the clock does.
 * Queries sum the ring and the live buckets under an optimistic read of the rotation lock, so a
 * rotation never makes a query miss or double-count a drained bucket.
 *
 * <p>Time is a reading in nanoseconds from the ticker; only differences matter.
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

  /** The width of the live bucket: the finest level's. */
  public static final long LIVE_WIDTH_NANOS = WIDTH_NANOS[0];

  /** How many 10-second buckets make a bucket of each level. */
  private static final long[] RATIO = {1, 6, 360};

  private static final int MINUTE_LEVEL = 1;
  private static final int HOUR_LEVEL = 2;

  /** The most stripes a live bucket has, whatever the number of processors. */
  public static final int MAX_STRIPES = 16;

  private final Ticker ticker;
  private final long[][] good = new long[SIZES.length][];
  private final long[][] bad = new long[SIZES.length][];

  /** Per-hour counts of good and bad one-minute slices; null unless slices are tracked. */
  private final long[] goodSlices;

  private final long[] badSlices;
  private final double sliceTarget;

  /** Guards rotation; queries read optimistically. */
  private final StampedLock lock = new StampedLock();

  private final LiveBucket first;
  private final LiveBucket second;

  /** The bucket writers increment. */
  private volatile LiveBucket live;

  /**
   * The live bucket's counters, published with it: writers on a scheduler load only this, one
   * dependent load fewer before their increment.
   */
  private volatile long[] liveCells;

  /** Stripes minus one: a thread's stripe is its id masked with this. */
  private final int stripeMask;

  /** Whether each event reads the ticker (no scheduler rotates the live bucket). */
  private volatile boolean clockChecked;

  /** Everything drained into the ring so far, saturating; guarded by {@link #lock}. */
  private long drainedGood;

  private long drainedBad;

  /** The last minute whose slice has been counted into the hour level; guarded by the lock. */
  private long lastClosedMinute;

  /**
   * A ring that counts events only and checks the clock on every event.
   *
   * @param ticker where readings come from
   */
  public EventRing(Ticker ticker) {
    this(ticker, Double.NaN, true, defaultStripes());
  }

  /**
   * A ring that also classifies one-minute slices against {@code sliceTarget} when it is a number.
   *
   * @param ticker where readings come from
   * @param sliceTarget the good ratio a slice needs, or NaN to track no slices
   * @param clockChecked whether each event reads the ticker; false when a scheduler calls {@link
   *     #advance()} at every 10-second boundary
   * @param stripes counters per live bucket, a power of two from 1 to {@link #MAX_STRIPES}
   */
  public EventRing(Ticker ticker, double sliceTarget, boolean clockChecked, int stripes) {
    if (stripes < 1 || stripes > MAX_STRIPES || Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException(
          "stripes was '" + stripes + "' but a power of two from 1 to " + MAX_STRIPES
              + " was expected");
    }
    this.ticker = ticker;
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
    long now = ticker.read();
    long index = Math.floorDiv(now, LIVE_WIDTH_NANOS);
    this.first = new LiveBucket(stripes, index);
    this.second = new LiveBucket(stripes, index - 1);
    this.live = first;
    this.liveCells = first.cells;
    this.stripeMask = stripes - 1;
    this.clockChecked = clockChecked;
    this.lastClosedMinute = Math.floorDiv(now, WIDTH_NANOS[MINUTE_LEVEL]) - 1;
  }

  /**
   * The stripe count for this machine: four per processor, rounded up to a power of two, from 8
   * to {@link #MAX_STRIPES}. More stripes than processors make it less likely that two running
   * threads share one (threads are spread by id).
   *
   * @return the default stripe count
   */
  public static int defaultStripes() {
    int wanted = 4 * Runtime.getRuntime().availableProcessors();
    int p = Integer.highestOneBit(Math.max(1, wanted - 1)) << 1;
    return Math.max(8, Math.min(MAX_STRIPES, p));
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
   * Whether each event reads the ticker to find its bucket.
   *
   * @return true without a scheduler
   */
  public boolean clockChecked() {
    return clockChecked;
  }

  /**
   * Makes each event read the ticker (when the scheduler that advanced the ring stops) or stop
   * reading it (when a scheduler takes over).
   *
   * @param checked whether each event reads the ticker
   */
  public void clockChecked(boolean checked) {
    this.clockChecked = checked;
  }

  /**
   * Bytes of counter arrays this ring holds (array headers excluded): the ring's slots and the
   * live buckets' striped counters.
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
    return n + 8L * (first.cells.length + second.cells.length);
  }

  // ---------------------------------------------------------------------------------- recording

  /**
   * Records one event: a single atomic increment of the live bucket's stripe for this thread,
   * after one ticker read and compare when the ring checks the clock. Never throws and never
   * allocates.
   *
   * @param isGood whether the event was good
   */
  public void record(boolean isGood) {
    long[] cells = liveCells;
    if (clockChecked) {
      cells = bucketForNow(live).cells;
    }
    LONGS.getAndAdd(cells, cell(isGood), 1L);
  }

  /**
   * The counter this thread increments: threads are spread over the stripes by their id (ids are
   * handed out in sequence, so threads started together get different stripes); good and bad are
   * neighbours in the thread's stripe.
   */
  private int cell(boolean isGood) {
    int stripe = (int) Thread.currentThread().getId() & stripeMask;
    return (stripe + 1) * LiveBucket.STRIDE + (isGood ? 0 : 1);
  }

  /**
   * Adds {@code goodCount} good and {@code badCount} bad events. Never throws and never
   * allocates; negative counts are ignored, and counts saturate rather than overflow.
   *
   * @param goodCount good events
   * @param badCount bad events
   */
  public void record(long goodCount, long badCount) {
    if (goodCount <= 0 && badCount <= 0) {
      return;
    }
    long[] cells = liveCells;
    if (clockChecked) {
      cells = bucketForNow(live).cells;
    }
    if (goodCount > 0) {
      LiveBucket.addSaturated(cells, cell(true), goodCount);
    }
    if (badCount > 0) {
      LiveBucket.addSaturated(cells, cell(false), badCount);
    }
  }

  private LiveBucket bucketForNow(LiveBucket bucket) {
    long sinceStart = ticker.read() - bucket.startNanos;
    if (sinceStart >= 0 && sinceStart < LIVE_WIDTH_NANOS) {
      return bucket;
    }
    advance();
    return live;
  }

  // ---------------------------------------------------------------------------------- rotation

  /**
   * Makes the bucket holding the ticker's current reading the live one, if it is not already:
   * drains the outgoing live bucket into the ring and counts finished one-minute slices. Cheap
   * when nothing changes (one ticker read and compare).
   *
   * @return the reading the live bucket was chosen for
   */
  public long advance() {
    long now = ticker.read();
    if (Math.floorDiv(now, LIVE_WIDTH_NANOS) == live.index) {
      return now;
    }
    long stamp = lock.writeLock();
    try {
      // Read again under the lock: a reading taken before another thread's rotation must never
      // move the live bucket back.
      now = ticker.read();
      long target = Math.floorDiv(now, LIVE_WIDTH_NANOS);
      LiveBucket outgoing = live;
      if (target != outgoing.index) {
        boolean back = target < outgoing.index;
        if (back) {
          // The clock went back: buckets thought final may be drained into again.
          remembered.forget();
        }
        LiveBucket incoming = outgoing == first ? second : first;
        // Late writers of the incoming bucket's previous turn are drained into that turn's index.
        drain(incoming);
        incoming.moveTo(target);
        live = incoming;
        liveCells = incoming.cells;
        drain(outgoing);
        if (goodSlices != null) {
          if (back) {
            reopenSlices(now);
          }
          closeSlices(now);
        }
      }
      return now;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** Moves a live bucket's counts into the ring at its index; the caller holds the write lock. */
  private void drain(LiveBucket bucket) {
    long g = bucket.drain(true);
    long b = bucket.drain(false);
    if (g == 0 && b == 0) {
      return;
    }
    long index = bucket.index;
    for (int level = 0; level < SIZES.length; level++) {
      long levelIndex = RATIO[level] == 1 ? index : Math.floorDiv(index, RATIO[level]);
      int size = SIZES[level];
      int slot = (int) Math.floorMod(levelIndex, (long) size);
      long lap = Math.floorDiv(levelIndex, (long) size) & LAP_MASK;
      if (g > 0) {
        addPacked(good[level], slot, lap, g);
      }
      if (b > 0) {
        addPacked(bad[level], slot, lap, b);
      }
    }
    drainedGood = saturatedAdd(drainedGood, g);
    drainedBad = saturatedAdd(drainedBad, b);
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

  static long readPacked(long[] array, int slot, long lap) {
    long v = (long) LONGS.getVolatile(array, slot);
    return (v >>> COUNT_BITS) == lap ? v & COUNT_MASK : 0L;
  }

  // ---------------------------------------------------------------------------------- queries

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
   * Every event recorded so far, whatever the clock did: drained and live counts.
   *
   * @param out receives good at index 0 and bad at index 1
   */
  public void totals(long[] out) {
    long stamp = lock.tryOptimisticRead();
    readTotals(out);
    if (!lock.validate(stamp)) {
      stamp = lock.readLock();
      try {
        readTotals(out);
      } finally {
        lock.unlockRead(stamp);
      }
    }
  }

  private void readTotals(long[] out) {
    long g = drainedGood;
    long b = drainedBad;
    g = saturatedAdd(g, first.sum(true));
    g = saturatedAdd(g, second.sum(true));
    b = saturatedAdd(b, first.sum(false));
    b = saturatedAdd(b, second.sum(false));
    out[0] = g;
    out[1] = b;
  }

  /**
   * Sums good and bad events over the window ending now: the bucket holding the current reading
   * and the buckets before it, as many as {@link #bucketsFor(int, long)} says, live buckets
   * included. Advances the live bucket first.
   *
   * @param windowNanos the window length
   * @param out receives good at index 0 and bad at index 1
   */
  public void sum(long windowNanos, long[] out) {
    long now = advance();
    long stamp = lock.tryOptimisticRead();
    WindowSums.ClosedSum closed = sumAt(now, windowNanos, out);
    if (lock.validate(stamp)) {
      remembered.remember(closed);
      return;
    }
    stamp = lock.readLock();
    try {
      remembered.remember(sumAt(now, windowNanos, out));
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /**
   * Sums the window ending at {@code nowNanos} into {@code out}: the ring's final buckets (from
   * the remembered sum of the same window when there is one, moved forward bucket by bucket),
   * then the buckets that can still receive drained events, then the live buckets.
   *
   * @return the window's final part, to remember once the read is known to be consistent
   */
  private WindowSums.@Nullable ClosedSum sumAt(long nowNanos, long windowNanos, long[] out) {
    int level = levelFor(windowNanos);
    int n = bucketsFor(level, windowNanos);
    long[] g = good[level];
    long[] b = bad[level];
    long current = Math.floorDiv(nowNanos, WIDTH_NANOS[level]);
    long from = current - n + 1;
    // Buckets below the older live bucket's index have had their last drain: they never change
    // again (until a later lap reuses their slot, which happens only outside every window that
    // still includes them).
    long finalEnd =
        Math.max(
            from,
            Math.min(current + 1, Math.floorDiv(Math.min(first.index, second.index), RATIO[level])));
    WindowSums.ClosedSum closed = null;
    long goodSum;
    long badSum;
    WindowSums.ClosedSum known = remembered.recalled(windowNanos);
    if (known != null
        && known.level == level
        && known.from <= from
        && from - known.from <= known.headGood.length
        && from <= known.end
        && known.end <= finalEnd
        && finalEnd - known.end <= n / 4) {
      if (known.from == from && known.end == finalEnd) {
        closed = known;
      }
      goodSum = known.good;
      badSum = known.bad;
      for (int i = 0; i < from - known.from; i++) {
        goodSum -= known.headGood[i];
        badSum -= known.headBad[i];
      }
      goodSum += range(g, level, known.end, finalEnd);
      badSum += range(b, level, known.end, finalEnd);
      if (closed == null) {
        closed = WindowSums.ClosedSum.of(windowNanos, level, from, finalEnd, goodSum, badSum, g, b);
      }
    } else {
      goodSum = range(g, level, from, finalEnd);
      badSum = range(b, level, from, finalEnd);
      if (finalEnd - from >= WindowSums.MIN_REMEMBERED) {
        closed = WindowSums.ClosedSum.of(windowNanos, level, from, finalEnd, goodSum, badSum, g, b);
      }
    }
    out[0] = saturatedAdd(goodSum, range(g, level, finalEnd, current + 1));
    out[1] = saturatedAdd(badSum, range(b, level, finalEnd, current + 1));
    addLive(first, level, from, current, out);
    addLive(second, level, from, current, out);
    return closed;
  }

  /** The sum of a level's ring slots for bucket indices {@code [from, end)}, saturating. */
  private static long range(long[] array, int level, long from, long end) {
    if (end <= from) {
      return 0;
    }
    int size = SIZES[level];
    int slot = (int) Math.floorMod(from, (long) size);
    long lap = Math.floorDiv(from, (long) size) & LAP_MASK;
    long sum = 0;
    for (long i = from; i < end; i++) {
      sum = saturatedAdd(sum, readPacked(array, slot, lap));
      if (++slot == size) {
        slot = 0;
        lap = (lap + 1) & LAP_MASK;
      }
    }
    return sum;
  }

  /** The final parts of recently queried windows, so that a repeated query reads little. */
  private final WindowSums remembered = new WindowSums();

  /**
   * Turns remembering window sums on or off (for tests comparing both ways of summing).
   *
   * @param on whether to remember
   */
  public void rememberWindowSums(boolean on) {
    remembered.enable(on);
  }

  /** Adds a live bucket's counts when its index at {@code level} lies in [from, to]. */
  private static void addLive(LiveBucket bucket, int level, long from, long to, long[] out) {
    long li = Math.floorDiv(bucket.index, RATIO[level]);
    if (li >= from && li <= to) {
      out[0] = saturatedAdd(out[0], Math.min(COUNT_MASK, bucket.sum(true)));
      out[1] = saturatedAdd(out[1], Math.min(COUNT_MASK, bucket.sum(false)));
    }
  }

  /**
   * Counts good and bad one-minute slices over the window ending now. Windows up to a day are
   * classified minute by minute (the current minute included); longer windows use the hourly
   * tallies of closed minutes plus the current minute. Advances the live bucket first.
   *
   * @param windowNanos the window length
   * @param out receives good slices at index 0 and bad slices at index 1
   */
  public void sumSlices(long windowNanos, long[] out) {
    if (goodSlices == null) {
      out[0] = 0;
      out[1] = 0;
      return;
    }
    long now = advance();
    long stamp = lock.tryOptimisticRead();
    sumSlicesAt(now, windowNanos, out);
    if (!lock.validate(stamp)) {
      stamp = lock.readLock();
      try {
        sumSlicesAt(now, windowNanos, out);
      } finally {
        lock.unlockRead(stamp);
      }
    }
  }

  private void sumSlicesAt(long nowNanos, long windowNanos, long[] out) {
    long minuteWidth = WIDTH_NANOS[MINUTE_LEVEL];
    long currentMinute = Math.floorDiv(nowNanos, minuteWidth);
    long goodCount = 0;
    long badCount = 0;
    if (windowNanos <= minuteWidth * SIZES[MINUTE_LEVEL]) {
      int n = bucketsFor(MINUTE_LEVEL, windowNanos);
      for (long m = currentMinute - n + 1; m <= currentMinute; m++) {
        int c = classifyMinute(m, true);
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
      int c = classifyMinute(currentMinute, true);
      if (c > 0) {
        goodCount++;
      } else if (c < 0) {
        badCount++;
      }
    }
    out[0] = goodCount;
    out[1] = badCount;
  }

  /**
   * 1 for a good slice, -1 for a bad one, 0 for a minute without events; with {@code withLive},
   * the live buckets' counts of that minute are included.
   */
  private int classifyMinute(long minute, boolean withLive) {
    int size = SIZES[MINUTE_LEVEL];
    int slot = (int) Math.floorMod(minute, (long) size);
    long lap = Math.floorDiv(minute, (long) size) & LAP_MASK;
    long g = readPacked(good[MINUTE_LEVEL], slot, lap);
    long b = readPacked(bad[MINUTE_LEVEL], slot, lap);
    if (withLive) {
      if (Math.floorDiv(first.index, RATIO[MINUTE_LEVEL]) == minute) {
        g = saturatedAdd(g, first.sum(true));
        b = saturatedAdd(b, first.sum(false));
      }
      if (Math.floorDiv(second.index, RATIO[MINUTE_LEVEL]) == minute) {
        g = saturatedAdd(g, second.sum(true));
        b = saturatedAdd(b, second.sum(false));
      }
    }
    long total = saturatedAdd(g, b);
    if (total <= 0) {
      return 0;
    }
    return (double) g / (double) total >= sliceTarget ? 1 : -1;
  }

  /**
   * Counts every finished minute up to the one before {@code nowNanos} into the hourly slice
   * tallies, each once. The caller holds the write lock, after draining both live buckets.
   */
  private void closeSlices(long nowNanos) {
    long currentMinute = Math.floorDiv(nowNanos, WIDTH_NANOS[MINUTE_LEVEL]);
    long last = lastClosedMinute;
    long upTo = currentMinute - 1;
    if (upTo <= last) {
      return;
    }
    lastClosedMinute = upTo;
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

  /**
   * The clock went back to {@code nowNanos}: the minutes from the start of its hour on that were
   * counted into the hourly slice tallies are taken out again, so that each is counted once more,
   * with whatever it holds by then, when the clock passes it again (the minutes of the current
   * hour before now at once, by the {@link #closeSlices} that follows). Without this, no minute
   * would be counted until the clock got back to where it had been, and windows longer than a day
   * would miss every slice of that span. The caller holds the write lock.
   */
  private void reopenSlices(long nowNanos) {
    long minutesPerHour = WIDTH_NANOS[HOUR_LEVEL] / WIDTH_NANOS[MINUTE_LEVEL];
    long currentMinute = Math.floorDiv(nowNanos, WIDTH_NANOS[MINUTE_LEVEL]);
    long last = lastClosedMinute;
    if (last < currentMinute) {
      return;
    }
    long firstHour = Math.floorDiv(currentMinute, minutesPerHour);
    long lastHour = Math.floorDiv(last, minutesPerHour);
    int size = SIZES[HOUR_LEVEL];
    // a slot holding another lap reads as empty already, so one turn of the ring is enough
    for (long hour = firstHour; hour <= Math.min(lastHour, firstHour + size - 1); hour++) {
      int slot = (int) Math.floorMod(hour, (long) size);
      long lapBits = (Math.floorDiv(hour, (long) size) & LAP_MASK) << COUNT_BITS;
      emptyIfLap(goodSlices, slot, lapBits);
      emptyIfLap(badSlices, slot, lapBits);
    }
    lastClosedMinute = firstHour * minutesPerHour - 1;
  }

  /** Sets the slot's count to zero when it holds the lap {@code lapBits}. */
  private static void emptyIfLap(long[] tally, int slot, long lapBits) {
    if (((long) LONGS.getVolatile(tally, slot) & ~COUNT_MASK) == lapBits) {
      LONGS.setVolatile(tally, slot, lapBits);
    }
  }

  private void closeMinute(long minute) {
    int c = classifyMinute(minute, false);
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

  /**
   * {@code a + b} for counts, which are never negative, clamped to {@code Long.MAX_VALUE}: one
   * sign test, where {@code Saturating.add} of the time module must tell both ends of the range
   * apart. Window sums run it once per bucket they read, and the general one made them about 8%
   * slower ({@code SloRecordingBenchmark.burnRate1h_shipshape}, {@code snapshot_shipshape}).
   */
  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
