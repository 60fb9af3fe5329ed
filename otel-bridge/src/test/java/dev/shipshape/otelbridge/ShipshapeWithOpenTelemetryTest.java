package dev.shipshape.otelbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ManualClock;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bridge wired into a whole application through the facade, as the README shows it. */
class ShipshapeWithOpenTelemetryTest {

  private static final String FLAGS =
      "{\"flags\":{\"new-checkout\":{\"state\":\"ENABLED\","
          + "\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\","
          + "\"targeting\":{\"fractional\":[[\"on\",50],[\"off\",50]]}}},"
          + "\"metadata\":{\"flagSetId\":\"shop\"}}";

  /** The README's wiring, verbatim. */
  static Shipshape start(OpenTelemetry openTelemetry, Clock clock, FlagSource flags) {
    return Shipshape.builder()
        .clock(clock)
        .flags(flags)
        .slo(Slo.named("checkout").objective(0.99))
        .healthCheck("db", HealthResult::up, Probe.READINESS)
        .telemetry(OtelTelemetry.of(openTelemetry))
        .build();
  }

  @Test
  void anApplicationReportsFlagsSlosAndHealthThroughOpenTelemetry() {
    ManualClock clock = ManualClock.create();
    InMemoryFlagSource flagSource = FlagSource.inMemory().setDocument(FLAGS);
    try (InMemoryOtel otel = new InMemoryOtel()) {
      OpenTelemetry openTelemetry = otel.sdk;

      try (Shipshape ship = start(openTelemetry, clock, flagSource)) {
        Tracer tracer = openTelemetry.getTracer("shop");
        Span request = tracer.spanBuilder("GET /checkout").startSpan();
        Scope scope = request.makeCurrent();
        boolean newCheckout;
        try {
          newCheckout =
              ship.flags().booleanValue("new-checkout", false, EvaluationContext.of("user-42"));
        } finally {
          scope.close();
          request.end();
        }

        SpanData span = otel.finishedSpans().get(0);
        assertThat(span.getEvents()).hasSize(1);
        EventData evaluation = span.getEvents().get(0);
        assertThat(evaluation.getName()).isEqualTo("feature_flag.evaluation");
        assertThat(evaluation.getAttributes().get(OtelNames.FEATURE_FLAG_KEY))
            .isEqualTo("new-checkout");
        assertThat(evaluation.getAttributes().get(OtelNames.FEATURE_FLAG_RESULT_VARIANT))
            .isEqualTo(newCheckout ? "on" : "off");
        assertThat(evaluation.getAttributes().get(OtelNames.FEATURE_FLAG_RESULT_REASON))
            .isEqualTo("split");
        assertThat(evaluation.getAttributes().get(OtelNames.FEATURE_FLAG_SET_ID))
            .isEqualTo("shop");
        assertThat(evaluation.getAttributes().get(OtelNames.FEATURE_FLAG_PROVIDER_NAME))
            .isEqualTo("shipshape");
        assertThat(evaluation.getEpochNanos())
            .as("timestamped by the application's clock")
            .isEqualTo(clock.epochNanos());

        assertThat(ship.health().readiness().status()).isEqualTo(HealthStatus.UP);

        // Ten minutes of half the checkouts failing burns the budget 50 times too fast.
        Slo checkout = ship.slo("checkout");
        for (int minute = 0; minute < 10; minute++) {
          checkout.record(50, 50);
          clock.advance(Duration.ofMinutes(1));
        }

        List<LogRecordData> alerts =
            otel.logRecords().stream()
                .filter(r -> "shipshape.slo.alert.fired".equals(r.getEventName()))
                .collect(Collectors.toList());
        assertThat(alerts).isNotEmpty();
        assertThat(alerts)
            .anySatisfy(
                r -> {
                  assertThat(r.getAttributes().get(OtelNames.SLO_NAME)).isEqualTo("checkout");
                  assertThat(r.getAttributes().get(OtelNames.SLO_ALERT_SEVERITY)).isEqualTo("page");
                  assertThat(r.getAttributes().get(OtelNames.SLO_ALERT_LONG_WINDOW)).isEqualTo("1h");
                  assertThat(r.getAttributes().get(OtelNames.SLO_ALERT_LONG_BURN_RATE))
                      .isGreaterThan(14.4);
                });

        MetricData budget = otel.metric("shipshape.slo.budget.remaining").orElseThrow();
        double remaining =
            budget.getDoubleGaugeData().getPoints().iterator().next().getValue();
        assertThat(remaining).as("half of 1000 events bad against a one percent budget").isLessThan(0.0);

        MetricData evaluations = otel.metric("shipshape.flag.evaluations").orElseThrow();
        assertThat(evaluations.getLongSumData().getPoints())
            .singleElement()
            .satisfies(
                p -> {
                  assertThat(p.getValue()).isEqualTo(1);
                  assertThat(p.getAttributes().get(AttributeKey.stringKey("flag")))
                      .isEqualTo("new-checkout");
                });
      }
    }
  }

  @Test
  void theGlobalInstanceIsNeverRead() {
    AtomicInteger reads = new AtomicInteger();
    OpenTelemetry global =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            reads.incrementAndGet();
            return TracerProvider.noop();
          }

          @Override
          public MeterProvider getMeterProvider() {
            reads.incrementAndGet();
            return MeterProvider.noop();
          }

          @Override
          public LoggerProvider getLogsBridge() {
            reads.incrementAndGet();
            return LoggerProvider.noop();
          }

          @Override
          public ContextPropagators getPropagators() {
            reads.incrementAndGet();
            return ContextPropagators.noop();
          }
        };
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(global);
    ManualClock clock = ManualClock.create();
    try (InMemoryOtel otel = new InMemoryOtel();
        Shipshape ship = start(otel.sdk, clock, FlagSource.inMemory().setDocument(FLAGS))) {
      ship.flags().booleanValue("new-checkout", false, EvaluationContext.of("user-42"));
      ship.flags().booleanValue("no-such-flag", false, EvaluationContext.of("user-42"));
      ship.slo("checkout").record(50, 50);
      clock.advance(Duration.ofMinutes(10));
      ship.health().readiness();

      assertThat(otel.metric("shipshape.flag.evaluations")).as("the instance given").isPresent();
      assertThat(otel.logRecords()).as("the instance given").isNotEmpty();
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
    assertThat(reads).as("reads of GlobalOpenTelemetry's instance").hasValue(0);
  }
}
