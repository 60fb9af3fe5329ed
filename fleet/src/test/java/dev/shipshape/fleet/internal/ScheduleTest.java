package dev.shipshape.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.rollout.RolloutVerdict;
import dev.shipshape.fleet.FleetPlan;
import dev.shipshape.flags.FlagSet;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where a plan stands at an instant, as a pure function of the plan, the instant and the first
 * halt: steps begin at the plan's instants, a pause holds the step in effect at its instant, a
 * halt holds the step in effect just before it (nothing for a halt at the start), a completed
 * rollout is final, and the answer never depends on anything else.
 */
class ScheduleTest {

  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final RolloutConfig CONFIGURED =
      RolloutConfig.builder("new-checkout").haltOn("checkout").build();

  private static FleetPlan plan(String extra) {
    String doc =
        "{\"flags\":{\"new-checkout\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
            + "\"defaultVariant\":\"off\",\"targeting\":{\"fractional\":[[\"on\",0],[\"off\",100]]},"
            + "\"metadata\":{\"rollout.start\":\"" + START + "\",\"rollout.steps\":\"10,25,50,100\","
            + "\"rollout.interval\":\"1h\"" + extra + "}}}}";
    return FleetPlan.parse(
        FlagSet.parse(doc, "flags.json").definition("new-checkout").orElseThrow(), CONFIGURED);
  }

  private static RolloutVerdict at(FleetPlan plan, Duration sinceStart, Schedule.@Nullable Halt h) {
    return Schedule.at(plan, START.plus(sinceStart), h, true, "");
  }

  private static Schedule.Halt halt(Duration sinceStart) {
    return new Schedule.Halt(START.plus(sinceStart), "slo 'checkout' page alert 1h/5m active");
  }

  @Test
  void stepsBeginAtThePlansInstants() {
    FleetPlan plan = plan("");
    RolloutVerdict before = at(plan, Duration.ofSeconds(-1), null);
    assertThat(before.state()).isEqualTo(RolloutState.RUNNING);
    assertThat(before.stepIndex()).isEqualTo(-1);
    assertThat(before.nextStepAt()).isEqualTo(START);

    assertThat(at(plan, Duration.ZERO, null).percent()).isEqualTo(10.0);
    assertThat(at(plan, HOUR.minusNanos(1), null).percent()).isEqualTo(10.0);
    RolloutVerdict second = at(plan, HOUR, null);
    assertThat(second.percent()).isEqualTo(25.0);
    assertThat(second.nextStepAt()).isEqualTo(START.plus(HOUR.multipliedBy(2)));
    assertThat(second.reason()).isEqualTo("plan at step 2 of 4 (25%) since 2026-03-02T10:00:00Z");
    RolloutVerdict done = at(plan, HOUR.multipliedBy(30), null);
    assertThat(done.state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(done.percent()).isEqualTo(100.0);
    assertThat(done.nextStepAt()).isNull();
  }

  @Test
  void aPauseHoldsTheStepInEffectAtItsInstant() {
    FleetPlan plan = plan(",\"rollout.pausedAt\":\"2026-03-02T10:30:00Z\"");
    RolloutVerdict running = at(plan, Duration.ofMinutes(20), null);
    assertThat(running.state()).isEqualTo(RolloutState.RUNNING);
    assertThat(running.nextStepAt()).isEqualTo(START.plus(HOUR));
    RolloutVerdict beforePause = at(plan, Duration.ofMinutes(80), null);
    assertThat(beforePause.nextStepAt()).as("the next step falls after the pause").isNull();
    for (Duration later : new Duration[] {Duration.ofMinutes(90), HOUR.multipliedBy(48)}) {
      RolloutVerdict v = at(plan, later, null);
      assertThat(v.state()).isEqualTo(RolloutState.PAUSED);
      assertThat(v.percent()).isEqualTo(25.0);
    }
  }

  @Test
  void resumingIsANewStartFromTheHeldStep() {
    FleetPlan plan = plan(",\"rollout.fromStep\":1");
    assertThat(at(plan, Duration.ZERO, null).percent()).isEqualTo(25.0);
    assertThat(at(plan, HOUR, null).percent()).isEqualTo(50.0);
    assertThat(at(plan, HOUR.multipliedBy(2), null).state()).isEqualTo(RolloutState.COMPLETED);
  }

  /**
   * A plan held by a halt, a pause or an abort: where it stands at an instant, as the behaviour,
   * the plan's extra metadata, the instant, the halt (or null), and the expected state, percent
   * and reason.
   */
  static Stream<Arguments> heldPlans() {
    String halted = "slo 'checkout' page alert 1h/5m active; at step 2 of 4 (25%); halted";
    return Stream.of(
        arguments("a halt holds the step in effect just before it", "", HOUR.multipliedBy(5),
            Duration.ofMinutes(75), RolloutState.HALTED, 25.0, halted),
        arguments("roll back sends a halted plan to nothing", ",\"rollout.rollBackOnHalt\":true",
            HOUR.multipliedBy(2), Duration.ofMinutes(75), RolloutState.ROLLED_BACK, 0.0,
            "slo 'checkout' page alert 1h/5m active; at step 2 of 4 (25%); rolled back"),
        arguments("a paused plan still halts at its held step",
            ",\"rollout.pausedAt\":\"2026-03-02T10:30:00Z\"", HOUR.multipliedBy(9),
            HOUR.multipliedBy(6), RolloutState.HALTED, 25.0, halted),
        arguments("an aborted plan serves nothing", ",\"rollout.aborted\":true", HOUR, null,
            RolloutState.ABORTED, 0.0, "plan aborted"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("heldPlans")
  void aHeldPlanStandsAtItsHeldStep(
      String behaviour,
      String extra,
      Duration sinceStart,
      @Nullable Duration haltSinceStart,
      RolloutState state,
      double percent,
      String reason) {
    RolloutVerdict v =
        at(plan(extra), sinceStart, haltSinceStart == null ? null : halt(haltSinceStart));
    assertThat(v.state()).isEqualTo(state);
    assertThat(v.percent()).isEqualTo(percent);
    assertThat(v.reason()).isEqualTo(reason);
  }

  @Test
  void anAlertActiveAtAStepsFirstInstantHoldsTheStepBefore() {
    FleetPlan plan = plan("");
    assertThat(at(plan, HOUR.multipliedBy(5), halt(HOUR)).percent())
        .as("an alert active at a step's first instant was caused by the step before")
        .isEqualTo(10.0);
    RolloutVerdict atStart = at(plan, HOUR, halt(Duration.ZERO));
    assertThat(atStart.state()).isEqualTo(RolloutState.HALTED);
    assertThat(atStart.stepIndex()).as("burning when the plan started: nothing served").isEqualTo(-1);
  }

  @Test
  void aHaltAfterTheLastStepBeganLeavesTheRolloutCompleted() {
    FleetPlan plan = plan("");
    RolloutVerdict v = at(plan, HOUR.multipliedBy(9), halt(HOUR.multipliedBy(3).plusSeconds(1)));
    assertThat(v.state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(at(plan, HOUR.multipliedBy(9), halt(HOUR.multipliedBy(3))).percent())
        .isEqualTo(50.0);
  }

  @Test
  void theStepNeverFallsAsTimePassesAndIsFrozenOnceHalted() {
    FleetPlan plan = plan("");
    qt().forAll(
            longs().between(-3_600, 6 * 3_600),
            longs().between(1, 3_600),
            integers().between(-600, 5 * 3_600))
        .checkAssert(
            (t, dt, h) -> {
              Duration first = Duration.ofSeconds(t);
              Duration second = first.plusSeconds(dt);
              assertThat(at(plan, second, null).percent())
                  .isGreaterThanOrEqualTo(at(plan, first, null).percent());
              Schedule.Halt stop = halt(Duration.ofSeconds(h));
              if (!stop.at().isAfter(START.plus(first))) {
                assertThat(at(plan, second, stop)).isEqualTo(at(plan, first, stop));
                assertThat(at(plan, second, stop).percent())
                    .isLessThanOrEqualTo(at(plan, first, null).percent());
              }
            });
  }
}
