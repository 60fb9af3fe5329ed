package dev.shipshape.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * Two applications exporting to one registry (a component restarted in place, or tests sharing a
 * registry): each reports its own state while it is the latest, and closing one never takes the
 * other's meters with it.
 */
class SharedMeterRegistryTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private Shipshape application(boolean dbUp) {
    return Shipshape.builder()
        .clock(ManualClock.create())
        .logging(false)
        .healthExecutor(Runnable::run) // checks report before readiness() returns
        .slo(Slo.named("checkout").objective(0.99))
        .healthCheck(
            "db", () -> dbUp ? HealthResult.up() : HealthResult.down("gone"), Probe.READINESS)
        .meterRegistry(registry)
        .build();
  }

  private double events(String outcome) {
    return registry
        .get("shipshape.slo.events")
        .tags("slo", "checkout", "outcome", outcome)
        .functionCounter()
        .count();
  }

  private double budgetRemaining() {
    return registry.get("shipshape.slo.budget.remaining").tags("slo", "checkout").gauge().value();
  }

  private double dbStatus() {
    return registry.get("shipshape.health.check.status").tags("check", "db").gauge().value();
  }

  @Test
  void anApplicationStartedAfterAnotherClosedReportsItsOwnState() {
    Shipshape first = application(true);
    first.slo("checkout").record(1000, 0);
    first.health().readiness();
    first.close();

    try (Shipshape second = application(false)) {
      second.slo("checkout").record(90, 10);
      assertThat(second.health().readiness().status()).isEqualTo(HealthStatus.DOWN);

      assertThat(events("good")).isEqualTo(90);
      assertThat(events("bad")).isEqualTo(10);
      assertThat(budgetRemaining()).isEqualTo(second.slo("checkout").snapshot().budgetRemaining());
      assertThat(dbStatus()).isZero();
    }
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void theLatestApplicationsGaugesWinAndOutliveTheFirstsClose() {
    Shipshape first = application(true);
    first.slo("checkout").record(1000, 0);
    assertThat(first.health().readiness().status()).isEqualTo(HealthStatus.UP);

    try (Shipshape second = application(false)) {
      second.slo("checkout").record(90, 10);
      assertThat(second.health().readiness().status()).isEqualTo(HealthStatus.DOWN);
      double secondsBudget = second.slo("checkout").snapshot().budgetRemaining();

      // gauges show the latest application; the events counter counts both, as one process
      assertThat(budgetRemaining()).as("budget while both run").isEqualTo(secondsBudget);
      assertThat(dbStatus()).as("db while both run").isZero();
      assertThat(events("good")).isEqualTo(1090);
      assertThat(events("bad")).isEqualTo(10);

      first.close();

      assertThat(budgetRemaining()).as("budget after the first closed").isEqualTo(secondsBudget);
      assertThat(dbStatus()).as("db after the first closed").isZero();
      assertThat(events("good")).isEqualTo(90);
      assertThat(events("bad")).isEqualTo(10);
      second.slo("checkout").record(10, 0);
      assertThat(events("good")).isEqualTo(100);
    } finally {
      first.close();
    }
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void closingTheLatestApplicationHandsTheGaugesBackToTheOneStillRunning() {
    try (Shipshape first = application(true)) {
      assertThat(first.health().readiness().status()).isEqualTo(HealthStatus.UP);
      try (Shipshape second = application(false)) {
        assertThat(second.health().readiness().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(dbStatus()).isZero();
      }
      assertThat(dbStatus()).isEqualTo(1.0);
      first.slo("checkout").record(5, 5);
      assertThat(events("bad")).isEqualTo(5);
    }
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void countersRegisteredLaterByEitherApplicationSurviveTheOthersClose() {
    Shipshape first = application(true);
    try (Shipshape second = application(true)) {
      first.flags().booleanValue("missing", false);
      second.flags().booleanValue("missing", false);
      first.close();
      second.flags().booleanValue("missing", false);

      assertThat(
              registry.get("shipshape.flag.evaluations").tags("flag", "missing").counter().count())
          .isEqualTo(3);
    } finally {
      first.close();
    }
    assertThat(registry.getMeters()).isEmpty();
  }
}
