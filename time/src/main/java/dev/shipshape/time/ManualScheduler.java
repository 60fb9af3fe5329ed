package dev.shipshape.time;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Runs tasks on the thread that moves a {@link ManualClock}, in due order (ties in the order they
 * were scheduled), with the clock set to each task's due instant.
 */
final class ManualScheduler implements Scheduler {

  private static final Comparator<Entry> DUE_ORDER =
      Comparator.comparingLong((Entry e) -> e.due).thenComparingLong(e -> e.sequence);

  private final ManualClock clock;
  private final TaskFailureHandler failureHandler;
  private final PriorityQueue<Entry> queue = new PriorityQueue<>(DUE_ORDER);
  private long nextSequence;
  private boolean closed;

  ManualScheduler(ManualClock clock, TaskFailureHandler failureHandler) {
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
    this.failureHandler = java.util.Objects.requireNonNull(failureHandler, "failureHandler");
    clock.attach(this);
  }

  @Override
  public ScheduledTask schedule(String name, Duration delay, Runnable task) {
    Tasks.checkArguments(name, delay, task);
    return enqueue(name, delay, 0, task);
  }

  @Override
  public ScheduledTask scheduleEvery(
      String name, Duration initialDelay, Duration period, Runnable task) {
    Tasks.checkArguments(name, initialDelay, task);
    Tasks.checkPeriod(name, period);
    return enqueue(name, initialDelay, EpochNanos.saturatedNanos(period), task);
  }

  private synchronized Entry enqueue(String name, Duration delay, long periodNanos, Runnable task) {
    if (closed) {
      throw new IllegalStateException("scheduler is closed; task '" + name + "' was not scheduled");
    }
    long now = clock.epochNanos();
    long delayNanos = Math.max(0, EpochNanos.saturatedNanos(delay));
    Entry entry =
        new Entry(name, task, periodNanos, EpochNanos.saturatedAdd(now, delayNanos), nextSequence++);
    queue.add(entry);
    return entry;
  }

  /** The due instant of the earliest task, or {@code Long.MAX_VALUE} when nothing is scheduled. */
  synchronized long nextDue() {
    Entry head = queue.peek();
    return head == null ? Long.MAX_VALUE : head.due;
  }

  /** Runs the earliest task if it is due at {@code now}; periodic tasks are rescheduled first. */
  void runNextDue(long now) {
    Entry entry;
    synchronized (this) {
      entry = queue.peek();
      if (entry == null || entry.due > now) {
        return;
      }
      queue.poll();
      if (entry.periodNanos > 0) {
        long next = EpochNanos.saturatedAdd(entry.due, entry.periodNanos);
        if (next != Long.MAX_VALUE) {
          entry.due = next;
          entry.sequence = nextSequence++;
          queue.add(entry);
        }
      } else {
        entry.done = true;
      }
    }
    Tasks.runIsolated(entry.name, entry.task, failureHandler);
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
      for (Entry entry : queue) {
        entry.cancelled = true;
      }
      queue.clear();
    }
    clock.detach(this);
  }

  private synchronized void cancel(Entry entry) {
    if (!entry.done) {
      entry.cancelled = true;
      queue.remove(entry);
    }
  }

  @Override
  public String toString() {
    return "ManualScheduler[" + clock + "]";
  }

  private final class Entry implements ScheduledTask {
    final String name;
    final Runnable task;
    final long periodNanos;
    long due;
    long sequence;
    boolean cancelled;
    boolean done;

    Entry(String name, Runnable task, long periodNanos, long due, long sequence) {
      this.name = name;
      this.task = task;
      this.periodNanos = periodNanos;
      this.due = due;
      this.sequence = sequence;
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
      synchronized (ManualScheduler.this) {
        return cancelled;
      }
    }

    @Override
    public String toString() {
      return "ScheduledTask[" + name + "]";
    }
  }
}
