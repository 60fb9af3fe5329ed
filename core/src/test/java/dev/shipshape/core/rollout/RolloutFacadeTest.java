package dev.shipshape.core.rollout;

import static dev.shipshape.core.testing.ConfigProblems.assertProblems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.ConfigurationException;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.testing.ObservedApp;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.slo.Slo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rollouts as an application gets them from the facade, halted by its SLO evaluation. */
class RolloutFacadeTest {

  private final ObservedApp observed = new ObservedApp();
  private final InMemoryFlagSource flags =
      FlagSource.inMemory()
          .putFlag(RolloutKit.FLAG, RolloutKit.split(0, 100))
          .putBoolean("dark-mode", false);

  private Shipshape.Builder app() {
    return observed.builder(flags).slo(Slo.named("checkout").objective(0.999));
  }

  @Test
  void theFacadesAlertEvaluationHaltsTheRolloutWhenTheNewCheckoutFails() {
    try (Shipshape ship =
        app()
            .rollout(
                RolloutKit.FLAG,
                r ->
                    r.steps(10, 50, 100)
                        .every(Duration.ofHours(1))
                        .haltOn("checkout")
                        .haltOnBudgetExhausted(false)
                        .rollBackOnHalt())
            .build()) {
      Rollout rollout = ship.rollouts().get(RolloutKit.FLAG);
      assertThat(rollout.percent()).isEqualTo(10.0);
      Slo checkout = ship.slo("checkout");
      int user = 0;
      for (int second = 0;
          second < 3 * 3600 && rollout.state() == RolloutState.RUNNING;
          second += 5) {
        for (int i = 0; i < 25; i++) {
          EvaluationContext ctx = EvaluationContext.of("user-" + (user++ % 2000));
          boolean onNew = ship.flags().booleanValue(RolloutKit.FLAG, false, ctx);
          checkout.record(!(onNew && rollout.percent() >= 50));
        }
        observed.clock.advance(Duration.ofSeconds(5));
      }
      assertThat(rollout.state()).isEqualTo(RolloutState.ROLLED_BACK);
      assertThat(ship.flags().booleanValue(RolloutKit.FLAG, true, EvaluationContext.of("user-1")))
          .isFalse();
      assertThat(observed.recorder.events(RolloutStepChanged.class))
          .extracting(RolloutStepChanged::transition, RolloutStepChanged::toPercent)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Transition.STARTED, 10.0),
              org.assertj.core.groups.Tuple.tuple(Transition.ADVANCED, 50.0),
              org.assertj.core.groups.Tuple.tuple(Transition.HALTED, 50.0),
              org.assertj.core.groups.Tuple.tuple(Transition.ROLLED_BACK, 0.0));
      assertThat(
              observed.registry
                  .get("shipshape.rollout.percent")
                  .tags("flag", RolloutKit.FLAG)
                  .gauge()
                  .value())
          .isZero();
      assertThat(
              observed.registry
                  .get("shipshape.rollout.transitions")
                  .tags("flag", RolloutKit.FLAG, "transition", "halted")
                  .counter()
                  .count())
          .isEqualTo(1.0);
      RolloutAuditEntry halted = rollout.history().get(2);
      assertThat(halted.reason())
          .startsWith("slo 'checkout' page alert ")
          .contains(" fired: burn rates ");
      // Half the traffic fails at 50%: a burn rate near 500, over 13.44 within about 97 s;
      // alerts are evaluated every 10 s and traffic arrives every 5 s.
      assertThat(Duration.between(rollout.history().get(1).at(), halted.at()))
          .isLessThanOrEqualTo(Duration.ofSeconds(97 + 10 + 5));
    }
  }

  @Test
  void buildRefusesARolloutOfAFlagWithoutATwoWaySplit() {
    assertProblems(
            ConfigurationException.class,
            () ->
                app()
                    .rollout("dark-mode", r -> r.haltOn("checkout"))
                    .rollout(RolloutKit.FLAG, r -> r.haltOn("chekout"))
                    .build())
        .containsExactly(
            "rollouts.new-checkout.haltOn was 'chekout' but must be one of [checkout]");
    assertProblems(
            ConfigurationException.class,
            () -> app().rollout("dark-mode", r -> r.haltOn("checkout")).build())
        .singleElement()
        .asString()
        .startsWith(
            "rollouts.dark-mode.flag was 'dark-mode' but its targeting is not a"
                + " top-level fractional split");
  }
}
