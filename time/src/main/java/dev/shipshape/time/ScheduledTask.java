package dev.shipshape.time;

/** A handle on work given to a {@link Scheduler}, used to cancel it. */
public interface ScheduledTask {

  /**
   * The name the task was scheduled under, used in failure reports and thread names.
   *
   * @return the task's name
   */
  String name();

  /**
   * Stops future runs of the task; a run already under way is not interrupted. Cancelling twice,
   * or cancelling a one-shot task that has already run, does nothing.
   */
  void cancel();

  /**
   * Whether {@link #cancel()} was called or the scheduler was closed.
   *
   * @return true once the task will not run again because of a cancellation
   */
  boolean isCancelled();
}
