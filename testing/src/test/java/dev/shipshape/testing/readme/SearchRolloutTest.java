package dev.shipshape.testing.readme;

import static dev.shipshape.testing.ShipshapeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@ShipshapeTest
class SearchRolloutTest {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    app.flags(FlagSource.classpath("search-flags.json")) // new-search: a fractional on/off split
        .slo(Slo.named("search").objective(0.999))
        .rollout(
            "new-search",
            r -> r.steps(10, 50, 100).every(Duration.ofHours(1)).haltOn("search").rollBackOnHalt());
  }

  @Test
  void healthyTrafficTakesTheRolloutToEveryone(
      Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    for (int minute = 0; minute < 3 * 60; minute++) {
      ship.slo("search").record(1000, 0);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(ship.rollouts().get("new-search").state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(telemetry).sawRolloutPercents("new-search", 10, 50, 100);
  }

  @Test
  void errorsAtFiftyPercentHaltTheRolloutAndRollItBack(
      Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    Slo search = ship.slo("search");
    Rollout rollout = ship.rollouts().get("new-search");
    for (int minute = 0; minute < 3 * 60 && rollout.state() == RolloutState.RUNNING; minute++) {
      boolean broken = rollout.percent() >= 50; // the new search fails for half the users
      search.record(broken ? 500 : 1000, broken ? 500 : 0);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(rollout.state()).isEqualTo(RolloutState.ROLLED_BACK);
    assertThat(search).isFiring(Severity.PAGE);
    assertThat(telemetry)
        .firedAlert("search", Severity.PAGE)
        .sawRolloutTransitions(
            "new-search", Transition.STARTED, Transition.ADVANCED, Transition.HALTED, Transition.ROLLED_BACK)
        .sawRolloutPercents("new-search", 10, 50, 0);
  }
}
