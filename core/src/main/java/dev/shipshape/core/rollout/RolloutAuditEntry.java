package dev.shipshape.core.rollout;

import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import java.time.Instant;
import java.util.Objects;

/**
 * One transition of a rollout, as kept in its in-memory audit trail.
 *
 * @param at when it happened, from the application's clock
 * @param transition what happened
 * @param fromPercent the share of subjects in the rolled-out variant before
 * @param toPercent the share after
 * @param state the rollout's state after the transition
 * @param reason why, in words (for a halt: the SLO, the window pair and its burn rates)
 */
public record RolloutAuditEntry(
    Instant at,
    Transition transition,
    double fromPercent,
    double toPercent,
    RolloutState state,
    String reason) {

  /**
   * Validates the components.
   *
   * @param at when
   * @param transition what
   * @param fromPercent the share before
   * @param toPercent the share after
   * @param state the state after
   * @param reason why
   */
  public RolloutAuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
  }
}
