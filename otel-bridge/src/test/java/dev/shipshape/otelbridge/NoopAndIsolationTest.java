package dev.shipshape.otelbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetryEvents;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Reason;
import dev.shipshape.testsupport.LogCapture;
import dev.shipshape.time.ManualClock;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NoopAndIsolationTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  private static List<TelemetryEvent> someEvents() {
    return List.of(
        TelemetryEvents.evaluation("f", true, "on", Reason.SPLIT, null, AT),
        new GuardedCallCompleted(
            "payments",
            GuardedCallCompleted.Outcome.FAILURE,
            1,
            Duration.ofMillis(5),
            new IllegalStateException("x"),
            false,
            AT),
        HealthStatusChanged.ofCheck("db", null, HealthStatus.DOWN, "refused", AT),
        TelemetryEvents.fired(
            "checkout", dev.shipshape.slo.Severity.PAGE, Duration.ofHours(1),
            Duration.ofMinutes(5), 14.4, 20, 20, 0.03, 0.1, AT));
  }

  @Test
  void theNoopInstanceWantsNothingSoNoEventIsEvenCreated() {
    OtelTelemetry sink = OtelTelemetry.of(OpenTelemetry.noop());
    assertThat(sink.isNoop()).isTrue();
    for (TelemetryEvent.Kind kind : TelemetryEvent.Kind.values()) {
      assertThat(sink.wants(kind)).as("wants %s", kind).isFalse();
    }
    assertThat(OtelTelemetry.of(OpenTelemetry.propagating(ContextPropagators.noop())).isNoop())
        .isTrue();
  }

  @Test
  void theNoopInstanceAddsNothingToTheCurrentSpan() {
    try (InMemoryOtel otel = new InMemoryOtel()) {
      OtelTelemetry sink = OtelTelemetry.of(OpenTelemetry.noop());
      Span span = otel.sdk.getTracer("test").spanBuilder("request").startSpan();
      Scope scope = span.makeCurrent();
      try {
        for (TelemetryEvent e : someEvents()) {
          sink.accept(e);
        }
      } finally {
        scope.close();
        span.end();
      }
      assertThat(otel.finishedSpans()).hasSize(1);
      assertThat(otel.finishedSpans().get(0).getEvents()).isEmpty();
      assertThat(otel.logRecords()).isEmpty();
      assertThat(otel.metrics.collectAllMetrics()).isEmpty();
    }
  }

  @Test
  void aTracingOnlyInstanceWantsOnlyWhatBecomesSpansOrSpanEvents() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetry tracingOnly =
        OpenTelemetry.propagating(ContextPropagators.noop());
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    OpenTelemetry withTraces =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return tracerProvider;
          }

          @Override
          public ContextPropagators getPropagators() {
            return tracingOnly.getPropagators();
          }
        };
    OtelTelemetry sink = OtelTelemetry.of(withTraces);
    assertThat(sink.isNoop()).isFalse();
    assertThat(sink.wants(TelemetryEvent.Kind.FLAG_EVALUATED)).isTrue();
    assertThat(sink.wants(TelemetryEvent.Kind.GUARDED_CALL_COMPLETED)).isTrue();
    assertThat(sink.wants(TelemetryEvent.Kind.HEALTH_STATUS_CHANGED)).isFalse();
    assertThat(sink.wants(TelemetryEvent.Kind.SLO_ALERT_FIRED)).isFalse();
    for (TelemetryEvent e : someEvents()) {
      sink.accept(e);
    }
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
        .containsExactly("guard payments");
    tracerProvider.close();
  }

  @Test
  void failingExportersNeverReachTheCaller() {
    FailingSpans failingSpans = new FailingSpans();
    FailingLogs failingLogs = new FailingLogs();
    java.util.logging.Logger sdkLog = java.util.logging.Logger.getLogger("io.opentelemetry");
    java.util.logging.Level sdkLevel = sdkLog.getLevel();
    sdkLog.setLevel(java.util.logging.Level.OFF);
    try (OpenTelemetrySdk sdk =
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(failingSpans))
                        .build())
                .setLoggerProvider(
                    SdkLoggerProvider.builder()
                        .addLogRecordProcessor(SimpleLogRecordProcessor.create(failingLogs))
                        .build())
                .build()) {
      OtelTelemetry sink = OtelTelemetry.builder(sdk).flagEvaluationLogEvents(true).build();
      for (int i = 0; i < 3; i++) {
        for (TelemetryEvent e : someEvents()) {
          assertThatCode(() -> sink.accept(e)).doesNotThrowAnyException();
        }
      }
      assertThat(failingSpans.exports).as("guard spans reached the exporter").hasValue(3);
      assertThat(failingLogs.exports)
          .as("flag, health and alert events reached the exporter")
          .hasValue(9);
    } finally {
      sdkLog.setLevel(sdkLevel);
    }
  }

  /** An exporter to a collector that is down: each export is counted and throws. */
  private abstract static class FailingExporter {
    final AtomicInteger exports = new AtomicInteger();

    CompletableResultCode fail() {
      exports.incrementAndGet();
      throw new IllegalStateException("collector down");
    }

    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private static final class FailingSpans extends FailingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return fail();
    }
  }

  private static final class FailingLogs extends FailingExporter implements LogRecordExporter {
    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      return fail();
    }
  }

  @Test
  void aThrowingSdkNeverReachesTheApplicationAndIsCountedAgainstTheSink() {
    ManualClock clock = ManualClock.create();
    try (InMemoryOtel otel = new InMemoryOtel();
        LogCapture log = LogCapture.of("dev.shipshape.core.internal.TelemetryHub", Level.WARN);
        Shipshape ship =
            Shipshape.builder()
                .clock(clock)
                .flags(FlagSource.inMemory().putBoolean("new-checkout", true))
                .telemetry(OtelTelemetry.of(otel.sdk))
                .build()) {
      Span broken = new SpanWhoseEventsThrow();
      Scope scope = broken.makeCurrent();
      try {
        for (int i = 0; i < 3; i++) {
          assertThat(ship.flags().booleanValue("new-checkout", false)).isTrue();
        }
      } finally {
        scope.close();
      }

      MetricData failures = otel.metric("shipshape.telemetry.sink.failures").orElseThrow();
      assertThat(failures.getLongSumData().getPoints())
          .anySatisfy(
              p -> {
                assertThat(p.getAttributes().get(AttributeKey.stringKey("sink")))
                    .isEqualTo("opentelemetry");
                assertThat(p.getValue()).isEqualTo(3);
              });
      assertThat(log.events()).hasSize(1);
      assertThat(LogCapture.keyValues(log.events().get(0)))
          .containsEntry("sink", "opentelemetry")
          .containsEntry("exception", "java.lang.UnsupportedOperationException");
      MetricData evaluations = otel.metric("shipshape.flag.evaluations").orElseThrow();
      assertThat(evaluations.getLongSumData().getPoints())
          .singleElement()
          .satisfies(p -> assertThat(p.getValue()).isEqualTo(3));
    }
  }

  /** A recording span whose SDK fails when an event is added. */
  private static final class SpanWhoseEventsThrow implements Span {
    @Override
    public <T> Span setAttribute(AttributeKey<T> key, T value) {
      return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes) {
      throw new UnsupportedOperationException("span events broken");
    }

    @Override
    public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
      throw new UnsupportedOperationException("span events broken");
    }

    @Override
    public Span setStatus(StatusCode statusCode, String description) {
      return this;
    }

    @Override
    public Span recordException(Throwable exception, Attributes additionalAttributes) {
      return this;
    }

    @Override
    public Span updateName(String name) {
      return this;
    }

    @Override
    public void end() {}

    @Override
    public void end(long timestamp, TimeUnit unit) {}

    @Override
    public SpanContext getSpanContext() {
      return SpanContext.getInvalid();
    }

    @Override
    public boolean isRecording() {
      return true;
    }
  }
}
