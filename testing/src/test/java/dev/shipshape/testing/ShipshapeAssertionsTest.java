package dev.shipshape.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.shipshape.core.health.CheckReport;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloSnapshot;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The assertions pass on the state they describe and fail, saying why, on any other. */
class ShipshapeAssertionsTest {

  private final ManualClock clock = ManualClock.create();

  private Slo checkoutWithTenPercentErrorsForTenMinutes() {
    Slo slo = Slo.create(Slo.named("checkout").objective(0.999).window(Duration.ofDays(30)).build(), clock);
    for (int minute = 0; minute < 10; minute++) {
      slo.record(900, 100);
      clock.advance(Duration.ofMinutes(1));
    }
    slo.evaluate();
    return slo;
  }

  @Test
  void sloAssertionsReadBurnRatesBudgetAndAlertStates() {
    Slo slo = checkoutWithTenPercentErrorsForTenMinutes();

    ShipshapeAssertions.assertThat(slo)
        .isFiring(Severity.PAGE)
        .isFiringOver(Duration.ofHours(1))
        .hasBurnRateOver(Duration.ofHours(1), 100, offset(0.01))
        .hasBurnRateAbove(Duration.ofHours(1), 14.4)
        .hasBurnRateAtMost(Duration.ofHours(1), 100.01)
        .isExhausted()
        .hasBudgetRemaining(1 - 1000 / 10.0, offset(0.01)); // 0.1% of 10,000 allows 10 bad

    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(slo).isNotFiring(Severity.PAGE))
        .hasMessageContaining("Expected SLO 'checkout' not to be firing a page alert")
        .hasMessageContaining("page 1h/5m factor 14.400: firing, burn 100.000/100.000");
    assertThatThrownBy(
            () -> ShipshapeAssertions.assertThat(slo).hasBurnRateAtMost(Duration.ofHours(1), 14.4))
        .hasMessageContaining("to burn at most 14.4 over 1h but it burned at 100");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(slo).isNotExhausted())
        .hasMessageContaining("Expected SLO 'checkout' to have budget left but it was exhausted")
        .hasMessageContaining("good=9000, bad=1000");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(slo).isFiringOver(Duration.ofHours(2)))
        .hasMessageContaining("to have an alert pair with long window 2h");
  }

  @Test
  void sloAssertionsFailOnAHealthySlo() {
    Slo slo = Slo.create(Slo.named("search").objective(0.99).build(), clock);
    slo.record(1000, 0);
    slo.evaluate();

    ShipshapeAssertions.assertThat(slo).isNotFiring(Severity.PAGE).isNotExhausted();
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(slo).isFiring(Severity.TICKET))
        .hasMessageContaining("Expected SLO 'search' to be firing a ticket alert but no ticket pair was");
    assertThatThrownBy(
            () -> ShipshapeAssertions.assertThat(slo).hasBurnRateAbove(Duration.ofMinutes(5), 1))
        .hasMessageContaining("to burn faster than 1.0 over 5m but it burned at 0");
  }

  @Test
  void snapshotAssertionsCheckTheNumbersOfTheWindow() {
    SloSnapshot snapshot = checkoutWithTenPercentErrorsForTenMinutes().snapshot();

    ShipshapeAssertions.assertThat(snapshot)
        .hasCounts(9000, 1000)
        .hasSli(0.9, offset(1e-9))
        .hasBurnRate(100, offset(0.01))
        .hasBudgetRemainingBelow(0)
        .hasBudgetRemainingAtLeast(-200)
        .isExhausted();

    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(snapshot).hasCounts(9000, 999))
        .hasMessage(
            "Expected SLO 'checkout' to count 9000 good and 999 bad but it counted 9000 good and"
                + " 1000 bad");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(snapshot).hasBudgetRemainingAtLeast(0.5))
        .hasMessageContaining("to have at least 0.5 of its budget left");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(snapshot).hasNoData())
        .hasMessageContaining("to have no data");
    assertThatThrownBy(
            () -> ShipshapeAssertions.assertThat(snapshot).hasCurrentBurnRate(1, offset(0.1)))
        .hasMessageContaining("to burn at 1.0 now");
  }

  @Test
  void healthReportAssertionsNameTheProbeAndTheChecks() {
    Instant now = clock.instant();
    HealthReport report =
        new HealthReport(
            Probe.READINESS,
            HealthStatus.DOWN,
            List.of(
                new CheckReport("db", HealthStatus.UP, null, Map.of(), Duration.ZERO, now, Duration.ZERO, true),
                new CheckReport(
                    "payments",
                    HealthStatus.DOWN,
                    "connection refused",
                    Map.of(),
                    Duration.ofMillis(3),
                    now,
                    Duration.ZERO,
                    true)),
            now);

    ShipshapeAssertions.assertThat(report)
        .isDown()
        .hasHttpStatus(503)
        .hasCheck("db", HealthStatus.UP)
        .hasCheck("payments", HealthStatus.DOWN)
        .hasCheckMessageContaining("payments", "refused")
        .doesNotHaveCheck("cache");

    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(report).isUp())
        .hasMessage(
            "Expected the readiness probe to be UP but it was DOWN; checks: [db=UP, payments=DOWN]");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(report).hasCheck("payments", HealthStatus.UP))
        .hasMessage(
            "Expected check 'payments' of the readiness probe to be UP but it was DOWN (connection"
                + " refused)");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(report).hasCheck("cache", HealthStatus.UP))
        .hasMessage(
            "Expected the readiness probe to list check 'cache' but it lists: [db=UP, payments=DOWN]");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(report).hasHttpStatus(200))
        .hasMessageContaining("to answer HTTP 200 but it answers 503");
  }
}
