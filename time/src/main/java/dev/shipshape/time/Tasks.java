package dev.shipshape.time;

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

  /** Runs {@code task}, handing anything it throws (but a VM error) to {@code handler}. */
  static void runIsolated(String name, Runnable task, TaskFailureHandler handler) {
    try {
      task.run();
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      try {
        handler.taskFailed(name, failure);
      } catch (RuntimeException handlerFailure) {
        failure.addSuppressed(handlerFailure);
        LoggingTaskFailureHandler.INSTANCE.taskFailed(name, failure);
      }
    }
  }
}
