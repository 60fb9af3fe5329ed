package dev.shipshape.otelbridge;

import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.Reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.telemetry.FlagEvaluated;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlagEvaluationEventsTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00.000000123Z");

  /**
   * The attributes of a split evaluation of new-checkout to "on" with the metadata {@code
   * flagSetId: shop}, the same on a span event and on a log record.
   */
  private static final Map<String, Object> ON_IN_SHOP =
      Map.of(
          "feature_flag.key", "new-checkout",
          "feature_flag.result.variant", "on",
          "feature_flag.result.reason", "split",
          "feature_flag.provider.name", "shipshape",
          "feature_flag.set.id", "shop");

  private final InMemoryOtel otel = new InMemoryOtel();

  @AfterEach
  void close() {
    otel.close();
  }

  private static FlagEvaluated evaluation(
      Object value,
      @Nullable String variant,
      Reason reason,
      @Nullable ErrorCode error,
      @Nullable String message,
      Map<String, Object> metadata) {
    return new FlagEvaluated(
        new EvaluationDetails<>("new-checkout", value, variant, reason, error, message, metadata),
        AT);
  }

  /** Runs {@code events} through a default sink inside a recording span; returns its events. */
  private List<EventData> spanEventsOf(FlagEvaluated... events) {
    return spanEventsOf(OtelTelemetry.of(otel.sdk), events);
  }

  /** Runs {@code events} inside a recording span and returns that span's events. */
  private List<EventData> spanEventsOf(OtelTelemetry sink, FlagEvaluated... events) {
    Span span = otel.sdk.getTracer("test").spanBuilder("request").startSpan();
    Scope scope = span.makeCurrent();
    try {
      for (FlagEvaluated e : events) {
        sink.accept(e);
      }
    } finally {
      scope.close();
      span.end();
    }
    SpanData data =
        otel.finishedSpans().stream().filter(s -> s.getName().equals("request")).findFirst()
            .orElseThrow();
    return data.getEvents();
  }

  private static Map<String, Object> attributes(EventData e) {
    return byName(e.getAttributes().asMap());
  }

  private static Map<String, Object> byName(Map<AttributeKey<?>, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k.getKey(), v));
    return out;
  }

  @Test
  void addsTheSemanticConventionEventToTheRecordingSpan() {
    List<EventData> events =
        spanEventsOf(
            evaluation(
                true, "on", Reason.SPLIT, null, null, Map.of("flagSetId", "shop", "version", 3)));

    assertThat(events).hasSize(1);
    EventData event = events.get(0);
    assertThat(event.getName()).isEqualTo("feature_flag.evaluation");
    assertThat(event.getEpochNanos())
        .isEqualTo(TimeUnit.SECONDS.toNanos(AT.getEpochSecond()) + AT.getNano());
    Map<String, Object> expected = new LinkedHashMap<>(ON_IN_SHOP);
    expected.put("feature_flag.version", "3");
    assertThat(attributes(event)).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(otel.logRecords()).as("log events are off by default").isEmpty();
  }

  @Test
  void neverEmitsDeprecatedAttributeNames() {
    OtelTelemetry sink = OtelTelemetry.builder(otel.sdk).flagEvaluationLogEvents(true).build();
    List<EventData> events =
        spanEventsOf(
            sink,
            evaluation(true, "on", Reason.TARGETING_MATCH, null, null, Map.of()),
            evaluation(false, null, Reason.ERROR, ErrorCode.PARSE_ERROR, "bad rule", Map.of()));
    List<String> deprecated =
        List.of(
            "feature_flag.variant",
            "feature_flag.provider_name",
            "feature_flag.evaluation.reason",
            "feature_flag.evaluation.error.message",
            "feature_flag.system");
    for (EventData e : events) {
      assertThat(attributes(e)).doesNotContainKeys(deprecated.toArray(new String[0]));
    }
    for (LogRecordData r : otel.logRecords()) {
      assertThat(byName(r.getAttributes().asMap()))
          .doesNotContainKeys(deprecated.toArray(new String[0]));
    }
    assertThat(otel.logRecords()).hasSize(2);
  }

  @Test
  void reportsTheValueWithItsTypeOnlyWhenThereIsNoVariant() {
    List<EventData> events =
        spanEventsOf(
            evaluation(true, null, Reason.STATIC, null, null, Map.of()),
            evaluation("blue", null, Reason.DEFAULT, null, null, Map.of()),
            evaluation(42, null, Reason.DEFAULT, null, null, Map.of()),
            evaluation(0.25, null, Reason.DEFAULT, null, null, Map.of()),
            evaluation(
                Map.of("color", "red\n\"dark\""), null, Reason.DEFAULT, null, null, Map.of()),
            evaluation(List.of(1, "a", true), null, Reason.DEFAULT, null, null, Map.of()),
            evaluation("hidden", "b", Reason.SPLIT, null, null, Map.of()));

    assertThat(
            events.get(0).getAttributes().get(AttributeKey.booleanKey("feature_flag.result.value")))
        .isTrue();
    assertThat(
            events.get(1).getAttributes().get(AttributeKey.stringKey("feature_flag.result.value")))
        .isEqualTo("blue");
    assertThat(events.get(2).getAttributes().get(AttributeKey.longKey("feature_flag.result.value")))
        .isEqualTo(42L);
    assertThat(
            events.get(3).getAttributes().get(AttributeKey.doubleKey("feature_flag.result.value")))
        .isEqualTo(0.25);
    assertThat(
            events.get(4).getAttributes().get(AttributeKey.stringKey("feature_flag.result.value")))
        .isEqualTo("{\"color\":\"red\\n\\\"dark\\\"\"}");
    assertThat(
            events.get(5).getAttributes().get(AttributeKey.stringKey("feature_flag.result.value")))
        .isEqualTo("[1,\"a\",true]");
    assertThat(attributes(events.get(6)))
        .containsEntry("feature_flag.result.variant", "b")
        .doesNotContainKey("feature_flag.result.value");
    for (int i = 0; i < 6; i++) {
      assertThat(attributes(events.get(i))).doesNotContainKey("feature_flag.result.variant");
    }
  }

  @Test
  void cutsLongObjectValues() {
    List<EventData> events =
        spanEventsOf(
            evaluation(
                Map.of("text", "x".repeat(5_000)), null, Reason.DEFAULT, null, null, Map.of()));
    assertThat(
            events.get(0).getAttributes().get(AttributeKey.stringKey("feature_flag.result.value")))
        .hasSize(1024)
        .startsWith("{\"text\":\"xxx");
  }

  @Test
  void stopsReadingAnObjectValueOnceTheCutIsReached() {
    int[] read = {0};
    List<Object> tenMillionItems =
        new AbstractList<>() {
          @Override
          public Object get(int index) {
            read[0]++;
            return Map.of("item", index);
          }

          @Override
          public int size() {
            return 10_000_000;
          }
        };
    List<EventData> events =
        spanEventsOf(
            evaluation(
                Map.of("items", tenMillionItems), null, Reason.DEFAULT, null, null, Map.of()));
    assertThat(
            events.get(0).getAttributes().get(AttributeKey.stringKey("feature_flag.result.value")))
        .hasSize(1024)
        .startsWith("{\"items\":[{\"item\":0},{\"item\":1}");
    assertThat(read[0]).as("items read").isLessThan(1024);
  }

  @Test
  void neverCutsACharacterInHalf() {
    String text = "x".repeat(1024 - "{\"t\":\"".length() - 1) + "\ud83d\ude00";
    List<EventData> events =
        spanEventsOf(evaluation(Map.of("t", text), null, Reason.DEFAULT, null, null, Map.of()));
    String cut =
        events.get(0).getAttributes().get(AttributeKey.stringKey("feature_flag.result.value"));
    assertThat(cut).hasSize(1023).endsWith("xxx");
  }

  @Test
  void cutsEveryLongStringOfAnEvaluationAtTheObjectValueLimit() {
    String pairAtTheCut = "v".repeat(1023) + "\ud83d\ude00";
    FlagEvaluated longKeyAndVariant =
        new FlagEvaluated(
            new EvaluationDetails<>(
                "k".repeat(5_000),
                true,
                pairAtTheCut,
                Reason.ERROR,
                ErrorCode.GENERAL,
                "m".repeat(10_000_000),
                Map.of("flagSetId", "s".repeat(5_000), "version", "9".repeat(5_000))),
            AT);
    FlagEvaluated longString =
        evaluation("x".repeat(5_000), null, Reason.DEFAULT, null, null, Map.of());
    OtelTelemetry sink = OtelTelemetry.builder(otel.sdk).flagEvaluationLogEvents(true).build();
    List<EventData> events = spanEventsOf(sink, longKeyAndVariant, longString);

    List<Map<String, Object>> written =
        List.of(
            attributes(events.get(0)),
            byName(otel.logRecords().get(0).getAttributes().asMap()));
    for (Map<String, Object> a : written) {
      assertThat(a)
          .containsEntry("feature_flag.key", "k".repeat(1024))
          .containsEntry("feature_flag.result.variant", "v".repeat(1023))
          .containsEntry("error.message", "m".repeat(1024))
          .containsEntry("feature_flag.set.id", "s".repeat(1024))
          .containsEntry("feature_flag.version", "9".repeat(1024))
          .containsEntry("error.type", "general");
    }
    assertThat(attributes(events.get(1)))
        .containsEntry("feature_flag.result.value", "x".repeat(1024));
  }

  @Test
  void writesAnObjectValueWithoutTextAsItsClassName() {
    Object unprintable = new Unprintable();
    Object textless = new Textless();
    List<EventData> events =
        spanEventsOf(
            evaluation(unprintable, null, Reason.DEFAULT, null, null, Map.of()),
            evaluation(List.of(textless), null, Reason.DEFAULT, null, null, Map.of()));

    assertThat(events).hasSize(2);
    assertThat(attributes(events.get(0)))
        .containsEntry("feature_flag.result.value", "\"" + Unprintable.class.getName() + "\"");
    assertThat(attributes(events.get(1)))
        .containsEntry("feature_flag.result.value", "[\"" + Textless.class.getName() + "\"]");
  }

  @Test
  void writesAMapKeyWithoutTextAsItsClassName() {
    List<EventData> events =
        spanEventsOf(
            evaluation(Map.of(new Unprintable(), 1), null, Reason.DEFAULT, null, null, Map.of()),
            evaluation(Map.of(new Textless(), 2), null, Reason.DEFAULT, null, null, Map.of()));

    assertThat(events).as("no event is lost").hasSize(2);
    assertThat(attributes(events.get(0)))
        .containsEntry("feature_flag.result.value", "{\"" + Unprintable.class.getName() + "\":1}");
    assertThat(attributes(events.get(1)))
        .containsEntry("feature_flag.result.value", "{\"" + Textless.class.getName() + "\":2}");
  }

  /** A caller's default object value whose {@code toString()} throws. */
  private static final class Unprintable {
    @Override
    public String toString() {
      throw new IllegalStateException("lazy field not loaded");
    }
  }

  /** A caller's default object value whose {@code toString()} returns null. */
  private static final class Textless {
    @Override
    public @Nullable String toString() {
      return null;
    }
  }

  @Test
  void errorsCarryErrorTypeInLowerCaseAndTheMessage() {
    List<EventData> events =
        spanEventsOf(
            evaluation(
                false,
                null,
                Reason.ERROR,
                ErrorCode.FLAG_NOT_FOUND,
                "no flag 'new-checkout'",
                Map.of()),
            evaluation(false, null, Reason.ERROR, ErrorCode.TYPE_MISMATCH, null, Map.of()));
    assertThat(attributes(events.get(0)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "feature_flag.key", "new-checkout",
                "feature_flag.result.value", false,
                "feature_flag.result.reason", "error",
                "feature_flag.provider.name", "shipshape",
                "error.type", "flag_not_found",
                "error.message", "no flag 'new-checkout'"));
    assertThat(attributes(events.get(1)))
        .containsEntry("error.type", "type_mismatch")
        .doesNotContainKey("error.message");
  }

  @Test
  void addsNothingWhenNoSpanIsRecording() {
    OtelTelemetry sink = OtelTelemetry.of(otel.sdk);
    sink.accept(evaluation(true, "on", Reason.SPLIT, null, null, Map.of()));
    Span notSampled = Span.wrap(io.opentelemetry.api.trace.SpanContext.getInvalid());
    Scope scope = notSampled.makeCurrent();
    try {
      sink.accept(evaluation(true, "on", Reason.SPLIT, null, null, Map.of()));
    } finally {
      scope.close();
    }
    assertThat(otel.finishedSpans()).isEmpty();
    assertThat(otel.logRecords()).isEmpty();
    assertThat(otel.metric("shipshape.flag.evaluations")).isPresent();
  }

  @Test
  void emitsLogRecordEventsWhenAskedInsideAndOutsideSpans() {
    OtelTelemetry sink = OtelTelemetry.builder(otel.sdk).flagEvaluationLogEvents(true).build();
    sink.accept(evaluation(true, "on", Reason.SPLIT, null, null, Map.of("flagSetId", "shop")));
    List<EventData> spanEvents =
        spanEventsOf(sink, evaluation(false, "off", Reason.DISABLED, null, null, Map.of()));

    assertThat(spanEvents).hasSize(1);
    List<LogRecordData> records = otel.logRecords();
    assertThat(records).hasSize(2);
    LogRecordData outside = records.get(0);
    assertThat(outside.getEventName()).isEqualTo("feature_flag.evaluation");
    assertThat(outside.getTimestampEpochNanos())
        .isEqualTo(TimeUnit.SECONDS.toNanos(AT.getEpochSecond()) + AT.getNano());
    assertThat(outside.getInstrumentationScopeInfo().getName()).isEqualTo("dev.shipshape");
    assertThat(byName(outside.getAttributes().asMap()))
        .containsExactlyInAnyOrderEntriesOf(ON_IN_SHOP);
    assertThat(outside.getSpanContext().isValid()).isFalse();
    LogRecordData inside = records.get(1);
    assertThat(inside.getSpanContext().isValid()).as("correlated with the span").isTrue();
    assertThat(byName(inside.getAttributes().asMap()))
        .containsEntry("feature_flag.result.reason", "disabled");
  }

  @Test
  void spanEventsCanBeTurnedOff() {
    OtelTelemetry sink =
        OtelTelemetry.builder(otel.sdk)
            .flagEvaluationSpanEvents(false)
            .flagEvaluationMetrics(false)
            .build();
    assertThat(sink.wants(dev.shipshape.core.telemetry.TelemetryEvent.Kind.FLAG_EVALUATED))
        .as("nothing would use flag evaluations")
        .isFalse();
    assertThat(spanEventsOf(sink, evaluation(true, "on", Reason.SPLIT, null, null, Map.of())))
        .isEmpty();
    assertThat(otel.metric("shipshape.flag.evaluations")).isEmpty();
  }
}
