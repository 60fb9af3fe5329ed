package dev.shipshape.core.health;

import dev.shipshape.core.health.internal.Details;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One check's entry in a {@link HealthReport}: its latest result and when and how it was taken.
 *
 * @param name the check's registered name
 * @param status the check's status
 * @param message why it is in that status (for a timeout, {@code "timed out after 2s"}), or null
 * @param details the check's details
 * @param duration how long the check ran (its timeout when it timed out)
 * @param takenAt when the result was taken, on the health clock
 * @param age how old the result was when the report was made (non-zero for cached and
 *     background results)
 * @param critical false for a non-critical check, whose status does not change its probe's
 */
public record CheckReport(
    String name,
    HealthStatus status,
    @Nullable String message,
    Map<String, Object> details,
    Duration duration,
    Instant takenAt,
    Duration age,
    boolean critical) {

  /**
   * Keeps an immutable copy of the details; details that are already immutable copies (a {@link
   * HealthResult}'s or another report's) are shared instead of copied again.
   *
   * @param name the check's name
   * @param status the status
   * @param message the message or null
   * @param details the details
   * @param duration how long it ran
   * @param takenAt when it was taken
   * @param age its age at report time
   * @param critical whether it counts towards the probe's status
   */
  public CheckReport {
    details = Details.freeze(details);
  }
}
