package dev.shipshape.otelbridge.internal;

import static dev.shipshape.otelbridge.OtelNames.ERROR_MESSAGE;
import static dev.shipshape.otelbridge.OtelNames.ERROR_TYPE;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_EVALUATION;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_KEY;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_PROVIDER_NAME;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_RESULT_REASON;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_RESULT_VALUE;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_RESULT_VARIANT;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_SET_ID;
import static dev.shipshape.otelbridge.OtelNames.FEATURE_FLAG_VERSION;
import static dev.shipshape.otelbridge.OtelNames.GUARD_ATTEMPTS;
import static dev.shipshape.otelbridge.OtelNames.GUARD_FALLBACK_USED;
import static dev.shipshape.otelbridge.OtelNames.GUARD_NAME;
import static dev.shipshape.otelbridge.OtelNames.GUARD_OUTCOME;
import static dev.shipshape.otelbridge.OtelNames.GUARD_REJECTED_BY;
import static dev.shipshape.otelbridge.OtelNames.GUARD_SPAN_PREFIX;
import static dev.shipshape.otelbridge.OtelNames.PROVIDER_NAME;

import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.flags.ErrorCode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The traces signal: a span per guarded call, and flag evaluations as {@code
 * feature_flag.evaluation} events on the current span. Also builds the semantic-convention
 * attributes of an evaluation, which the log-record events share.
 */
final class OtelSpans {

  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> EXCEPTION_STACKTRACE =
      AttributeKey.stringKey("exception.stacktrace");

  private final Tracer tracer;
  private final boolean flagSpanEvents;
  private final boolean guardSpans;

  OtelSpans(Tracer tracer, boolean flagSpanEvents, boolean guardSpans) {
    this.tracer = tracer;
    this.flagSpanEvents = flagSpanEvents;
    this.guardSpans = guardSpans;
  }

  /** Whether evaluations become span events. */
  boolean flagSpanEvents() {
    return flagSpanEvents;
  }

  /** Whether guarded calls become spans. */
  boolean guardSpans() {
    return guardSpans;
  }

  /**
   * Adds the evaluation to the current span when it is recording.
   *
   * @return the attributes it built, for a log-record event to reuse, or null when it added none
   */
  @Nullable Attributes flagEvaluated(FlagEvaluated e) {
    if (!flagSpanEvents) {
      return null;
    }
    Span span = Span.current();
    if (!span.isRecording()) {
      return null;
    }
    Attributes attributes = evaluationAttributes(e);
    span.addEvent(FEATURE_FLAG_EVALUATION, attributes, e.at());
    return attributes;
  }

  /** Records a guarded call as a span from its start to its end. */
  void guardedCall(GuardedCallCompleted e) {
    if (!guardSpans) {
      return;
    }
    String outcome = e.outcome().label();
    Instant end = e.at();
    Instant start = e.duration().isNegative() ? end : end.minus(e.duration());
    AttributesBuilder b =
        Attributes.builder()
            .put(GUARD_NAME, e.guard())
            .put(GUARD_OUTCOME, outcome)
            .put(GUARD_ATTEMPTS, (long) e.attempts())
            .put(GUARD_FALLBACK_USED, e.fallbackUsed());
    String rejectedBy = rejectedBy(e.outcome());
    if (rejectedBy != null) {
      b.put(GUARD_REJECTED_BY, rejectedBy);
    }
    Throwable failure = e.failure();
    boolean error = isError(e.outcome());
    if (error) {
      b.put(ERROR_TYPE, failure != null ? failure.getClass().getName() : outcome);
    }
    Span span =
        tracer
            .spanBuilder(Text.cut(GUARD_SPAN_PREFIX + e.guard()))
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(Context.current())
            .setStartTimestamp(start)
            .setAllAttributes(Text.cut(b.build()))
            .startSpan();
    if (failure != null) {
      AttributesBuilder exception = Attributes.builder();
      putException(exception, failure);
      span.addEvent("exception", Text.cut(exception.build()), end);
    }
    if (error) {
      String message = failure == null ? null : message(failure);
      span.setStatus(StatusCode.ERROR, message == null ? outcome : Text.cut(message));
    }
    span.end(end);
  }

  /** The pattern that refused the call, for {@code shipshape.guard.rejected_by}. */
  static @Nullable String rejectedBy(GuardedCallCompleted.Outcome outcome) {
    if (!outcome.isRejection()) {
      return null;
    }
    String label = outcome.label();
    return label.substring("rejected_by_".length());
  }

  private static boolean isError(GuardedCallCompleted.Outcome outcome) {
    return outcome != GuardedCallCompleted.Outcome.SUCCESS
        && outcome != GuardedCallCompleted.Outcome.DISABLED_BY_FLAG;
  }

  /**
   * The semantic-convention attributes of one evaluation, every string cut by {@link Text} as it
   * is put, so that an evaluation's attributes are built once and never scanned again.
   */
  static Attributes evaluationAttributes(FlagEvaluated e) {
    AttributesBuilder b = Attributes.builder();
    b.put(FEATURE_FLAG_KEY, Text.cut(e.flagKey()));
    String variant = e.variant();
    if (variant != null) {
      b.put(FEATURE_FLAG_RESULT_VARIANT, Text.cut(variant));
    } else {
      putValue(b, e.value());
    }
    b.put(FEATURE_FLAG_RESULT_REASON, MeterCatalogue.label(e.reason()));
    b.put(FEATURE_FLAG_PROVIDER_NAME, PROVIDER_NAME);
    Map<String, Object> metadata = e.metadata();
    Object setId = metadata.get("flagSetId");
    if (setId != null) {
      b.put(FEATURE_FLAG_SET_ID, Text.cut(String.valueOf(setId)));
    }
    Object version = metadata.get("version");
    if (version != null) {
      b.put(FEATURE_FLAG_VERSION, Text.cut(String.valueOf(version)));
    }
    ErrorCode error = e.errorCode();
    if (error != null) {
      b.put(ERROR_TYPE, MeterCatalogue.label(error));
      String message = e.errorMessage();
      if (message != null) {
        b.put(ERROR_MESSAGE, Text.cut(message));
      }
    }
    return b.build();
  }

  private static void putValue(AttributesBuilder b, Object value) {
    if (value instanceof Boolean) {
      b.put(AttributeKey.booleanKey(FEATURE_FLAG_RESULT_VALUE), (Boolean) value);
    } else if (value instanceof String) {
      b.put(AttributeKey.stringKey(FEATURE_FLAG_RESULT_VALUE), Text.cut((String) value));
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      b.put(AttributeKey.longKey(FEATURE_FLAG_RESULT_VALUE), ((Number) value).longValue());
    } else if (value instanceof Number) {
      b.put(AttributeKey.doubleKey(FEATURE_FLAG_RESULT_VALUE), ((Number) value).doubleValue());
    } else {
      b.put(AttributeKey.stringKey(FEATURE_FLAG_RESULT_VALUE), Json.write(value, Text.MAX_CHARS));
    }
  }

  /**
   * The semantic-convention {@code exception.*} attributes of {@code failure}. A message or stack
   * trace that cannot be read (its {@code getMessage()} or {@code toString()} throws) is left out.
   */
  static void putException(AttributesBuilder b, Throwable failure) {
    b.put(EXCEPTION_TYPE, failure.getClass().getName());
    String message = message(failure);
    if (message != null) {
      b.put(EXCEPTION_MESSAGE, message);
    }
    String trace = Text.stackTrace(failure);
    if (trace != null) {
      b.put(EXCEPTION_STACKTRACE, trace);
    }
  }

  /** The message of {@code failure}, or null when it has none or reading it throws. */
  private static @Nullable String message(Throwable failure) {
    try {
      return failure.getMessage();
    } catch (RuntimeException unreadable) {
      return null;
    }
  }
}
