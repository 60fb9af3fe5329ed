package dev.shipshape.core.rollout.internal;

import dev.shipshape.time.ScheduledTask;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * A rollout's next scheduled run (its next step, or its gate's next poll): one one-shot task on the
 * application's scheduler, replaced whenever it is armed again. Used under the rollout's lock.
 */
final class NextRun {

  private final Logger log;
  private final RolloutRuntime rt;
  private final String flagKey;
  private final String taskName;
  private final String what;
  private @Nullable ScheduledTask task;
  private @Nullable Instant at;

  /**
   * Creates an unarmed run.
   *
   * @param rt the runtime whose scheduler runs it
   * @param flagKey the rollout's flag
   * @param taskName the scheduler's name of the task
   * @param what what the run is, for the warning when it cannot be scheduled ("step", "poll")
   * @param log the rollout's logger, for that warning
   */
  NextRun(RolloutRuntime rt, String flagKey, String taskName, String what, Logger log) {
    this.log = log;
    this.rt = rt;
    this.flagKey = flagKey;
    this.taskName = taskName;
    this.what = what;
  }

  /**
   * Schedules {@code run} at {@code due}, replacing the run armed before; a scheduler that refuses
   * is logged and leaves nothing armed.
   */
  void arm(Instant now, Instant due, Runnable run) {
    cancel();
    try {
      task = rt.scheduler.schedule(taskName, Duration.between(now, due), run);
      at = due;
    } catch (RuntimeException e) {
      log.atWarn()
          .setMessage("rollout of flag '{}' could not schedule its next {}: {}")
          .addArgument(flagKey)
          .addArgument(what)
          .addArgument(e.toString())
          .addKeyValue("flag", flagKey)
          .addKeyValue("error", e.toString())
          .log();
    }
  }

  /** Cancels the armed run, if any. */
  void cancel() {
    ScheduledTask t = task;
    if (t != null) {
      t.cancel();
    }
    ran();
  }

  /** Forgets the run that is running now, so nothing is armed until it arms the next. */
  void ran() {
    task = null;
    at = null;
  }

  /** When the armed run is due, or null when nothing is armed. */
  @Nullable Instant at() {
    return at;
  }

  /** The first whole multiple of {@code period} since the epoch after {@code now}. */
  static Instant nextMultiple(Instant now, Duration period) {
    long p = period.toNanos();
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    long next = Math.floorDiv(nanos, p) * p + p;
    return Instant.ofEpochSecond(
        Math.floorDiv(next, 1_000_000_000L), Math.floorMod(next, 1_000_000_000L));
  }
}
