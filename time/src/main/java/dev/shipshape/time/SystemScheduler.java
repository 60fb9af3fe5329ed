package dev.shipshape.time;

import dev.shipshape.time.internal.DaemonThreadFactory;
import dev.shipshape.time.internal.Saturating;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs tasks on a {@link ScheduledThreadPoolExecutor} of named daemon threads. */
final class SystemScheduler implements Scheduler {

  private static final long CLOSE_WAIT_SECONDS = 10;

  private final Clock clock;
  private final TaskFailureHandler failureHandler;
  private final ScheduledThreadPoolExecutor executor;
  /** Set by the first {@link #close()}, the only one that interrupts running tasks. */
  private final AtomicBoolean closed = new AtomicBoolean();

  SystemScheduler(
      Clock clock, int threads, String threadNamePrefix, TaskFailureHandler failureHandler) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.failureHandler = Objects.requireNonNull(failureHandler, "failureHandler");
    Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
    if (threads < 1) {
      throw new IllegalArgumentException("threads was '" + threads + "' but must be at least 1");
    }
    this.executor =
        new ScheduledThreadPoolExecutor(threads, DaemonThreadFactory.remembering(threadNamePrefix));
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  @Override
  public ScheduledTask schedule(String name, Duration delay, Runnable task) {
    Tasks.checkArguments(name, delay, task);
    try {
      return new Handle(
          name,
          executor.schedule(isolated(name, task), nonNegativeNanos(delay), TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      throw Tasks.closed(name); // see close()
    }
  }

  @Override
  public ScheduledTask scheduleEvery(
      String name, Duration initialDelay, Duration period, Runnable task) {
    Tasks.checkArguments(name, initialDelay, task);
    Tasks.checkPeriod(name, period);
    try {
      return new Handle(
          name,
          executor.scheduleAtFixedRate(
              isolated(name, task),
              nonNegativeNanos(initialDelay),
              Saturating.nanos(period),
              TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      throw Tasks.closed(name); // see close()
    }
  }

  /**
   * The task as the pool runs it: failures go to the failure handler, and an error the JVM cannot
   * carry on after (out of memory, an internal error) ends the task's schedule, as it would end a
   * thread, and goes to the thread's uncaught exception handler first. The pool keeps what a task
   * throws in the task's future, where nobody looks, so without that it would end in silence.
   */
  private Runnable isolated(String name, Runnable task) {
    return () -> {
      try {
        Tasks.runIsolated(name, task, failureHandler);
      } catch (VirtualMachineError fatal) {
        Thread self = Thread.currentThread();
        try {
          self.getUncaughtExceptionHandler().uncaughtException(self, fatal);
        } catch (Throwable handlerFailure) {
          fatal.addSuppressed(handlerFailure); // nowhere else to report it
        }
        throw fatal;
      }
    };
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** Delays are measured in real time, by {@link System#nanoTime()}, whatever the clock says. */
  @Override
  public Ticker ticker() {
    return Ticker.system();
  }

  /**
   * Shuts the pool down. Scheduling has no check of its own: the pool's queue is unbounded and its
   * policy aborts, so it rejects a task exactly when it is shut down, and that rejection becomes
   * the documented {@link IllegalStateException}. A check before submitting could pass just before
   * another thread closes, and the submission still be rejected.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      executor.shutdownNow(); // interrupts running tasks once, however many threads close at once
    }
    // Every close() waits, also one that comes while another is waiting: nothing of this
    // scheduler runs once one returns. The pool reports termination just before its last threads
    // exit, so this waits for them too; a task that closes its own scheduler does not wait.
    DaemonThreadFactory.awaitEnd(executor, CLOSE_WAIT_SECONDS);
  }

  private static long nonNegativeNanos(Duration delay) {
    return Math.max(0, Saturating.nanos(delay));
  }

  @Override
  public String toString() {
    return "SystemScheduler[" + clock + "]";
  }

  private final class Handle implements ScheduledTask {
    private final String name;
    private final ScheduledFuture<?> future;

    Handle(String name, ScheduledFuture<?> future) {
      this.name = name;
      this.future = future;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void cancel() {
      future.cancel(false);
    }

    @Override
    public boolean isCancelled() {
      return future.isCancelled() || executor.isShutdown();
    }

    @Override
    public String toString() {
      return "ScheduledTask[" + name + "]";
    }
  }
}
