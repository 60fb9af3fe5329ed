package dev.shipshape.slo.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One 10-second bucket's counts while it is live: a stripe of two counters (good, bad) per
 * thread group, each stripe on its own pair of cache lines, away from the array's header.
 */
final class LiveBucket {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  /** Longs per stripe: 128 bytes, so neighbouring stripes never share a cache line pair. */
  static final int STRIDE = 16;

  /** The most a stripe counter reaches through bulk adds, far below overflow. */
  static final long STRIPE_CAP = 1L << 62;

  final long[] cells;
  volatile long index;
  volatile long startNanos;

  LiveBucket(int stripes, long index) {
    // One stride of padding before the first stripe (the array header's line) and after the last.
    this.cells = new long[(stripes + 2) * STRIDE];
    moveTo(index);
  }

  void moveTo(long newIndex) {
    this.index = newIndex;
    // Wrapping is harmless: writers only compare differences with the bucket width.
    this.startNanos = newIndex * EventRing.LIVE_WIDTH_NANOS;
  }


  static void addSaturated(long[] cells, int cell, long n) {
    while (true) {
      long v = (long) LONGS.getVolatile(cells, cell);
      long next = v + Math.min(n, STRIPE_CAP);
      if (next < 0 || next > STRIPE_CAP) {
        next = Math.max(v, STRIPE_CAP);
      }
      if (next == v || LONGS.compareAndSet(cells, cell, v, next)) {
        return;
      }
    }
  }

  long sum(boolean isGood) {
    long s = 0;
    for (int i = STRIDE + (isGood ? 0 : 1); i < cells.length - STRIDE; i += STRIDE) {
      s = EventRing.saturatedAdd(s, (long) LONGS.getVolatile(cells, i));
    }
    return s;
  }

  long drain(boolean isGood) {
    long s = 0;
    for (int i = STRIDE + (isGood ? 0 : 1); i < cells.length - STRIDE; i += STRIDE) {
      if ((long) LONGS.getVolatile(cells, i) != 0) {
        s = EventRing.saturatedAdd(s, (long) LONGS.getAndSet(cells, i, 0L));
      }
    }
    return s;
  }
}
