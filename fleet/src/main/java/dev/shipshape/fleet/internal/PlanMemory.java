package dev.shipshape.fleet.internal;

import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutConfigException;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.rollout.RolloutVerdict;
import dev.shipshape.fleet.FleetPlan;
import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.time.config.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What a fleet gate remembers of each rollout: the last plan read without problems, and a halt or
 * completion seen for that plan, which is final for it. A broken edit of a plan never advances a
 * rollout: the last good plan stays in force, the edit's problems go into the verdict's reason, and
 * each broken edit is logged once. Thread-safe.
 */
public final class PlanMemory {

  /** A plan read from a flag: the plan in force and the problems of the document, if any. */
  public record Plan(@Nullable FleetPlan plan, List<String> problems) {}

  /** What the gate remembers of one rollout: its last good plan and what is final for it. */
  private record Memory(FleetPlan plan, Schedule.@Nullable Halt halt, boolean completed) {}

  private final Logger log;
  /** Per flag: the last plan read without problems, and a final halt or completion seen. */
  private final Map<String, Memory> memory = new ConcurrentHashMap<>();
  /** Per flag: the problems of its plan last logged, so that each broken edit is logged once. */
  private final Map<String, List<String>> logged = new ConcurrentHashMap<>();

  /**
   * Creates an empty memory.
   *
   * @param log the gate's logger, for broken edits
   */
  public PlanMemory(Logger log) {
    this.log = log;
  }

  /**
   * The flag's plan; when its metadata has problems, the last good plan (or none) with the
   * problems, so that a broken edit never advances a rollout.
   *
   * @param rollout the rollout
   * @param flag the flag's definition now
   * @return the plan in force
   */
  public Plan read(RolloutConfig rollout, FlagDefinition flag) {
    try {
      FleetPlan plan = FleetPlan.parse(flag, rollout);
      Memory known = memory.get(rollout.flagKey());
      if (known == null || !known.plan.equals(plan)) {
        memory.put(rollout.flagKey(), new Memory(plan, null, false));
      }
      return new Plan(plan, List.of());
    } catch (RolloutConfigException e) {
      Memory known = memory.get(rollout.flagKey());
      List<String> problems = e.problems().stream().map(ConfigProblem::message).toList();
      if (!problems.equals(logged.put(rollout.flagKey(), problems))) {
        log.atWarn()
            .setMessage(
                "fleet rollout of flag '{}' ignores the last edit of its plan and keeps {}: {}")
            .addArgument(rollout.flagKey())
            .addArgument(known == null ? "no plan" : known.plan)
            .addArgument(String.join("; ", problems))
            .addKeyValue("flag", rollout.flagKey())
            .addKeyValue("problems", problems)
            .log();
      }
      return new Plan(known == null ? null : known.plan, problems);
    }
  }

  /**
   * The plan in force now: the last one read without problems, or null before any.
   *
   * @param rollout the rollout
   * @return the plan
   */
  public @Nullable FleetPlan inForce(RolloutConfig rollout) {
    Memory known = memory.get(rollout.flagKey());
    return known == null ? null : known.plan;
  }

  /**
   * A halt already seen for this very plan, or null.
   *
   * @param rollout the rollout
   * @param plan its plan in force
   * @return the halt, or null
   */
  public Schedule.@Nullable Halt halted(RolloutConfig rollout, FleetPlan plan) {
    Memory known = memory.get(rollout.flagKey());
    return known != null && known.plan.equals(plan) ? known.halt : null;
  }

  /**
   * Whether this very plan has halted or completed for good, so there is nothing left to ask.
   *
   * @param rollout the rollout
   * @param plan its plan in force
   * @return true when its outcome is final
   */
  public boolean settled(RolloutConfig rollout, FleetPlan plan) {
    Memory known = memory.get(rollout.flagKey());
    return known != null && known.plan.equals(plan) && (known.halt != null || known.completed);
  }

  /**
   * Remembers what a readable verdict made final for the plan: a halt, or its completion.
   *
   * @param rollout the rollout
   * @param plan the plan the verdict is for
   * @param halt the halt the verdict read, or null
   * @param readable whether the verdict could be read
   * @param v the verdict
   */
  public void remember(
      RolloutConfig rollout,
      FleetPlan plan,
      Schedule.@Nullable Halt halt,
      boolean readable,
      RolloutVerdict v) {
    if (readable || halt != null) {
      boolean completed = readable && v.state() == RolloutState.COMPLETED;
      boolean haltCounts =
          v.state() == RolloutState.HALTED || v.state() == RolloutState.ROLLED_BACK;
      if (haltCounts || completed) {
        memory.put(rollout.flagKey(), new Memory(plan, haltCounts ? halt : null, completed));
      }
    }
  }

  /**
   * The verdict when no plan was ever good: paused before the first step.
   *
   * @param rollout the rollout
   * @param problems the plan's problems
   * @return the verdict
   */
  public static RolloutVerdict unplanned(RolloutConfig rollout, List<String> problems) {
    return new RolloutVerdict(
        rollout,
        RolloutState.PAUSED,
        -1,
        null,
        false,
        "the plan has problems and no earlier plan was good: " + String.join("; ", problems));
  }

  /**
   * The verdict, unconfirmed and with the problems in its reason, when the document has any.
   *
   * @param v the verdict of the plan in force
   * @param problems the problems of the plan's last edit
   * @return the verdict to apply
   */
  public static RolloutVerdict withProblems(RolloutVerdict v, List<String> problems) {
    if (problems.isEmpty()) {
      return v;
    }
    return new RolloutVerdict(
        v.plan(),
        v.state(),
        v.stepIndex(),
        v.nextStepAt(),
        false,
        v.reason() + "; the plan's last edit has problems and is ignored: "
            + String.join("; ", problems));
  }
}
