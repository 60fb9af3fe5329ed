package dev.shipshape.testing.readme;

import static dev.shipshape.testing.ShipshapeAssertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@ShipshapeTest
class HangingCheckTest {

  private final CountDownLatch databaseAnswers = new CountDownLatch(1);

  @ShipshapeSetup
  void application(Shipshape.Builder app) {
    app.healthCheck(
        "database",
        () -> {
          databaseAnswers.await(); // hangs until the test lets it go
          return HealthResult.up();
        },
        Probe.READINESS);
  }

  @Test
  void aHangingCheckIsDownOnceTheClockPassesItsTimeout(Health health, ManualClock clock) {
    CompletableFuture<HealthReport> report =
        health.reportAsync(Probe.READINESS).toCompletableFuture();

    clock.advance(Duration.ofSeconds(2)); // the default check timeout

    assertThat(report.join())
        .isDown()
        .hasCheck("database", HealthStatus.DOWN)
        .hasCheckMessageContaining("database", "timed out");
  }

  @AfterEach
  void releaseTheCheck() {
    databaseAnswers.countDown();
  }
}
