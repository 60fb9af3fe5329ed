package dev.shipshape.core.telemetry;

import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A health probe or a single check changed status (or reported for the first time). Exactly one
 * of {@link #probe()} and {@link #check()} is set.
 *
 * @param probe the probe whose status changed, or null when the event is about a check
 * @param check the name of the check whose status changed, or null when it is about a probe
 * @param previous the previous status, or null for the first report
 * @param current the new status
 * @param message the check's message (why it is in that status), or null
 * @param at when the change was seen
 */
public record HealthStatusChanged(
    @Nullable Probe probe,
    @Nullable String check,
    @Nullable HealthStatus previous,
    HealthStatus current,
    @Nullable String message,
    Instant at)
    implements TelemetryEvent {

  /**
   * Validates that exactly one of probe and check is given.
   *
   * @param probe the probe or null
   * @param check the check's name or null
   * @param previous the previous status or null
   * @param current the new status
   * @param message the message or null
   * @param at when it was seen
   * @throws IllegalArgumentException unless exactly one of {@code probe} and {@code check} is set
   */
  public HealthStatusChanged {
    if ((probe == null) == (check == null)) {
      throw new IllegalArgumentException(
          "probe was '" + probe + "' and check was '" + check + "' but exactly one must be set");
    }
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(at, "at");
  }

  /**
   * A probe's status change.
   *
   * @param probe the probe
   * @param previous the previous status, or null for the first report
   * @param current the new status
   * @param at when it was seen
   * @return the event
   */
  public static HealthStatusChanged ofProbe(
      Probe probe, @Nullable HealthStatus previous, HealthStatus current, Instant at) {
    return new HealthStatusChanged(probe, null, previous, current, null, at);
  }

  /**
   * A check's status change.
   *
   * @param check the check's name
   * @param previous the previous status, or null for the first result
   * @param current the new status
   * @param message the check's message, or null
   * @param at when it was seen
   * @return the event
   */
  public static HealthStatusChanged ofCheck(
      String check,
      @Nullable HealthStatus previous,
      HealthStatus current,
      @Nullable String message,
      Instant at) {
    return new HealthStatusChanged(null, check, previous, current, message, at);
  }

  /**
   * Whether this event is about a probe rather than a check.
   *
   * @return true when {@link #probe()} is set
   */
  public boolean isProbe() {
    return probe != null;
  }

  @Override
  public Kind kind() {
    return Kind.HEALTH_STATUS_CHANGED;
  }
}
