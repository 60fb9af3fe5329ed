package dev.shipshape.core.guard.internal;

import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Ticker;
import dev.shipshape.time.internal.Saturating;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous attempts of one guard waiting for their deadlines, in the order they are due,
 * with one scheduler task armed for the first deadline.
 *
 * <p>Every attempt has the guard's one timeout, so they are due in the order they started, and
 * one task serves the whole line. An attempt that ends takes itself out of the line in constant
 * time and leaves the task alone; when the task comes it ends every attempt that is due, then
 * arms itself for the next. Most attempts end long before their deadline, so most of them
 * schedule and cancel nothing. Should the clock run backwards, an attempt due earlier than those
 * before it takes its place in due order and a task is armed for it, so no deadline fires late.
 * Deadlines are read on the scheduler's {@link dev.shipshape.time.Scheduler#ticker() ticker}, the
 * time base its delays are measured in. Closing the guards answers the whole line.
 */
final class DeadlineLine {

  /**
   * An attempt's place in the line. Its fields are guarded by the line's lock, but for a chain
   * of entries a cut has handed to the one who cut it.
   */
  abstract static class Entry {
    private long due;
    private @Nullable Entry earlier;
    private @Nullable Entry later;
    private boolean inLine;

    /** Whether the attempt has ended, so it need not wait. */
    abstract boolean ended();

    /** The deadline came, on the scheduler's thread. */
    abstract void expire();

    /**
     * Ends the attempt with {@code failure}, unless it has ended already.
     *
     * @param failure why: the guards closed, or the scheduler refused the line's task
     */
    abstract void answer(Throwable failure);
  }

  /** {@link #armedFor} when no task is armed. */
  private static final long NOT_ARMED = Long.MAX_VALUE;

  private final GuardRuntime rt;
  private final String task;
  private final long timeoutNanos;
  /** Reads the time base of the scheduler's delays, which the deadlines are due on. */
  private final Ticker ticker;

  private final Object lineLock = new Object();
  // guarded by lineLock: the entries waiting for their deadlines, in due order
  private @Nullable Entry first;
  private @Nullable Entry last;
  /** When the one armed task is due, or {@link #NOT_ARMED}. */
  private long armedFor = NOT_ARMED;
  /** The armed task, or null; kept to cancel it when an earlier deadline needs a task. */
  private @Nullable ScheduledTask armed;
  /** What the armed task runs, or null: only that one arms the next. */
  private @Nullable Alarm alarm;

  private DeadlineLine(GuardRuntime rt, String task, Duration timeout) {
    this.rt = rt;
    this.task = task;
    this.timeoutNanos = Saturating.nanos(timeout);
    this.ticker = rt.scheduler.ticker();
  }

  /**
   * A line whose entries {@code rt}'s close answers.
   *
   * @param rt the guards' runtime, whose scheduler fires the deadlines
   * @param task names the line's task on the scheduler
   * @param timeout how long after entering an entry is due
   * @return the line
   */
  static DeadlineLine create(GuardRuntime rt, String task, Duration timeout) {
    DeadlineLine line = new DeadlineLine(rt, task, timeout);
    rt.answerOnClose(line);
    return line;
  }

  /**
   * Puts {@code w} in the line, due one timeout from now, and arms the task when {@code w} is due
   * before it. Does nothing when {@code w} has ended already; answers it at once when the guards
   * are closed, and answers the whole line when the scheduler refuses the task.
   */
  void enter(Entry w) {
    long now = ticker.read();
    w.due = Saturating.add(now, timeoutNanos);
    Entry answered;
    RuntimeException why;
    synchronized (lineLock) {
      if (w.ended()) {
        return;
      }
      if (rt.closed()) {
        answered = w;
        why = GuardRuntime.closedFailure();
      } else {
        link(w);
        ScheduledTask current = armed;
        if (current != null && current.isCancelled()) {
          // the scheduler dropped the armed task (it was closed): arm again, or hear why not
          disarm();
        }
        if (w.due >= armedFor) {
          return;
        }
        why = arm(w.due, now);
        if (why == null) {
          return;
        }
        answered = cutUpTo(null);
      }
    }
    answerAll(answered, why);
  }

  /**
   * Links {@code w} into the line in due order, searching from the back, where it belongs unless
   * the clock went back. Called with the line's lock held.
   */
  private void link(Entry w) {
    Entry before = last;
    while (before != null && before.due > w.due) {
      before = before.earlier;
    }
    Entry after = before == null ? first : before.later;
    w.earlier = before;
    w.later = after;
    if (before == null) {
      first = w;
    } else {
      before.later = w;
    }
    if (after == null) {
      last = w;
    } else {
      after.earlier = w;
    }
    w.inLine = true;
  }

  /** Takes {@code w} out of the line, if it is there; the armed task stays. */
  void leave(Entry w) {
    synchronized (lineLock) {
      if (!w.inLine) {
        return;
      }
      Entry before = w.earlier;
      Entry after = w.later;
      if (before == null) {
        first = after;
      } else {
        before.later = after;
      }
      if (after == null) {
        last = before;
      } else {
        after.earlier = before;
      }
      w.earlier = null;
      w.later = null;
      w.inLine = false;
    }
  }

  /**
   * The armed task, on the scheduler's thread: ends every attempt that is due and arms the task
   * for the first one that is not. A task that was replaced by one armed for an earlier deadline
   * but ran all the same (on another thread, as it was being cancelled) ends what is due and
   * leaves the arming to the task that replaced it.
   */
  private void fire(Alarm self) {
    Entry due;
    Entry refused = null;
    RuntimeException why = null;
    synchronized (lineLock) {
      long now = ticker.read();
      Entry notDue = first;
      while (notDue != null && notDue.due <= now) {
        notDue = notDue.later;
      }
      due = cutUpTo(notDue);
      if (alarm == self) {
        disarm();
        if (first != null) {
          why = arm(first.due, now);
          if (why != null) {
            refused = cutUpTo(null);
          }
        }
      }
    }
    try {
      each(due, Entry::expire);
    } finally {
      if (why != null) {
        answerAll(refused, why);
      }
    }
  }

  /** Forgets the armed task. Called with the line's lock held. */
  private void disarm() {
    alarm = null;
    armed = null;
    armedFor = NOT_ARMED;
  }

  /**
   * Schedules the task for {@code due}, cancelling one armed for later; returns why the scheduler
   * refused, or null. Called with the line's lock held.
   */
  private @Nullable RuntimeException arm(long due, long now) {
    long delay = due - now;
    if (delay < 0) {
      delay = due >= now ? Long.MAX_VALUE : 0; // past due, or beyond a long of nanoseconds
    }
    try {
      Alarm next = new Alarm();
      ScheduledTask scheduled = rt.scheduler.schedule(task, Duration.ofNanos(delay), next);
      ScheduledTask later = armed;
      if (later != null) {
        later.cancel(); // only when the clock went back: a task was armed for a later attempt
      }
      alarm = next;
      armed = scheduled;
      armedFor = due;
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /**
   * Takes the attempts before {@code end} (all of them when it is null) out of the line, and
   * returns the first, still chained to the rest by {@code later}. Called with the lock held.
   */
  private @Nullable Entry cutUpTo(@Nullable Entry end) {
    Entry cut = first == end ? null : first;
    for (Entry w = cut; w != null && w != end; w = w.later) {
      w.inLine = false;
      w.earlier = null;
    }
    if (end == null) {
      last = null;
    } else {
      Entry lastCut = end.earlier;
      if (lastCut != null) {
        lastCut.later = null;
        end.earlier = null;
      }
    }
    first = end;
    return cut;
  }

  /** What one armed task runs. */
  private final class Alarm implements Runnable {
    @Override
    public void run() {
      fire(this);
    }
  }

  /**
   * Answers every attempt in the line, each with its own cancellation, and cancels the armed
   * task: the guards are closed.
   */
  void answerAll() {
    Entry all;
    ScheduledTask task;
    synchronized (lineLock) {
      all = cutUpTo(null);
      task = armed;
      disarm();
    }
    if (task != null) {
      task.cancel();
    }
    each(all, w -> w.answer(GuardRuntime.closedFailure()));
  }

  /** Answers a chain that {@link #cutUpTo} took with {@code failure}. */
  private static void answerAll(@Nullable Entry chain, Throwable failure) {
    each(chain, w -> w.answer(failure));
  }

  /**
   * Hands each attempt of a chain that {@link #cutUpTo} took to {@code action}, unchaining it.
   * What one attempt throws does not keep the others from their turn: the first exception is
   * thrown once all have had it, with the later ones suppressed in it.
   */
  private static void each(@Nullable Entry chain, Consumer<Entry> action) {
    RuntimeException failed = null;
    for (Entry w = chain; w != null; ) {
      Entry next = w.later;
      w.later = null;
      try {
        action.accept(w);
      } catch (RuntimeException e) {
        failed = GuardRuntime.keepFirst(failed, e);
      }
      w = next;
    }
    if (failed != null) {
      throw failed;
    }
  }
}
