package dev.shipshape.testing;

import dev.shipshape.core.health.HealthReport;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloSnapshot;

/**
 * Entry point of the AssertJ assertions for Shipshape's state: SLOs and their snapshots, health
 * reports and recorded telemetry. Needs AssertJ on the test classpath (the module declares it
 * {@code provided}); the extension itself does not.
 *
 * <pre>{@code
 * assertThat(ship.slo("checkout")).isFiring(Severity.PAGE).hasBurnRateAbove(Duration.ofHours(1), 14.4);
 * assertThat(ship.health().readiness()).isUp().hasCheck("db", HealthStatus.UP);
 * assertThat(recorder).evaluated("new-checkout", "on");
 * }</pre>
 */
public final class ShipshapeAssertions {

  private ShipshapeAssertions() {}

  /**
   * Assertions on a live SLO: budget, burn rates over any window, alert states.
   *
   * @param actual the SLO
   * @return the assertion
   */
  public static SloAssert assertThat(Slo actual) {
    return new SloAssert(actual);
  }

  /**
   * Assertions on one SLO snapshot: budget, SLI, burn rates, counts.
   *
   * @param actual the snapshot
   * @return the assertion
   */
  public static SloSnapshotAssert assertThat(SloSnapshot actual) {
    return new SloSnapshotAssert(actual);
  }

  /**
   * Assertions on a health report: the probe's status and each check's.
   *
   * @param actual the report
   * @return the assertion
   */
  public static HealthReportAssert assertThat(HealthReport actual) {
    return new HealthReportAssert(actual);
  }

  /**
   * Assertions on recorded telemetry: flag evaluations, alerts, health changes, rollout steps.
   *
   * @param actual the recorder
   * @return the assertion
   */
  public static TelemetryAssert assertThat(TelemetryRecorder actual) {
    return new TelemetryAssert(actual);
  }
}
