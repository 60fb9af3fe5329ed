package dev.shipshape.time;

/** Logs task failures through the JDK's platform logging. */
final class LoggingTaskFailureHandler implements TaskFailureHandler {

  static final LoggingTaskFailureHandler INSTANCE = new LoggingTaskFailureHandler();

  private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());

  private LoggingTaskFailureHandler() {}

  @Override
  public void taskFailed(String taskName, Throwable failure) {
    LOG.log(
        System.Logger.Level.WARNING,
        "Scheduled task '" + taskName + "' failed; it keeps its schedule",
        failure);
  }
}
