package dev.shipshape.testing.readme;

import static dev.shipshape.testing.ShipshapeAssertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.StartAt;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

@ShipshapeTest
@StartAt("2026-03-01T09:00:00Z")
class CheckoutSloTest {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    app.slo(Slo.named("checkout").objective(0.999).window(Duration.ofDays(30)));
  }

  @Test
  void tenMinutesOfErrorsPageAndCleanTrafficResolves(
      Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    Slo checkout = ship.slo("checkout");
    for (int minute = 0; minute < 10; minute++) {
      checkout.record(900, 100); // 10% errors: a burn rate of 100
      clock.advance(Duration.ofMinutes(1)); // alerts are evaluated every 10 s as time passes
    }
    assertThat(checkout).isFiring(Severity.PAGE).hasBurnRateAbove(Duration.ofHours(1), 14.4);
    assertThat(telemetry).firedAlert("checkout", Severity.PAGE);

    for (int minute = 0; minute < 10; minute++) {
      checkout.record(1000, 0);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(checkout)
        .hasBurnRateOver(Duration.ofMinutes(5), 0, Offset.offset(0.001))
        .isNotFiringOver(Duration.ofHours(1)) // the fast pair resets quickly...
        .isFiringOver(Duration.ofHours(6)); // ...the slow one still sees the burst
    assertThat(telemetry).resolvedAlert("checkout", Severity.PAGE);
    // 1,000 bad events against a budget of 20: exhausted, which is informational only.
    assertThat(checkout.snapshot()).hasCounts(19_000, 1_000).isExhausted();
    assertThat(ship.health().readiness()).isUp().hasCheck("slo-budget:checkout", HealthStatus.DOWN);
  }
}
