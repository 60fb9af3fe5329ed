package dev.shipshape.time;

/** Logs task failures through the JDK's platform logging. */
final class LoggingTaskFailureHandler implements TaskFailureHandler {

  static final LoggingTaskFailureHandler INSTANCE = new LoggingTaskFailureHandler();

  private LoggingTaskFailureHandler() {}

  @Override
  public void taskFailed(String taskName, Throwable failure) {
    Log.LOG.log(
        System.Logger.Level.WARNING,
        "Scheduled task '" + taskName + "' failed; it keeps its schedule",
        failure);
  }

  /**
   * The logger, created with the first failure: finding the platform logger starts the JDK's
   * logging (java.util.logging when nothing else is installed), which an application that never
   * sees a task fail should not pay for at startup.
   */
  private static final class Log {
    static final System.Logger LOG = System.getLogger(Scheduler.class.getName());
  }
}
