package dev.shipshape.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.core.testing.ObservedApp;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Slo;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Controls called at awkward moments through the facade: from a telemetry sink while the rollout
 * is in the middle of a transition, and after the application is closed.
 */
class RolloutReentrancyTest {

  private final ObservedApp observed = new ObservedApp();
  private Rollout rollout;

  /** An application whose extra sink calls {@code onStep} with the rollout and each event. */
  private Shipshape app(
      Consumer<RolloutConfig.Builder> options, Transition when, Consumer<Rollout> control) {
    Shipshape ship =
        observed
            .builder(FlagSource.inMemory().putFlag(RolloutKit.FLAG, RolloutKit.split(0, 100)))
            .slo(Slo.named("checkout").objective(0.999))
            .telemetry(
                e -> {
                  if (e instanceof RolloutStepChanged s && s.transition() == when) {
                    control.accept(rollout);
                  }
                })
            .rollout(RolloutKit.FLAG, options::accept)
            .build();
    rollout = ship.rollouts().get(RolloutKit.FLAG);
    return ship;
  }

  @Test
  void aSinkThatAbortsOnAHaltLeavesTheRolloutAbortedForGood() {
    try (Shipshape ship =
        app(
            r -> r.steps(5, 25, 100).haltOn("checkout").haltOnBudgetExhausted(false)
                .rollBackOnHalt(),
            Transition.HALTED,
            Rollout::abort)) {
      Slo checkout = ship.slo("checkout");
      while (rollout.state() == RolloutState.RUNNING) {
        for (int i = 0; i < 10; i++) {
          checkout.record(false);
        }
        observed.clock.advance(Duration.ofSeconds(1));
      }
      assertThat(rollout.state()).isEqualTo(RolloutState.ABORTED);
      assertThat(rollout.history())
          .extracting(RolloutAuditEntry::transition)
          .containsExactly(
              Transition.STARTED, Transition.HALTED, Transition.ROLLED_BACK, Transition.ABORTED);
      assertThat(rollout.resume()).isFalse();
      observed.clock.advance(Duration.ofHours(3));
      assertThat(rollout.percent()).isZero();
      assertThat(ship.flags().booleanValue(RolloutKit.FLAG, true, EvaluationContext.of("u1")))
          .isFalse();
    }
  }

  @Test
  void aSinkThatPausesOnAStepLeavesNothingArmedAndTheHistoryInOrder() {
    Shipshape ship = app(r -> r.steps(5, 25, 100), Transition.ADVANCED, Rollout::pause);
    try {
      observed.clock.advance(Duration.ofHours(1));
      assertThat(rollout.state()).isEqualTo(RolloutState.PAUSED);
      assertThat(rollout.percent()).isEqualTo(25.0);
      assertThat(rollout.nextStepAt()).isEmpty();
      assertThat(rollout.history())
          .extracting(RolloutAuditEntry::transition)
          .containsExactly(Transition.STARTED, Transition.ADVANCED, Transition.PAUSED);
      assertThat(observed.recorder.events(RolloutStepChanged.class))
          .extracting(RolloutStepChanged::transition)
          .containsExactly(Transition.STARTED, Transition.ADVANCED, Transition.PAUSED);
    } finally {
      ship.close();
    }
  }

  @Test
  void aSinkThatThrowsOnEveryStepKeepsNeitherTheScheduleNorTheControlsFromMovingIt() {
    try (Shipshape ship =
        app(
            r -> r.steps(5, 25, 50, 100),
            Transition.ADVANCED,
            r -> {
              throw new StackOverflowError("sink bug");
            })) {
      observed.clock.advance(Duration.ofHours(1));
      assertThat(rollout.percent()).isEqualTo(25.0);
      assertThat(rollout.nextStepAt()).contains(observed.clock.instant().plus(Duration.ofHours(1)));
      assertThat(rollout.advance()).isTrue();
      assertThat(rollout.percent()).isEqualTo(50.0);
      observed.clock.advance(Duration.ofHours(1));
      assertThat(rollout.state()).isEqualTo(RolloutState.COMPLETED);
      assertThat(ship.flags().booleanValue(RolloutKit.FLAG, false, EvaluationContext.of("u1")))
          .isTrue();
      assertThat(observed.recorder.events(RolloutStepChanged.class))
          .extracting(RolloutStepChanged::transition)
          .containsExactly(
              Transition.STARTED,
              Transition.ADVANCED,
              Transition.ADVANCED,
              Transition.ADVANCED,
              Transition.COMPLETED);
    }
  }

  @Test
  void afterCloseTheControlsChangeNeitherTheSplitNorTheState() {
    Shipshape ship = app(r -> r.steps(5, 25, 100), Transition.COMPLETED, r -> {});
    ship.close();
    assertThat(rollout.pause()).isFalse();
    assertThat(rollout.advance()).isFalse();
    assertThat(rollout.abort()).isFalse();
    assertThat(rollout.resume()).isFalse();
    assertThat(rollout.percent()).isEqualTo(5.0);
    assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
    assertThat(rollout.history()).hasSize(1);
  }
}
