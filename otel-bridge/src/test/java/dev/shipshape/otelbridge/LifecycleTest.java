package dev.shipshape.otelbridge;

import dev.shipshape.core.telemetry.TelemetryEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ManualClock;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  private static Set<String> metricNames(InMemoryOtel otel) {
    return otel.metrics.collectAllMetrics().stream()
        .map(MetricData::getName)
        .collect(Collectors.toSet());
  }

  @Test
  void bindingThroughTheFacadeRegistersSloAndSinkGaugesAndClosingStopsThem() {
    ManualClock clock = ManualClock.create();
    try (InMemoryOtel otel = new InMemoryOtel()) {
      Shipshape ship =
          Shipshape.builder()
              .clock(clock)
              .flags(FlagSource.inMemory())
              .slo(Slo.named("checkout").objective(0.999))
              .slo(Slo.named("search").objective(0.99))
              .telemetry(OtelTelemetry.of(otel.sdk))
              .build();
      Set<String> bound = metricNames(otel);
      assertThat(bound)
          .contains(
              "shipshape.slo.budget.remaining",
              "shipshape.slo.burn.rate",
              "shipshape.slo.alert.firing",
              "shipshape.telemetry.sink.failures");
      MetricData budget = otel.metric("shipshape.slo.budget.remaining").orElseThrow();
      assertThat(budget.getDoubleGaugeData().getPoints()).hasSize(2);

      ship.close();
      assertThat(metricNames(otel))
          .doesNotContain(
              "shipshape.slo.budget.remaining",
              "shipshape.slo.burn.rate",
              "shipshape.slo.alert.firing",
              "shipshape.telemetry.sink.failures");
    }
  }

  @Test
  void eventsAfterCloseAreIgnored() {
    try (InMemoryOtel otel = new InMemoryOtel()) {
      OtelTelemetry sink = OtelTelemetry.of(otel.sdk);
      sink.accept(HealthStatusChanged.ofProbe(Probe.READINESS, null, HealthStatus.UP, AT));
      sink.close();
      sink.accept(
          TelemetryEvents.evaluation("f", true, "on", dev.shipshape.flags.Reason.STATIC, null, AT));
      sink.accept(
          new GuardedCallCompleted(
              "payments", GuardedCallCompleted.Outcome.SUCCESS, 1, Duration.ZERO, null, false, AT));
      sink.accept(HealthStatusChanged.ofProbe(Probe.READINESS, null, HealthStatus.DOWN, AT));
      sink.close();

      assertThat(otel.finishedSpans()).isEmpty();
      assertThat(otel.logRecords()).hasSize(1);
      assertThat(metricNames(otel))
          .doesNotContain(
              "shipshape.flag.evaluations", "shipshape.guard.calls", "shipshape.health.status");
    }
  }
}
