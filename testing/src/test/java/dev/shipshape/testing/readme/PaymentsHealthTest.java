package dev.shipshape.testing.readme;

import static dev.shipshape.testing.ShipshapeAssertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.TelemetryRecorder;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@ShipshapeTest
class PaymentsHealthTest {

  private final AtomicBoolean paymentsReachable = new AtomicBoolean(true);

  @ShipshapeSetup
  void application(Shipshape.Builder app) { // an instance method can use the test's fields
    app.healthCheck(
        "payments",
        () -> paymentsReachable.get() ? HealthResult.up() : HealthResult.down("connection refused"),
        Probe.READINESS);
  }

  @Test
  void readinessFollowsThePaymentsProvider(Health health, TelemetryRecorder telemetry) {
    assertThat(health.readiness()).isUp().hasCheck("payments", HealthStatus.UP);

    paymentsReachable.set(false);

    assertThat(health.readiness())
        .isDown()
        .hasHttpStatus(503)
        .hasCheckMessageContaining("payments", "connection refused");
    assertThat(telemetry).sawProbeStatuses(Probe.READINESS, HealthStatus.UP, HealthStatus.DOWN);
  }
}
