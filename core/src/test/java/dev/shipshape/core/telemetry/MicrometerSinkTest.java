package dev.shipshape.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.shipshape.core.telemetry.TelemetryEvents.fired;
import static dev.shipshape.core.telemetry.TelemetryEvents.resolved;

import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.Reason;
import dev.shipshape.slo.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicrometerSinkTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerSink sink = MicrometerSink.of(registry);
  private final Flags flags = Flags.builder().build();

  @AfterEach
  void closeFlags() {
    flags.close();
  }

  private static FlagEvaluated evaluation(String flag, String variant, Reason reason) {
    return TelemetryEvents.evaluation(flag, true, variant, reason, null, T0);
  }

  @Test
  void countsFlagEvaluationsByFlagVariantAndReason() {
    sink.accept(evaluation("new-checkout", "on", Reason.SPLIT));
    sink.accept(evaluation("new-checkout", "on", Reason.SPLIT));
    sink.accept(evaluation("new-checkout", "off", Reason.SPLIT));
    sink.accept(
        TelemetryEvents.evaluation(
            "new-checkout", false, null, Reason.ERROR, ErrorCode.TYPE_MISMATCH, T0));
    assertThat(
            registry.get("shipshape.flag.evaluations")
                .tags("flag", "new-checkout", "variant", "on", "reason", "split", "error", "none")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry.get("shipshape.flag.evaluations").tags("variant", "off").counter().count())
        .isEqualTo(1.0);
    assertThat(
            registry.get("shipshape.flag.evaluations")
                .tags("variant", "none", "reason", "error", "error", "type_mismatch")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void undefinedFlagKeysAreCappedSoCallersCannotExplodeCardinality() {
    for (int i = 0; i < 500; i++) {
      sink.accept(
          TelemetryEvents.evaluation(
              "typo-" + i, false, null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND, T0));
    }
    assertThat(registry.find("shipshape.flag.evaluations").counters())
        .hasSize(MeterCatalogue.MAX_UNKNOWN_FLAG_TAGS + 1);
    assertThat(
            registry.get("shipshape.flag.evaluations").tags("flag", "_unknown").counter().count())
        .isEqualTo(500.0 - MeterCatalogue.MAX_UNKNOWN_FLAG_TAGS);
  }

  @Test
  void healthGaugesAreMinusOneUntilTheFirstReportAndThenFollowStatusChanges() {
    // Regression: the gauges were NaN before the first report, which alerts on "!= 1" matched.
    try (Health health = Health.builder().check("db", HealthResult::up, Probe.READINESS).build()) {
      sink.bind(context(health, List.of()));
      for (Probe probe : Probe.values()) {
        assertThat(
                registry.get("shipshape.health.status").tags("probe", probe.label()).gauge().value())
            .isEqualTo(-1.0);
      }
      assertThat(registry.get("shipshape.health.check.status").tags("check", "db").gauge().value())
          .isEqualTo(-1.0);
      sink.accept(HealthStatusChanged.ofProbe(Probe.READINESS, null, HealthStatus.UP, T0));
      sink.accept(HealthStatusChanged.ofCheck("db", null, HealthStatus.DOWN, "refused", T0));
      assertThat(registry.get("shipshape.health.status").tags("probe", "readiness").gauge().value())
          .isEqualTo(1.0);
      assertThat(registry.get("shipshape.health.check.status").tags("check", "db").gauge().value())
          .isEqualTo(0.0);
      sink.accept(
          HealthStatusChanged.ofProbe(
              Probe.READINESS, HealthStatus.UP, HealthStatus.OUT_OF_SERVICE, T0));
      assertThat(registry.get("shipshape.health.status").tags("probe", "readiness").gauge().value())
          .isEqualTo(0.0);
    }
  }

  @Test
  void alertPairGaugeIsOneWhileFiring() {
    Duration h1 = Duration.ofHours(1);
    Duration m5 = Duration.ofMinutes(5);
    SloAlertFired page = fired("checkout", Severity.PAGE, h1, m5, 14.4, 20, 20, 0.03, 0.03, T0);
    sink.accept(page);
    assertThat(
            registry.get("shipshape.slo.alert.firing")
                .tags("slo", "checkout", "severity", "page", "long_window", "1h", "short_window", "5m")
                .gauge()
                .value())
        .isEqualTo(1.0);
    sink.accept(resolved(page, 2, 0, 0.04, T0));
    assertThat(registry.get("shipshape.slo.alert.firing").gauge().value()).isEqualTo(0.0);
    assertThat(
            registry.get("shipshape.slo.alert.changes").tags("state", "fired").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void sinkFailuresAreExportedPerSink() {
    try (Health health = Health.builder().build()) {
      sink.bind(context(health, List.of("micrometer", "broken")));
      assertThat(
              registry.get("shipshape.telemetry.sink.failures")
                  .tags("sink", "broken")
                  .functionCounter()
                  .count())
          .isEqualTo(7.0);
      assertThat(
              registry.get("shipshape.telemetry.sink.failures")
                  .tags("sink", "micrometer")
                  .functionCounter()
                  .count())
          .isEqualTo(0.0);
    }
  }

  @Test
  void closeRemovesEveryMeterItRegistered() {
    try (Health health = Health.builder().build()) {
      sink.bind(context(health, List.of("micrometer")));
      sink.accept(evaluation("f", "on", Reason.STATIC));
      sink.accept(
          new GuardedCallCompleted(
              "payments", GuardedCallCompleted.Outcome.SUCCESS, 1, Duration.ofMillis(12), null,
              false, T0));
      assertThat(registry.getMeters()).isNotEmpty();
      sink.close();
      assertThat(registry.getMeters()).isEmpty();
    }
  }

  private TelemetryContext context(Health health, List<String> sinks) {
    return new TelemetryContext() {
      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public Health health() {
        return health;
      }

      @Override
      public Flags flags() {
        return flags;
      }

      @Override
      public Map<String, dev.shipshape.slo.Slo> slos() {
        return Map.of();
      }

      @Override
      public List<String> sinkNames() {
        return sinks;
      }

      @Override
      public long sinkFailures(String sinkName) {
        return sinkName.equals("broken") ? 7 : 0;
      }
    };
  }
}
