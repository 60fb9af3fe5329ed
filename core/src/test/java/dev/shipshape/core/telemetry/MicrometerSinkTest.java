package dev.shipshape.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MicrometerSinkTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerSink sink = MicrometerSink.of(registry);

  private static FlagEvaluated evaluation(String flag, String variant, String reason) {
    return new FlagEvaluated(flag, true, variant, reason, null, null, Map.of(), T0);
  }

  @Test
  void countsFlagEvaluationsByFlagVariantAndReason() {
    sink.accept(evaluation("new-checkout", "on", "SPLIT"));
    sink.accept(evaluation("new-checkout", "on", "SPLIT"));
    sink.accept(evaluation("new-checkout", "off", "SPLIT"));
    sink.accept(
        new FlagEvaluated("new-checkout", false, null, "ERROR", "TYPE_MISMATCH", "not a string",
            Map.of(), T0));
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
          new FlagEvaluated("typo-" + i, false, null, "ERROR", "FLAG_NOT_FOUND", "no such flag",
              Map.of(), T0));
    }
    assertThat(registry.find("shipshape.flag.evaluations").counters())
        .hasSize(MicrometerSink.MAX_UNKNOWN_FLAG_TAGS + 1);
    assertThat(
            registry.get("shipshape.flag.evaluations").tags("flag", "_unknown").counter().count())
        .isEqualTo(500.0 - MicrometerSink.MAX_UNKNOWN_FLAG_TAGS);
  }

  @Test
  void healthGaugesFollowStatusChanges() {
    try (Health health = Health.builder().build()) {
      sink.bind(context(health, List.of()));
      assertThat(registry.get("shipshape.health.status").tags("probe", "readiness").gauge().value())
          .isNaN();
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
    sink.accept(new SloAlertFired("checkout", "page", h1, m5, 14.4, 20, 20, 0.03, 0.03, T0));
    assertThat(
            registry.get("shipshape.slo.alert.firing")
                .tags("slo", "checkout", "severity", "page", "long_window", "1h", "short_window", "5m")
                .gauge()
                .value())
        .isEqualTo(1.0);
    sink.accept(new SloAlertResolved("checkout", "page", h1, m5, 14.4, 2, 0, 0.003, 0.04, T0));
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
      sink.accept(evaluation("f", "on", "STATIC"));
      sink.accept(
          new GuardedCallCompleted(
              "payments", GuardedCallCompleted.Outcome.SUCCESS, 1, Duration.ofMillis(12), null,
              false, T0));
      assertThat(registry.getMeters()).isNotEmpty();
      sink.close();
      assertThat(registry.getMeters()).isEmpty();
    }
  }

  private static TelemetryContext context(Health health, List<String> sinks) {
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
      public dev.shipshape.flags.Flags flags() {
        throw new UnsupportedOperationException();
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
