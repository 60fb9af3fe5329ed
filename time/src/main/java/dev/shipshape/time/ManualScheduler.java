package dev.shipshape.time;

import dev.shipshape.time.internal.Saturating;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Runs tasks on the thread that moves a {@link ManualClock}, in due order (ties in the order they
 * were scheduled), with the clock set to each task's due instant.
 *
 * <p>The tasks wait in a binary heap ordered by due instant, then sequence number. Each entry
 * knows its place in the heap, so cancelling a task (as a deadline that did not fire is) removes
 * it in logarithmic time without searching for it.
 *
 * <p>A task due after the last instant the clock can show ({@code Long.MAX_VALUE} nanoseconds
 * since the epoch) never runs: it waits behind the tasks due exactly at that instant, which run
 * when the clock reaches it, and a periodic task whose next run would be after it stops there.
 */
final class ManualScheduler implements Scheduler {

  private final ManualClock clock;
  private final TaskFailureHandler failureHandler;
  private static final VarHandle EARLIEST;

  static {
    try {
      EARLIEST =
          MethodHandles.lookup().findVarHandle(ManualScheduler.class, "earliest", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Entry[] heap = new Entry[16];
  private int size;
  private long nextSequence;
  private boolean closed;

  /**
   * The due instant of the top of the heap, or {@code Long.MAX_VALUE} when it is empty: written
   * (with release) under the lock whenever the top may change, read without it, so that moving
   * the clock looks for due work without taking the lock of every scheduler every time.
   */
  @SuppressWarnings("unused") // accessed through EARLIEST
  private long earliest = Long.MAX_VALUE;

  ManualScheduler(ManualClock clock, TaskFailureHandler failureHandler) {
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
    this.failureHandler = java.util.Objects.requireNonNull(failureHandler, "failureHandler");
    clock.attach(this);
  }

  @Override
  public ScheduledTask schedule(String name, Duration delay, Runnable task) {
    Tasks.checkArguments(name, delay, task);
    return enqueue(name, delay, Duration.ZERO, task);
  }

  @Override
  public ScheduledTask scheduleEvery(
      String name, Duration initialDelay, Duration period, Runnable task) {
    Tasks.checkArguments(name, initialDelay, task);
    Tasks.checkPeriod(name, period);
    return enqueue(name, initialDelay, period, task);
  }

  private synchronized Entry enqueue(String name, Duration delay, Duration period, Runnable task) {
    if (closed) {
      throw Tasks.closed(name);
    }
    long now = clock.epochNanos();
    Entry entry = new Entry(name, task, period, nextSequence++);
    entry.dueAfter(now, Math.max(0, Saturating.nanos(delay)), delay);
    add(entry);
    topChanged();
    return entry;
  }

  /**
   * The due instant of the earliest task, or {@code Long.MAX_VALUE} when nothing is scheduled
   * (or nothing before the last instant: ask {@link #runNextDue(long)} at that instant). Takes no
   * lock: {@link #runNextDue(long)} checks again under it.
   */
  long nextDue() {
    return (long) EARLIEST.getAcquire(this);
  }

  // called with the lock held
  private void topChanged() {
    EARLIEST.setRelease(this, size == 0 ? Long.MAX_VALUE : heap[0].due);
  }

  /**
   * Runs the earliest task if it is due at {@code now}; periodic tasks are rescheduled first.
   *
   * @return whether a task was due (and ran)
   */
  boolean runNextDue(long now) {
    Entry entry;
    synchronized (this) {
      if (size == 0 || heap[0].due > now || heap[0].pastTheEnd) {
        return false;
      }
      entry = heap[0];
      if (entry.periodNanos > 0 && entry.dueAfter(entry.due, entry.periodNanos, entry.period)) {
        // a periodic task moves from the top of the heap straight to its next place
        entry.sequence = nextSequence++;
        siftDown(0, entry);
      } else {
        // a one-shot task, or a periodic one whose next run is past the last instant
        removeAt(0);
        entry.done = entry.periodNanos == 0;
      }
      topChanged();
    }
    Tasks.runIsolated(entry.name, entry.task, failureHandler);
    return true;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (int i = 0; i < size; i++) {
        heap[i].cancelled = true;
        heap[i].index = -1;
        heap[i] = null;
      }
      size = 0;
      topChanged();
    }
    clock.detach(this);
  }

  private synchronized void cancel(Entry entry) {
    if (!entry.done) {
      entry.cancelled = true;
      if (entry.index >= 0) {
        removeAt(entry.index);
        topChanged();
      }
    }
  }

  private void add(Entry entry) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    siftUp(size++, entry);
  }

  /** Removes the entry at heap position {@code i}, moving the last entry into its place. */
  private void removeAt(int i) {
    Entry removed = heap[i];
    removed.index = -1;
    int last = --size;
    Entry moved = heap[last];
    heap[last] = null;
    if (i != last) {
      siftDown(i, moved);
      if (heap[i] == moved) {
        siftUp(i, moved);
      }
    }
  }

  private void siftUp(int i, Entry entry) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Entry p = heap[parent];
      if (!before(entry, p)) {
        break;
      }
      place(i, p);
      i = parent;
    }
    place(i, entry);
  }

  private void siftDown(int i, Entry entry) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      Entry c = heap[child];
      int right = child + 1;
      if (right < size && before(heap[right], c)) {
        child = right;
        c = heap[child];
      }
      if (!before(c, entry)) {
        break;
      }
      place(i, c);
      i = child;
    }
    place(i, entry);
  }

  private void place(int i, Entry entry) {
    heap[i] = entry;
    entry.index = i;
  }

  /**
   * Due order: the earlier due instant first, ties in the order they were scheduled, and tasks
   * past the last instant after those due at it.
   */
  private static boolean before(Entry a, Entry b) {
    if (a.due != b.due) {
      return a.due < b.due;
    }
    if (a.pastTheEnd != b.pastTheEnd) {
      return b.pastTheEnd;
    }
    return a.sequence < b.sequence;
  }

  @Override
  public String toString() {
    return "ManualScheduler[" + clock + "]";
  }

  private final class Entry implements ScheduledTask {
    final String name;
    final Runnable task;
    final Duration period;
    final long periodNanos;
    long due;
    /** Whether the due instant is past the last instant the clock can show: it never comes. */
    boolean pastTheEnd;
    long sequence;
    /** Written under the scheduler's lock, read without it. */
    volatile boolean cancelled;
    boolean done;
    /** The entry's position in the heap, or -1 when it is not waiting. */
    int index = -1;

    Entry(String name, Runnable task, Duration period, long sequence) {
      this.name = name;
      this.task = task;
      this.period = period;
      this.periodNanos = Saturating.nanos(period);
      this.sequence = sequence;
    }

    /**
     * Makes the entry due {@code span} after {@code from}, or past the end (due at {@code
     * Long.MAX_VALUE}, never to run) when that is after the last instant the clock can show.
     *
     * @param from nanoseconds since the epoch
     * @param spanNanos the span in nanoseconds, not negative; {@code Long.MAX_VALUE} when the
     *     span does not fit in a {@code long}
     * @param span the span, read only when it does not fit
     * @return whether the new due instant can be shown by the clock
     */
    boolean dueAfter(long from, long spanNanos, Duration span) {
      if (spanNanos < Long.MAX_VALUE) {
        long sum = from + spanNanos;
        pastTheEnd = sum < from; // it overflowed past the last instant
        due = pastTheEnd ? Long.MAX_VALUE : sum;
        return !pastTheEnd;
      }
      // a span of 292 years or more, which a long of nanoseconds cannot hold: counted exactly
      Instant at;
      try {
        at = EpochNanos.toInstant(from).plus(span);
      } catch (ArithmeticException | DateTimeException beyondInstant) {
        at = Instant.MAX;
      }
      pastTheEnd = !EpochNanos.inRange(at);
      due = pastTheEnd ? Long.MAX_VALUE : EpochNanos.of(at);
      return !pastTheEnd;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void cancel() {
      ManualScheduler.this.cancel(this);
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public String toString() {
      return "ScheduledTask[" + name + "]";
    }
  }
}
