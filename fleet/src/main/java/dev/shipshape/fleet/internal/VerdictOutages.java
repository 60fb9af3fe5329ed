package dev.shipshape.fleet.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs each rollout's unreadable verdicts once per outage instead of once per poll: a warning at
 * the first poll that cannot read its verdict, a debug line at each further one, and an info line
 * when a verdict is read again, saying how many polls failed and for how long. The rollout's
 * history keeps every poll's reason. Thread-safe.
 */
public final class VerdictOutages {

  /** An outage in progress: when its first failed poll asked, and how many polls failed since. */
  private record Outage(Instant since, long polls) {}

  private final Logger log;
  private final Map<String, Outage> outages = new ConcurrentHashMap<>();

  /**
   * Logs to {@code log}.
   *
   * @param log the gate's logger
   */
  public VerdictOutages(Logger log) {
    this.log = log;
  }

  /**
   * A poll of the rollout could not read its verdict.
   *
   * @param flagKey the rollout's flag
   * @param error why, as the rollout's reason quotes it
   * @param at the instant the poll asked about
   */
  public void failed(String flagKey, String error, Instant at) {
    Outage outage =
        outages.merge(flagKey, new Outage(at, 1), (o, n) -> new Outage(o.since(), o.polls() + 1));
    if (outage.polls() == 1) {
      log.atWarn()
          .setMessage(
              "fleet rollout of flag '{}' cannot read its verdict and holds its step: {} (until"
                  + " it reads one, later failures are logged at debug level)")
          .addArgument(flagKey)
          .addArgument(error)
          .addKeyValue("flag", flagKey)
          .addKeyValue("error", error)
          .log();
    } else {
      log.atDebug()
          .setMessage("fleet rollout of flag '{}' still cannot read its verdict ({} polls): {}")
          .addArgument(flagKey)
          .addArgument(outage.polls())
          .addArgument(error)
          .addKeyValue("flag", flagKey)
          .addKeyValue("error", error)
          .log();
    }
  }

  /**
   * A poll of the rollout read its verdict.
   *
   * @param flagKey the rollout's flag
   * @param at the instant the poll asked about
   */
  public void read(String flagKey, Instant at) {
    Outage ended = outages.remove(flagKey);
    if (ended != null) {
      log.atInfo()
          .setMessage(
              "fleet rollout of flag '{}' reads its verdict again after {} failed polls over {}")
          .addArgument(flagKey)
          .addArgument(ended.polls())
          .addArgument(Duration.between(ended.since(), at))
          .addKeyValue("flag", flagKey)
          .addKeyValue("failedPolls", ended.polls())
          .log();
    }
  }
}
