package dev.shipshape.time;

/**
 * Receives the exceptions thrown by scheduled tasks. A task that throws keeps its schedule; the
 * failure is reported here instead of being lost or stopping later runs.
 */
@FunctionalInterface
public interface TaskFailureHandler {

  /**
   * Called on the thread that ran the task, right after it threw.
   *
   * @param taskName the name the task was scheduled under
   * @param failure what the task threw
   */
  void taskFailed(String taskName, Throwable failure);

  /**
   * The default handler: logs the failure through {@link System.Logger} (which SLF4J and other
   * logging back ends can receive) at WARNING, naming the task.
   *
   * @return a handler that logs
   */
  static TaskFailureHandler logging() {
    return LoggingTaskFailureHandler.INSTANCE;
  }
}
