package dev.shipshape.core.guard;

import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A scheduler that hands every task to another one and reports a clock of the test's choosing, so
 * that the facade can be given a clock that wraps the manual one, and a test can watch or refuse
 * what the guards schedule. Like most such decorators it leaves {@link Scheduler#ticker()} to its
 * default.
 *
 * @param delegate runs the tasks
 * @param clock the clock reported
 * @param beforeSchedule sees the name of every task about to be scheduled once; what it throws
 *     reaches the caller instead, as a scheduler's refusal does
 */
record ForwardingScheduler(Scheduler delegate, Clock clock, Consumer<String> beforeSchedule)
    implements Scheduler {

  /** Forwards every task as it comes. */
  ForwardingScheduler(Scheduler delegate, Clock clock) {
    this(delegate, clock, name -> {});
  }

  @Override
  public ScheduledTask schedule(String name, Duration delay, Runnable task) {
    beforeSchedule.accept(name);
    return delegate.schedule(name, delay, task);
  }

  @Override
  public ScheduledTask scheduleEvery(
      String name, Duration initialDelay, Duration period, Runnable task) {
    beforeSchedule.accept(name);
    return delegate.scheduleEvery(name, initialDelay, period, task);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
