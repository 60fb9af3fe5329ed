package dev.shipshape.fleet.internal;

import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.rollout.RolloutVerdict;
import dev.shipshape.fleet.FleetPlan;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a fleet plan stands at an instant: a pure function of the plan, the instant and the
 * first halt the verdict found after the plan's start. Every instance that evaluates it with the
 * same inputs gets the same answer.
 *
 * <p>From the start, the plan serves step {@code fromStep}; step {@code j} begins at {@code
 * start + (j - fromStep) x interval}. A pause at {@code p} holds the step in effect at {@code
 * p}. A halt at {@code h} holds the step in effect just before {@code h} (a halt at or before the
 * start holds no step); it counts unless the last step began before it (a completed rollout is
 * final). Roll back sends a halted rollout to no step.
 */
public final class Schedule {

  private Schedule() {}

  /**
   * The plan's position at {@code at}.
   *
   * @param plan the plan
   * @param at the instant
   * @param halt the first halt after the start, with its reason, or null for none
   * @param confirmed whether the verdict was read (false: the plan alone, waiting for it)
   * @param why what the verdict said, appended to the reason
   * @return the verdict
   */
  public static RolloutVerdict at(
      FleetPlan plan, Instant at, @Nullable Halt halt, boolean confirmed, String why) {
    RolloutConfig config = plan.config();
    List<Double> steps = config.steps();
    int last = steps.size() - 1;
    if (plan.aborted()) {
      return new RolloutVerdict(config, RolloutState.ABORTED, -1, null, true, "plan aborted");
    }
    Instant start = plan.start().orElse(null);
    if (start == null) {
      return new RolloutVerdict(
          config,
          RolloutState.PAUSED,
          -1,
          null,
          true,
          "no plan: flag '" + config.flagKey() + "' has no " + FleetPlan.START
              + " in its metadata");
    }
    Instant paused = plan.pausedAt().orElse(null);
    if (halt != null) {
      int j = stepBefore(plan, halt.at());
      if (j < last) {
        boolean rollBack = config.rollBackOnHalt();
        String reason =
            halt.reason() + (j < 0 ? "; no step was served" : "; at step " + describe(plan, j))
                + (rollBack ? "; rolled back" : "; halted");
        return new RolloutVerdict(
            config,
            rollBack ? RolloutState.ROLLED_BACK : RolloutState.HALTED,
            rollBack ? -1 : j,
            null,
            confirmed,
            reason);
      }
    }
    if (at.isBefore(start)) {
      if (paused != null && !paused.isAfter(at)) {
        return new RolloutVerdict(
            config, RolloutState.PAUSED, -1, null, confirmed,
            "plan paused at " + paused + " before its start at " + start);
      }
      return new RolloutVerdict(
          config, RolloutState.RUNNING, -1, start, confirmed,
          "plan starts at " + start + suffix(why));
    }
    if (paused != null && !paused.isAfter(at)) {
      int j = paused.isBefore(start) ? -1 : stepAt(plan, paused);
      return new RolloutVerdict(
          config, RolloutState.PAUSED, j, null, confirmed,
          "plan paused at " + paused + (j < 0 ? " before its start" : " at step " + describe(plan, j))
              + suffix(why));
    }
    int k = stepAt(plan, at);
    if (k == last) {
      return new RolloutVerdict(
          config, RolloutState.COMPLETED, k, null, confirmed,
          "plan reached its last step " + describe(plan, k) + " at " + begins(plan, k)
              + suffix(why));
    }
    Instant next = begins(plan, k + 1);
    if (paused != null && paused.isBefore(next)) {
      next = null;
    }
    return new RolloutVerdict(
        config, RolloutState.RUNNING, k, next, confirmed,
        "plan at step " + describe(plan, k) + " since " + begins(plan, k) + suffix(why));
  }

  /**
   * The instant step {@code j} begins.
   *
   * @param plan a plan with a start
   * @param j a step index, at least {@code plan.fromStep()}
   * @return the instant
   */
  public static Instant begins(FleetPlan plan, int j) {
    Instant start = plan.start().orElseThrow();
    return start.plus(plan.config().interval().multipliedBy((long) j - plan.fromStep()));
  }

  /** The step in effect at {@code t >= start}, with time frozen at the pause. */
  static int stepAt(FleetPlan plan, Instant t) {
    Instant start = plan.start().orElseThrow();
    Instant e = plan.pausedAt().filter(p -> p.isBefore(t)).orElse(t);
    long elapsed = Duration.between(start, e).toNanos();
    long interval = plan.config().interval().toNanos();
    long k = plan.fromStep() + Math.floorDiv(elapsed, interval);
    return (int) Math.min(k, plan.config().steps().size() - 1L);
  }

  /**
   * The step in effect just before {@code h}: -1 at or before the start; with a pause before
   * {@code h}, the step held by the pause. Not capped: the last step's index or more means the
   * rollout had completed.
   */
  static int stepBefore(FleetPlan plan, Instant h) {
    Instant start = plan.start().orElseThrow();
    Instant paused = plan.pausedAt().orElse(null);
    if (paused != null && paused.isBefore(h)) {
      return paused.isBefore(start) ? -1 : stepAt(plan, paused);
    }
    if (!h.isAfter(start)) {
      return -1;
    }
    long elapsed = Duration.between(start, h).toNanos();
    long interval = plan.config().interval().toNanos();
    long k = plan.fromStep() + Math.floorDiv(elapsed - 1, interval);
    return (int) Math.min(k, Integer.MAX_VALUE);
  }

  /** {@code 2 of 4 (25%)}: one-based, as people count steps. */
  static String describe(FleetPlan plan, int j) {
    List<Double> steps = plan.config().steps();
    return (j + 1) + " of " + steps.size() + " ("
        + BigDecimal.valueOf(steps.get(j)).stripTrailingZeros().toPlainString() + "%)";
  }

  private static String suffix(String why) {
    return why.isEmpty() ? "" : "; " + why;
  }

  /**
   * A halt the verdict found.
   *
   * @param at when the alert (or exhausted budget) became active, not before the plan's start
   * @param reason which SLO and which alert, for the audit trail
   */
  public record Halt(Instant at, String reason) {}
}
