package dev.shipshape.otelbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.time.ManualClock;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Guarded calls made through the facade become spans under the caller's span. */
class GuardedCallsThroughTheFacadeTest {

  @Test
  void aRetriedCallIsOneSpanUnderTheRequestAndAFailedOneIsAnError() {
    ManualClock clock = ManualClock.create();
    try (InMemoryOtel otel = new InMemoryOtel();
        Shipshape ship =
            Shipshape.builder()
                .clock(clock)
                .flags(FlagSource.inMemory())
                .guard("payments", g -> g.retry(3, Duration.ZERO))
                .telemetry(OtelTelemetry.of(otel.sdk))
                .logging(false)
                .build()) {
      Span request = otel.sdk.getTracer("shop").spanBuilder("POST /orders").startSpan();
      Scope scope = request.makeCurrent();
      AtomicInteger attempts = new AtomicInteger();
      try {
        String receipt =
            ship.guard("payments")
                .call(
                    () -> {
                      clock.advance(Duration.ofMillis(100));
                      if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("gateway busy");
                      }
                      return "receipt-1";
                    });
        assertThat(receipt).isEqualTo("receipt-1");
        assertThatThrownBy(
                () ->
                    ship.guard("payments")
                        .call(
                            () -> {
                              throw new IllegalArgumentException("card declined");
                            }))
            .isInstanceOf(IllegalArgumentException.class);
      } finally {
        scope.close();
        request.end();
      }

      List<SpanData> guards =
          otel.finishedSpans().stream()
              .filter(s -> s.getName().equals("guard payments"))
              .collect(Collectors.toList());
      assertThat(guards).hasSize(2);
      SpanData retried = guards.get(0);
      assertThat(retried.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(retried.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
      assertThat(retried.getAttributes().get(OtelNames.GUARD_OUTCOME)).isEqualTo("success");
      assertThat(retried.getAttributes().get(OtelNames.GUARD_ATTEMPTS)).isEqualTo(3L);
      assertThat(retried.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(retried.getEndEpochNanos() - retried.getStartEpochNanos())
          .as("three attempts of 100 ms on the application's clock")
          .isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));

      SpanData failed = guards.get(1);
      assertThat(failed.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
      assertThat(failed.getAttributes().get(OtelNames.GUARD_OUTCOME)).isEqualTo("failure");
      assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(failed.getStatus().getDescription()).isEqualTo("card declined");
      assertThat(failed.getEvents()).singleElement()
          .satisfies(e -> assertThat(e.getName()).isEqualTo("exception"));
    }
  }
}
