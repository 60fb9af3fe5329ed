package dev.shipshape.otelbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuardedCallSpansTest {

  private static final Instant END = Instant.parse("2026-03-01T12:00:02.500Z");

  private final InMemoryOtel otel = new InMemoryOtel();
  private final OtelTelemetry sink = OtelTelemetry.of(otel.sdk);

  @AfterEach
  void close() {
    otel.close();
  }

  private static GuardedCallCompleted call(
      Outcome outcome, int attempts, @Nullable Throwable failure, boolean fallback) {
    return new GuardedCallCompleted(
        "payments", outcome, attempts, Duration.ofMillis(1500), failure, fallback, END);
  }

  private SpanData only(String name) {
    return otel.finishedSpans().stream()
        .filter(s -> s.getName().equals(name))
        .reduce((a, b) -> {
          throw new AssertionError("more than one span named " + name);
        })
        .orElseThrow(() -> new AssertionError("no span named " + name));
  }

  private static Map<String, Object> attributes(SpanData span) {
    return byName(span.getAttributes().asMap());
  }

  private static Map<String, Object> attributes(EventData event) {
    return byName(event.getAttributes().asMap());
  }

  private static Map<String, Object> byName(Map<AttributeKey<?>, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k.getKey(), v));
    return out;
  }

  /** An exception whose message and text cannot be read: both throw. */
  static final class UnreadableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new IllegalStateException("no message today");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("no text today");
    }
  }

  private static long nanos(Instant i) {
    return TimeUnit.SECONDS.toNanos(i.getEpochSecond()) + i.getNano();
  }

  @Test
  void recordsASuccessfulCallAsAnInternalChildSpanOfTheCurrentContext() {
    Span parent = otel.sdk.getTracer("test").spanBuilder("checkout").startSpan();
    Scope scope = parent.makeCurrent();
    try {
      sink.accept(call(Outcome.SUCCESS, 2, null, false));
    } finally {
      scope.close();
      parent.end();
    }

    SpanData span = only("guard payments");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(span.getStartEpochNanos()).isEqualTo(nanos(END.minusMillis(1500)));
    assertThat(span.getEndEpochNanos()).isEqualTo(nanos(END));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getEvents()).isEmpty();
    assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("dev.shipshape");
    assertThat(attributes(span))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "shipshape.guard.name", "payments",
                "shipshape.guard.outcome", "success",
                "shipshape.guard.attempts", 2L,
                "shipshape.guard.fallback_used", false));
  }

  @Test
  void aFailedCallHasStatusErrorAndTheExceptionRecorded() {
    IllegalStateException declined = new IllegalStateException("card declined");
    sink.accept(call(Outcome.FAILURE, 3, declined, true));

    SpanData span = only("guard payments");
    assertThat(span.getParentSpanContext().isValid()).as("a root span without a current one")
        .isFalse();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("card declined");
    assertThat(attributes(span))
        .containsEntry("shipshape.guard.outcome", "failure")
        .containsEntry("shipshape.guard.attempts", 3L)
        .containsEntry("shipshape.guard.fallback_used", true)
        .containsEntry("error.type", "java.lang.IllegalStateException")
        .doesNotContainKey("shipshape.guard.rejected_by");
    assertThat(span.getEvents()).hasSize(1);
    EventData exception = span.getEvents().get(0);
    assertThat(exception.getName()).isEqualTo("exception");
    assertThat(exception.getEpochNanos()).isEqualTo(nanos(END));
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("card declined");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .startsWith("java.lang.IllegalStateException: card declined")
        .contains("GuardedCallSpansTest");
  }

  @Test
  void aRejectedCallNamesThePatternThatRefusedIt() {
    sink.accept(call(Outcome.REJECTED_BY_CIRCUIT_BREAKER, 0, null, false));
    sink.accept(
        new GuardedCallCompleted(
            "search", Outcome.REJECTED_BY_BULKHEAD, 0, Duration.ZERO, null, false, END));
    sink.accept(
        new GuardedCallCompleted(
            "quotes", Outcome.REJECTED_BY_RATE_LIMITER, 0, Duration.ZERO, null, false, END));
    sink.accept(
        new GuardedCallCompleted(
            "rates", Outcome.REJECTED_BY_EXECUTOR, 0, Duration.ZERO, null, false, END));

    SpanData payments = only("guard payments");
    assertThat(payments.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(payments.getStatus().getDescription()).isEqualTo("rejected_by_circuit_breaker");
    assertThat(attributes(payments))
        .containsEntry("shipshape.guard.rejected_by", "circuit_breaker")
        .containsEntry("shipshape.guard.attempts", 0L)
        .containsEntry("error.type", "rejected_by_circuit_breaker");
    assertThat(attributes(only("guard search")))
        .containsEntry("shipshape.guard.rejected_by", "bulkhead");
    assertThat(attributes(only("guard quotes")))
        .containsEntry("shipshape.guard.rejected_by", "rate_limiter");
    assertThat(attributes(only("guard rates")))
        .containsEntry("shipshape.guard.rejected_by", "executor")
        .containsEntry("error.type", "rejected_by_executor");
    SpanData quotes = only("guard quotes");
    assertThat(quotes.getStartEpochNanos()).isEqualTo(quotes.getEndEpochNanos());
  }

  @Test
  void aTimeoutIsAnErrorAndAKillSwitchIsNot() {
    sink.accept(call(Outcome.TIMEOUT, 1, new java.util.concurrent.TimeoutException(), true));
    sink.accept(
        new GuardedCallCompleted(
            "legacy", Outcome.DISABLED_BY_FLAG, 0, Duration.ZERO, null, true, END));

    SpanData timeout = only("guard payments");
    assertThat(timeout.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(timeout.getStatus().getDescription()).isEqualTo("timeout");
    assertThat(attributes(timeout))
        .containsEntry("error.type", "java.util.concurrent.TimeoutException");
    SpanData legacy = only("guard legacy");
    assertThat(legacy.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(attributes(legacy))
        .containsEntry("shipshape.guard.outcome", "disabled_by_flag")
        .doesNotContainKey("error.type");
  }

  @Test
  void anExceptionWhoseMessageCannotBeReadStillEndsTheSpanWithItsType() {
    RuntimeException unreadable = new UnreadableException();
    assertThatCode(() -> sink.accept(call(Outcome.FAILURE, 2, unreadable, false)))
        .doesNotThrowAnyException();

    SpanData span = only("guard payments");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("failure");
    assertThat(attributes(span))
        .containsEntry("error.type", UnreadableException.class.getName())
        .containsEntry("shipshape.guard.attempts", 2L);
    assertThat(span.getEvents()).hasSize(1);
    EventData exception = span.getEvents().get(0);
    assertThat(exception.getName()).isEqualTo("exception");
    assertThat(attributes(exception))
        .containsEntry("exception.type", UnreadableException.class.getName())
        .doesNotContainKeys("exception.message", "exception.stacktrace");
  }

  @Test
  void cutsALongGuardNameAndExceptionMessageAtTheObjectValueLimit() {
    String guard = "g".repeat(5_000);
    IllegalStateException huge = new IllegalStateException("m".repeat(10_000_000));
    sink.accept(
        new GuardedCallCompleted(
            guard, Outcome.FAILURE, 1, Duration.ofMillis(5), huge, false, END));

    SpanData span = otel.finishedSpans().get(0);
    assertThat(span.getName()).isEqualTo("guard " + "g".repeat(1024 - "guard ".length()));
    assertThat(span.getStatus().getDescription()).isEqualTo("m".repeat(1024));
    assertThat(attributes(span)).containsEntry("shipshape.guard.name", "g".repeat(1024));
    Map<String, Object> exception = attributes(span.getEvents().get(0));
    assertThat(exception).containsEntry("exception.message", "m".repeat(1024));
    assertThat((String) exception.get("exception.stacktrace"))
        .hasSize(16 * 1024)
        .startsWith("java.lang.IllegalStateException: mmm");
  }

  @Test
  void keepsAStackTraceOfDozensOfFramesWhole() {
    IllegalStateException deep = throwAt(30);
    sink.accept(
        new GuardedCallCompleted("g", Outcome.FAILURE, 1, Duration.ofMillis(5), deep, false, END));

    String trace =
        (String) attributes(otel.finishedSpans().get(0).getEvents().get(0))
            .get("exception.stacktrace");
    StringWriter whole = new StringWriter();
    deep.printStackTrace(new PrintWriter(whole));
    assertThat(whole.toString()).hasSizeGreaterThan(1024).hasSizeLessThan(16 * 1024);
    assertThat(trace).isEqualTo(whole.toString());
  }

  /** An exception thrown {@code depth} calls deep. */
  private static IllegalStateException throwAt(int depth) {
    if (depth == 0) {
      return new IllegalStateException("declined");
    }
    return throwAt(depth - 1);
  }

  @Test
  void recordsDurationsInSecondsInTheGuardCallsHistogram() {
    sink.accept(call(Outcome.SUCCESS, 1, null, false));
    sink.accept(call(Outcome.SUCCESS, 1, null, false));
    var metric = otel.metric("shipshape.guard.calls").orElseThrow();
    assertThat(metric.getUnit()).isEqualTo("s");
    var point = metric.getHistogramData().getPoints().iterator().next();
    assertThat(point.getCount()).isEqualTo(2);
    assertThat(point.getSum()).isEqualTo(3.0);
    assertThat(point.getAttributes().get(AttributeKey.stringKey("guard"))).isEqualTo("payments");
    assertThat(point.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("success");
  }

  @Test
  void spansCanBeTurnedOffWhileTheHistogramStays() {
    OtelTelemetry noSpans = OtelTelemetry.builder(otel.sdk).guardSpans(false).build();
    noSpans.accept(call(Outcome.FAILURE, 1, new RuntimeException("x"), false));
    assertThat(otel.finishedSpans()).isEmpty();
    assertThat(otel.metric("shipshape.guard.calls")).isPresent();
  }
}
