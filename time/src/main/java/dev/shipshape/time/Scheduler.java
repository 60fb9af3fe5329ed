package dev.shipshape.time;

import java.time.Clock;
import java.time.Duration;

/**
 * Runs delayed and periodic work (file polling, alert evaluation, background health checks) on
 * the application's clock.
 *
 * <p>Two implementations: {@link #system()} runs work on a small pool of named daemon threads;
 * {@link #manual(ManualClock)} runs work on the thread that advances a {@link ManualClock}, when
 * the clock reaches each task's due instant, so tests are deterministic and take no real time.
 * {@link #forClock(Clock)} picks the one that fits a clock.
 *
 * <p>A task that throws is reported to the scheduler's {@link TaskFailureHandler} and keeps its
 * schedule, whatever it throws (a stack overflow included) and whatever the handler throws in
 * turn; only the virtual machine errors the JVM cannot recover from (out of memory, an internal
 * error) are not caught, so the manual scheduler's clock stops at that task's due instant and the
 * error reaches the caller moving it. A periodic task never runs concurrently with itself.
 * Closing a scheduler cancels all of its tasks and, for the system scheduler, stops its threads.
 */
public interface Scheduler extends AutoCloseable {

  /**
   * Runs {@code task} once, {@code delay} from now, never on the calling thread before this
   * returns.
   *
   * @param name names the task in failure reports
   * @param delay how long to wait; zero or negative means as soon as possible
   * @param task the work
   * @return a handle to cancel the task
   * @throws IllegalStateException if the scheduler is closed
   */
  ScheduledTask schedule(String name, Duration delay, Runnable task);

  /**
   * Runs {@code task} at a fixed rate: first {@code initialDelay} from now, then every
   * {@code period} after the previous run was due. A run that takes longer than the period delays
   * the next one; runs never overlap. Missed runs are caught up one per period, never merged: a
   * manual clock advanced by a day runs a task of a one-second period 86,400 times (without
   * allocating), so a period of nanoseconds over a long advance is that many runs.
   *
   * @param name names the task in failure reports
   * @param initialDelay how long until the first run; zero or negative means as soon as possible
   * @param period the time between due instants; must be positive
   * @param task the work
   * @return a handle to cancel the task
   * @throws IllegalArgumentException if {@code period} is not positive
   * @throws IllegalStateException if the scheduler is closed
   */
  ScheduledTask scheduleEvery(String name, Duration initialDelay, Duration period, Runnable task);

  /**
   * The clock this scheduler's due instants are measured on.
   *
   * @return the clock
   */
  Clock clock();

  /**
   * Reads the time base this scheduler's delays are measured in, in nanoseconds: a task scheduled
   * with delay {@code d} when this reads {@code t} runs once it reads {@code t + d} or later. For
   * the manual scheduler that is its clock; for the system scheduler it is {@link
   * System#nanoTime()}, whatever clock it reports. Code that keeps many deadlines with one task
   * measures them with this ticker.
   *
   * <p>The default suits a scheduler that forwards to one of those two: the {@link ManualClock}'s
   * own time when {@link #clock()} is one, otherwise {@link System#nanoTime()}, since any other
   * scheduler's delays pass in real time, even when the clock it reports is fixed or offset. A
   * scheduler that runs tasks as some other clock moves overrides it.
   *
   * @return the ticker of this scheduler's delays
   */
  default Ticker ticker() {
    Clock clock = clock();
    return clock instanceof ManualClock ? Ticker.of(clock) : Ticker.system();
  }

  /**
   * Cancels every task and releases the scheduler's threads. Closing again does nothing more: it
   * cancels and interrupts nothing new, but a {@code close()} of the system scheduler that comes
   * while another thread's is still waiting for running tasks waits for them too, so that none of
   * its tasks is running once any {@code close()} returns (but for one that closes its own
   * scheduler, which cannot wait for itself and returns at once).
   */
  @Override
  void close();

  /**
   * A scheduler with one daemon thread named {@code shipshape-scheduler-N}, on the system clock.
   * Its tasks take turns on that thread: one that blocks delays all the others until it returns.
   *
   * @return a new system scheduler
   */
  static Scheduler system() {
    return system(Clock.systemUTC(), 1, "shipshape-scheduler", TaskFailureHandler.logging());
  }

  /**
   * A scheduler on a pool of daemon threads. A task that blocks holds one of them until it
   * returns; the others keep running the rest on time as long as one of them is free. {@link
   * #close()} interrupts running tasks and waits up to ten seconds for them; called from one of
   * the scheduler's tasks, it interrupts that task's thread too and returns without waiting.
   *
   * @param clock the clock reported by {@link #clock()}; delays are measured in real time
   * @param threads the number of threads, at least one
   * @param threadNamePrefix threads are named {@code <prefix>-1}, {@code <prefix>-2}, ...
   * @param failureHandler receives what tasks throw
   * @return a new system scheduler
   */
  static Scheduler system(
      Clock clock, int threads, String threadNamePrefix, TaskFailureHandler failureHandler) {
    return new SystemScheduler(clock, threads, threadNamePrefix, failureHandler);
  }

  /**
   * A scheduler that runs due work when {@code clock} is moved forward.
   *
   * @param clock the manual clock to attach to
   * @return a new manual scheduler
   */
  static Scheduler manual(ManualClock clock) {
    return manual(clock, TaskFailureHandler.logging());
  }

  /**
   * A scheduler that runs due work when {@code clock} is moved forward.
   *
   * @param clock the manual clock to attach to
   * @param failureHandler receives what tasks throw
   * @return a new manual scheduler
   */
  static Scheduler manual(ManualClock clock, TaskFailureHandler failureHandler) {
    return new ManualScheduler(clock, failureHandler);
  }

  /**
   * The scheduler that fits {@code clock}: a manual scheduler for a {@link ManualClock}, otherwise
   * a one-thread system scheduler reporting {@code clock}.
   *
   * @param clock the application's clock
   * @return a new scheduler
   */
  static Scheduler forClock(Clock clock) {
    if (clock instanceof ManualClock) {
      return manual((ManualClock) clock);
    }
    return system(clock, 1, "shipshape-scheduler", TaskFailureHandler.logging());
  }
}
