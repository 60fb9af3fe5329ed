package dev.shipshape.otelbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.SloAlertFired;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.testing.LogCapture;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoopAndIsolationTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  private static List<TelemetryEvent> someEvents() {
    return List.of(
        new FlagEvaluated("f", true, "on", "SPLIT", null, null, Map.of(), AT),
        new GuardedCallCompleted(
            "payments",
            GuardedCallCompleted.Outcome.FAILURE,
            1,
            Duration.ofMillis(5),
            new IllegalStateException("x"),
            false,
            AT),
        HealthStatusChanged.ofCheck("db", null, HealthStatus.DOWN, "refused", AT),
        new SloAlertFired(
            "checkout", "page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4, 20, 20, 0.03,
            0.1, AT));
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
      assertThat(sink.failures()).isZero();
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
    SpanExporter failingSpans =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            throw new IllegalStateException("collector down");
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    LogRecordExporter failingLogs =
        new LogRecordExporter() {
          @Override
          public CompletableResultCode export(Collection<LogRecordData> logs) {
            throw new IllegalStateException("collector down");
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    SpanProcessor throwingProcessor =
        new SpanProcessor() {
          @Override
          public void onStart(Context parentContext, ReadWriteSpan span) {
            throw new IllegalStateException("processor broken on start");
          }

          @Override
          public boolean isStartRequired() {
            return true;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            throw new IllegalStateException("processor broken on end");
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }
        };
    java.util.logging.Logger sdkLog = java.util.logging.Logger.getLogger("io.opentelemetry");
    java.util.logging.Level sdkLevel = sdkLog.getLevel();
    sdkLog.setLevel(java.util.logging.Level.OFF);
    try (OpenTelemetrySdk sdk =
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(failingSpans))
                        .addSpanProcessor(throwingProcessor)
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
    } finally {
      sdkLog.setLevel(sdkLevel);
    }
  }

  @Test
  void aThrowingSdkIsCountedAndLoggedOncePerCause() {
    Tracer broken =
        name -> {
          throw new UnsupportedOperationException("tracer broken");
        };
    OpenTelemetry throwing =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return new TracerProvider() {
              @Override
              public Tracer get(String instrumentationScopeName) {
                return broken;
              }

              @Override
              public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
                return broken;
              }

              @Override
              public TracerBuilder tracerBuilder(String instrumentationScopeName) {
                return new TracerBuilder() {
                  @Override
                  public TracerBuilder setSchemaUrl(String schemaUrl) {
                    return this;
                  }

                  @Override
                  public TracerBuilder setInstrumentationVersion(String version) {
                    return this;
                  }

                  @Override
                  public Tracer build() {
                    return broken;
                  }
                };
              }
            };
          }

          @Override
          public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
          }
        };
    try (LogCapture log = LogCapture.of("dev.shipshape.otelbridge", Level.WARN)) {
      OtelTelemetry sink = OtelTelemetry.of(throwing);
      GuardedCallCompleted call =
          new GuardedCallCompleted(
              "payments", GuardedCallCompleted.Outcome.SUCCESS, 1, Duration.ZERO, null, false, AT);
      for (int i = 0; i < 5; i++) {
        assertThatCode(() -> sink.accept(call)).doesNotThrowAnyException();
      }
      assertThat(sink.failures()).isEqualTo(5);
      assertThat(log.events()).hasSize(1);
      assertThat(LogCapture.keyValues(log.events().get(0)))
          .containsEntry("signal", "GUARDED_CALL_COMPLETED")
          .containsEntry("exception", "java.lang.UnsupportedOperationException");
    }
  }
}
