package dev.shipshape.time;

import dev.shipshape.time.internal.Isolation;
import java.time.Duration;
import java.util.Objects;

/** Argument checks and failure isolation shared by the schedulers. */
final class Tasks {

  private Tasks() {}

  static void checkArguments(String name, Duration delay, Runnable task) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(task, "task");
  }

  static void checkPeriod(String name, Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException(
          "period of task '" + name + "' was '" + period + "' but must be positive");
    }
  }

  /** What scheduling on a closed scheduler throws, as {@link Scheduler} documents. */
  static IllegalStateException closed(String name) {
    return new IllegalStateException("scheduler is closed; task '" + name + "' was not scheduled");
  }

  /**
   * Runs {@code task}, handing anything it throws to {@code handler}, but for the virtual machine
   * errors that {@link Isolation#rethrowIfFatal} rethrows (a stack overflow is handed over too).
   * What the handler throws, even the failure itself or an error, is logged with the failure.
   */
  static void runIsolated(String name, Runnable task, TaskFailureHandler handler) {
    try {
      task.run();
    } catch (Throwable failure) {
      Isolation.rethrowIfFatal(failure);
      try {
        handler.taskFailed(name, failure);
      } catch (Throwable handlerFailure) {
        Isolation.rethrowIfFatal(handlerFailure);
        if (handlerFailure != failure) {
          failure.addSuppressed(handlerFailure);
        }
        try {
          LoggingTaskFailureHandler.INSTANCE.taskFailed(name, failure);
        } catch (Throwable loggingFailure) {
          Isolation.rethrowIfFatal(loggingFailure); // nowhere left to report it
        }
      }
    }
  }
}
