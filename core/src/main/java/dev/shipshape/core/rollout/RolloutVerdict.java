package dev.shipshape.core.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RolloutGate}'s answer: where a rollout stands at one instant.
 *
 * @param plan the rollout's definition as the gate's plan gives it (its steps, interval and
 *     whether a halt rolls back); {@link Rollout#config()} answers it once applied
 * @param state the rollout's state
 * @param stepIndex the index in {@code plan.steps()} of the step in effect, or -1 when no step is
 *     (not started yet, halted before the first step, rolled back, aborted)
 * @param nextStepAt when the next step is due, if the rollout is running and has one
 * @param confirmed whether the gate read everything the answer depends on; an unconfirmed answer
 *     (the verdict could not be read, or only the plan was consulted) never raises the share a
 *     rollout serves
 * @param reason why, in words, for the audit trail and the log
 */
public record RolloutVerdict(
    RolloutConfig plan,
    RolloutState state,
    int stepIndex,
    @Nullable Instant nextStepAt,
    boolean confirmed,
    String reason) {

  /**
   * Validates the components.
   *
   * @param plan the definition
   * @param state the state
   * @param stepIndex the step, or -1
   * @param nextStepAt the next step's instant, or null
   * @param confirmed whether the answer is confirmed
   * @param reason why
   * @throws IllegalArgumentException if the step is out of range, or a rolled-back or aborted
   *     rollout has a step
   */
  public RolloutVerdict {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    List<Double> steps = plan.steps();
    if (stepIndex < -1 || stepIndex >= steps.size()) {
      throw new IllegalArgumentException(
          "stepIndex was '" + stepIndex + "' but must be in [-1, " + (steps.size() - 1) + "]");
    }
    if ((state == RolloutState.ROLLED_BACK || state == RolloutState.ABORTED) && stepIndex != -1) {
      throw new IllegalArgumentException(
          "stepIndex was '" + stepIndex + "' but must be -1 for a " + state + " rollout");
    }
  }

  /**
   * The share of subjects the verdict serves the rolled-out variant.
   *
   * @return the step's percentage, or 0 without a step
   */
  public double percent() {
    return stepIndex < 0 ? 0.0 : plan.steps().get(stepIndex);
  }

  /**
   * When the next step is due.
   *
   * @return the instant, or empty
   */
  public Optional<Instant> nextStep() {
    return Optional.ofNullable(nextStepAt);
  }
}
