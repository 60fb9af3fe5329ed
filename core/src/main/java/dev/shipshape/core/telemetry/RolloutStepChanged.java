package dev.shipshape.core.telemetry;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A progressive rollout changed: it started, moved to another step, halted, rolled back, was
 * paused, resumed or aborted, completed, or held a step its gate could not confirm.
 *
 * @param rollout the rollout's name
 * @param flag the key of the flag whose split the rollout moves
 * @param transition what happened
 * @param fromPercent the share of subjects in the rolled-out variant before the change
 * @param toPercent the share after the change
 * @param reason why, in words (for a halt: which SLO, which window pair and its burn rates)
 * @param at when it happened
 */
public record RolloutStepChanged(
    String rollout,
    String flag,
    Transition transition,
    double fromPercent,
    double toPercent,
    String reason,
    Instant at)
    implements TelemetryEvent {

  /**
   * Validates the components.
   *
   * @param rollout the rollout's name
   * @param flag the flag's key
   * @param transition what happened
   * @param fromPercent the share before
   * @param toPercent the share after
   * @param reason why
   * @param at when
   */
  public RolloutStepChanged {
    Objects.requireNonNull(rollout, "rollout");
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }

  @Override
  public Kind kind() {
    return Kind.ROLLOUT_STEP_CHANGED;
  }

  /** What happened to a rollout; a bounded set, safe as a metric tag. */
  public enum Transition {
    /** The rollout began at its first step. */
    STARTED,
    /** The rollout moved to its next step. */
    ADVANCED,
    /** The rollout stopped at its current step because an SLO burned. */
    HALTED,
    /** The rollout went back to zero percent. */
    ROLLED_BACK,
    /** The application paused the rollout. */
    PAUSED,
    /** The application resumed the rollout. */
    RESUMED,
    /** The application aborted the rollout. */
    ABORTED,
    /** The rollout reached its last step. */
    COMPLETED,
    /**
     * A step was due but the rollout's gate could not confirm it (its verdict was unreadable),
     * so the rollout stays where it is.
     */
    HELD;

    /**
     * The transition's lower-case label, as used in tags and attributes.
     *
     * @return for example {@code advanced}
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
