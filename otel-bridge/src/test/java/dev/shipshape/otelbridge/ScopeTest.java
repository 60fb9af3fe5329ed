package dev.shipshape.otelbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScopeTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void everySignalUsesTheShipshapeScopeWithTheLibraryVersion() {
    String expected = System.getProperty("shipshape.version");
    assertThat(expected).as("the build passes the project version").isNotBlank();
    assertThat(OtelTelemetry.instrumentationVersion()).isEqualTo(expected);
    InstrumentationScopeInfo scope =
        InstrumentationScopeInfo.builder("dev.shipshape").setVersion(expected).build();

    try (InMemoryOtel otel = new InMemoryOtel()) {
      OtelTelemetry sink = OtelTelemetry.of(otel.sdk);
      sink.accept(
          new GuardedCallCompleted(
              "payments", GuardedCallCompleted.Outcome.SUCCESS, 1, Duration.ofMillis(3), null,
              false, AT));
      sink.accept(HealthStatusChanged.ofProbe(Probe.LIVENESS, null, HealthStatus.UP, AT));

      assertThat(otel.finishedSpans()).singleElement()
          .satisfies(s -> assertThat(s.getInstrumentationScopeInfo()).isEqualTo(scope));
      assertThat(otel.logRecords()).singleElement()
          .satisfies(r -> assertThat(r.getInstrumentationScopeInfo()).isEqualTo(scope));
      assertThat(otel.metrics.collectAllMetrics())
          .isNotEmpty()
          .extracting(MetricData::getInstrumentationScopeInfo)
          .containsOnly(scope);
    }
  }
}
