package dev.shipshape.core.rollout;

import static dev.shipshape.core.testing.ConfigProblems.assertProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.shipshape.core.rollout.internal.RolloutRuntime;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.config.ConfigProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RolloutControlTest {

  private final RolloutKit kit = new RolloutKit();

  @AfterEach
  void close() {
    kit.close();
  }

  @Test
  void pauseHoldsTheStepAndResumeContinuesOneIntervalLater() {
    Rollout rollout = kit.start(r -> r.steps(10, 20, 30).every(Duration.ofHours(1)));
    assertThat(rollout.nextStepAt()).contains(kit.clock.instant().plus(Duration.ofHours(1)));
    assertThat(rollout.pause()).isTrue();
    assertThat(rollout.pause()).isFalse();
    assertThat(rollout.nextStepAt()).isEmpty();
    kit.clock.advance(Duration.ofHours(5));
    assertThat(rollout.percent()).isEqualTo(10.0);
    assertThat(rollout.state()).isEqualTo(RolloutState.PAUSED);

    Instant resumedAt = kit.clock.instant();
    assertThat(rollout.resume()).isTrue();
    kit.clock.advance(Duration.ofMinutes(59));
    assertThat(rollout.percent()).isEqualTo(10.0);
    kit.clock.advance(Duration.ofMinutes(1));
    assertThat(rollout.percent()).isEqualTo(20.0);
    assertThat(rollout.history())
        .extracting(RolloutAuditEntry::transition)
        .containsExactly(
            Transition.STARTED, Transition.PAUSED, Transition.RESUMED, Transition.ADVANCED);
    assertThat(rollout.history().get(2).at()).isEqualTo(resumedAt);
  }

  @Test
  void theControlsNeverThrowWhenTheSchedulerRefusesTheNextStep() {
    Rollout rollout = kit.start(r -> r.steps(10, 50, 100).every(Duration.ofHours(1)));
    kit.scheduler.close();
    assertThat(rollout.pause()).isTrue();
    assertThat(rollout.resume()).isTrue();
    assertThat(rollout.nextStepAt()).as("refused, so nothing is armed").isEmpty();
    assertThat(rollout.advance()).isTrue();
    assertThat(rollout.percent()).isEqualTo(50.0);
    assertThat(kit.onUsers().size()).isBetween(450, 550);
    assertThat(rollout.abort()).isTrue();
    assertThat(kit.onUsers()).isEmpty();
  }

  @Test
  void advanceMovesNowAndAbortReturnsEveryoneToTheOtherVariantForGood() {
    Rollout rollout = kit.start(r -> r.steps(10, 50, 100).every(Duration.ofDays(1)));
    assertThat(rollout.advance()).isTrue();
    assertThat(rollout.percent()).isEqualTo(50.0);
    assertThat(rollout.stepIndex()).isEqualTo(1);
    assertThat(kit.onUsers().size()).isBetween(450, 550);

    assertThat(rollout.abort()).isTrue();
    assertThat(rollout.state()).isEqualTo(RolloutState.ABORTED);
    assertThat(kit.onUsers()).isEmpty();
    kit.clock.advance(Duration.ofDays(3));
    assertThat(rollout.percent()).isZero();
    assertThat(rollout.advance()).isFalse();
    assertThat(rollout.resume()).isFalse();
    assertThat(rollout.abort()).isFalse();
    RolloutAuditEntry last = rollout.history().get(rollout.history().size() - 1);
    assertThat(last.transition()).isEqualTo(Transition.ABORTED);
    assertThat(last.fromPercent()).isEqualTo(50.0);
    assertThat(last.reason()).isEqualTo("aborted by the application");
  }

  @Test
  void theRolloutSurvivesAFlagFileReload() {
    Rollout rollout = kit.start(r -> r.steps(5, 50).every(Duration.ofDays(1)));
    Set<String> before = kit.onUsers();
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.split(70, 30));
    assertThat(kit.onUsers()).isEqualTo(before);
    assertThat(before.size()).isBetween(20, 80);

    kit.clock.advance(Duration.ofDays(1));
    assertThat(rollout.state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(kit.onUsers()).containsAll(before).hasSizeBetween(450, 550);
  }

  @Test
  void aBurningSloAtStartKeepsTheRolloutAtZero() {
    kit.slo.record(0, 1000);
    kit.slo.evaluate();
    Rollout rollout = kit.start(r -> r.haltOn("checkout"));
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isZero();
    assertThat(kit.onUsers()).isEmpty();
    assertThat(rollout.history().get(0).reason())
        .startsWith("not started: slo 'checkout' page alert 1h/5m firing");
  }

  @Test
  void anExhaustedBudgetHaltsARolloutWhoseSloHasNoPageAlert() {
    Slo quiet =
        Slo.create(
            Slo.named("quiet")
                .objective(0.99)
                .window(Duration.ofHours(1))
                .alerts(List.of())
                .build(),
            kit.clock);
    RolloutRuntime runtime =
        new RolloutRuntime(
            kit.clock, kit.scheduler, kit.flags, java.util.Map.of("quiet", quiet), kit.hub);
    try {
      Rollout rollout =
          runtime.start(
              RolloutConfig.builder(RolloutKit.FLAG).steps(10, 100).haltOn("quiet").build());
      quiet.record(50, 50);
      quiet.evaluate();
      assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
      assertThat(rollout.percent()).isEqualTo(10.0);
      assertThat(rollout.history().get(1).reason())
          .startsWith("slo 'quiet' error budget exhausted");
    } finally {
      runtime.close();
    }
  }

  @Test
  void refusesFlagsWithoutATwoWaySplitAndUnknownSlosWithClearMessages() {
    kit.flagSource.putBoolean("static", true);
    kit.flagSource.putFlag(
        "three-way",
        "{\"state\":\"ENABLED\",\"variants\":{\"a\":\"a\",\"b\":\"b\",\"c\":\"c\"},"
            + "\"defaultVariant\":\"a\",\"targeting\":{\"fractional\":[[\"a\",1],[\"b\",1],[\"c\",1]]}}");
    kit.flagSource.putFlag(
        "colors",
        "{\"state\":\"ENABLED\",\"variants\":{\"red\":\"red\",\"blue\":\"blue\"},"
            + "\"defaultVariant\":\"red\",\"targeting\":{\"fractional\":[[\"red\",1],[\"blue\",1]]}}");
    FlagSet flags = kit.flags.flagSet();
    List<ConfigProblem> problems =
        RolloutRuntime.problems(
            List.of(
                RolloutConfig.builder("static").build(),
                RolloutConfig.builder("three-way").build(),
                RolloutConfig.builder("colors").build(),
                RolloutConfig.builder("colors").variant("green").build(),
                RolloutConfig.builder("missing").build(),
                RolloutConfig.builder(RolloutKit.FLAG).haltOn("chekout").build()),
            flags,
            Set.of("checkout"));
    assertThat(problems.stream().map(ConfigProblem::message))
        .containsExactly(
            "rollouts.static.flag was 'static' but its targeting is not a top-level fractional"
                + " split with literal variants and weights; a rollout needs {\"fractional\":"
                + " [[\"on\", 0], [\"off\", 100]]} or the like",
            "rollouts.three-way.flag was 'three-way' but its fractional split has variants [a, b,"
                + " c]; a rollout needs exactly two",
            "rollouts.colors.variant was 'null' but must name the variant to roll out, one of"
                + " [red, blue]",
            "rollouts.colors.flag was 'colors' but that flag already has a rollout",
            "rollouts.colors.variant was 'green' but must be one of [red, blue]",
            "rollouts.missing.flag was 'missing' but no flag source defines it (defined: [colors,"
                + " new-checkout, static, three-way])",
            "rollouts.new-checkout.haltOn was 'chekout' but must be one of [checkout]");
    assertThatThrownBy(() -> kit.rollouts.start(RolloutConfig.builder("static").build()))
        .isInstanceOf(RolloutConfigException.class)
        .hasMessageContaining("not a top-level fractional split");
  }

  @Test
  void reportsEveryDefinitionProblemAtOnce() {
    assertProblems(
            RolloutConfigException.class,
            () ->
                RolloutConfig.builder(" ")
                    .steps(0, 50, 40, 120)
                    .every(Duration.ZERO)
                    .haltOn("")
                    .build())
        .containsExactly(
            "flag was ' ' but must not be blank",
            "steps[0] was '0.0' but must be in (0, 100]",
            "steps[2] was '40.0' but must be greater than the step before (50.0)",
            "steps[3] was '120.0' but must be in (0, 100]",
            "every was 'PT0S' but must be positive",
            "haltOn was '' but must name an SLO");
  }

  @Test
  void aClockJumpOfAMonthAppliesEveryStepAtItsOwnInstant() {
    Rollout rollout = kit.start(r -> r.steps(5, 25, 100).every(Duration.ofDays(1)));
    Instant start = kit.clock.instant();
    kit.clock.advance(Duration.ofDays(30));
    assertThat(rollout.state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(rollout.history())
        .extracting(RolloutAuditEntry::transition, e -> Duration.between(start, e.at()).toDays())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Transition.STARTED, 0L),
            org.assertj.core.groups.Tuple.tuple(Transition.ADVANCED, 1L),
            org.assertj.core.groups.Tuple.tuple(Transition.ADVANCED, 2L),
            org.assertj.core.groups.Tuple.tuple(Transition.COMPLETED, 2L));
  }

  @Test
  void refusesStepsFinerThanTheSplitsWeightsCanServe() {
    // 0.004% would set a weight of 0 out of 10,000 and 5.001% the same weight as 5%
    assertProblems(
            RolloutConfigException.class,
            () -> RolloutConfig.builder("f").steps(0.004, 5, 5.001, 100).build())
        .containsExactly(
            "steps[0] was '0.004' but must be a multiple of 0.01",
            "steps[2] was '5.001' but must be a multiple of 0.01");
    assertThat(RolloutConfig.builder("f").steps(0.01, 0.07, 33.33, 100).build().steps())
        .containsExactly(0.01, 0.07, 33.33, 100.0);
  }

  @Test
  void refusesStepsThatServeTheSameShareAsTheStepBeforeOrNone() {
    // 1.000000001% sets the same 100 weights out of 10,000 as 1%: advancing to it would change
    // nothing but the percentage reported; 0.000000001% would report a share while serving none
    assertProblems(
            RolloutConfigException.class,
            () -> RolloutConfig.builder("f").steps(0.000000001, 1, 1.000000001, 100).build())
        .containsExactly(
            "steps[0] was '1.0E-9' but must be a multiple of 0.01",
            "steps[2] was '1.000000001' but must be greater than the step before (1.0) by at"
                + " least 0.01");
  }

  @Test
  void aStepOffAHundredthOnlyByRoundingNoiseReportsTheShareItServes() {
    Rollout rollout = kit.start(r -> r.steps(0.1 + 0.2, 0.0100000001 + 50, 100));
    assertThat(rollout.config().steps()).containsExactly(0.3, 50.01, 100.0);
    assertThat(rollout.percent()).isEqualTo(0.3);
    assertThat(rollout.advance()).isTrue();
    assertThat(rollout.percent()).isEqualTo(50.01);
    assertThat(rollout.history().get(1).toPercent()).isEqualTo(50.01);
  }

  @Test
  void refusesAnIntervalBeyondAHundredYearsAtBuildInsteadOfFailingTheStart() {
    // ChronoUnit.FOREVER's duration used to pass build() and then overflow the first step's
    // instant, so starting the rollout threw an ArithmeticException ("long overflow")
    assertProblems(
            RolloutConfigException.class,
            () -> RolloutConfig.builder("f").every(ChronoUnit.FOREVER.getDuration()).build())
        .containsExactly(
            "every was 'PT2562047788015215H30M7.999999999S' but must be at most 100 years"
                + " (PT876600H)");
    Rollout slow = kit.start(r -> r.steps(1, 100).every(Duration.ofDays(36_525)));
    assertThat(slow.nextStepAt()).contains(kit.clock.instant().plus(Duration.ofDays(36_525)));
    assertThat(slow.pause()).isTrue();
    assertThat(slow.resume()).isTrue();
    assertThat(slow.percent()).isEqualTo(1.0);
  }

  @Test
  void anIntervalOfOneNanosecondRunsEveryStepInOrder() {
    Rollout rollout = kit.start(r -> r.steps(1, 50, 100).every(Duration.ofNanos(1)));
    kit.clock.advance(Duration.ofNanos(1));
    assertThat(rollout.percent()).isEqualTo(50.0);
    kit.clock.advance(Duration.ofNanos(5));
    assertThat(rollout.state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(rollout.history())
        .extracting(RolloutAuditEntry::toPercent)
        .containsExactly(1.0, 50.0, 100.0, 100.0);
  }

  @Test
  void theAuditTrailOfARolloutPausedAndResumedWithoutEndKeepsItsLatestThousandEntries() {
    Rollout rollout = kit.start(r -> r.steps(1, 100).every(Duration.ofDays(1)));
    Instant start = kit.clock.instant();
    for (int i = 1; i <= 5_000; i++) {
      kit.clock.advance(Duration.ofSeconds(1));
      assertThat(rollout.pause()).isTrue();
      assertThat(rollout.resume()).isTrue();
    }
    List<RolloutAuditEntry> history = rollout.history();
    // 10,001 transitions: the trail keeps the last 1,000 (those of the last 500 pause-resumes)
    assertThat(history).hasSize(1_000);
    assertThat(history.get(0).transition()).isEqualTo(Transition.PAUSED);
    assertThat(history.get(0).at()).isEqualTo(start.plusSeconds(4_501));
    assertThat(history.get(999).transition()).isEqualTo(Transition.RESUMED);
    assertThat(history.get(999).at()).isEqualTo(kit.clock.instant());
    assertThat(kit.steps()).hasSize(10_001);
  }

  @Test
  void growingTheShareNeverTurnsAUserOff() {
    Rollout rollout = kit.start(r -> r.steps(0.01, 100).every(Duration.ofDays(365)));
    List<EvaluationContext> users = kit.users.subList(0, 300);
    // two distinct shares a < b, drawn without assumptions (a filter could exhaust the examples)
    qt().withExamples(60)
        .forAll(integers().between(1, 9_998), integers().between(1, 9_998))
        .checkAssert(
            (x, y) -> {
              int a = Math.min(x, y);
              int b = Math.max(x, y) + 1;
              kit.flags
                  .overrides()
                  .setFractionalWeights(
                      RolloutKit.FLAG, java.util.Map.of("on", a, "off", 10_000 - a));
              boolean[] onAtA = new boolean[users.size()];
              for (int i = 0; i < users.size(); i++) {
                onAtA[i] = kit.flags.booleanValue(RolloutKit.FLAG, false, users.get(i));
              }
              kit.flags
                  .overrides()
                  .setFractionalWeights(
                      RolloutKit.FLAG, java.util.Map.of("on", b, "off", 10_000 - b));
              for (int i = 0; i < users.size(); i++) {
                if (onAtA[i]) {
                  assertThat(kit.flags.booleanValue(RolloutKit.FLAG, false, users.get(i)))
                      .as("user %s on at %d bp must stay on at %d bp", i, a, b)
                      .isTrue();
                }
              }
            });
    assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
  }
}
