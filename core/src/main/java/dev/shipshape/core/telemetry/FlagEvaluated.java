package dev.shipshape.core.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One flag evaluation and its outcome. Evaluations are the hot path, so these events are created
 * only when a sink {@linkplain TelemetrySink#wants(TelemetryEvent.Kind) wants} them. The event
 * never carries the evaluation context: targeting keys and user attributes stay out of telemetry.
 *
 * @param flagKey the key that was evaluated
 * @param value the value returned to the caller (the caller's default on error or when disabled)
 * @param variant the variant that was selected, or null when the caller's default was returned
 * @param reason why this value was returned, as an OpenFeature reason name in upper case ({@code
 *     STATIC}, {@code DEFAULT}, {@code TARGETING_MATCH}, {@code SPLIT}, {@code DISABLED}, {@code
 *     ERROR}, ...)
 * @param errorCode what went wrong as an OpenFeature error code in upper case ({@code
 *     FLAG_NOT_FOUND}, {@code TYPE_MISMATCH}, ...), or null when nothing did
 * @param errorMessage a human-readable explanation of the error, or null
 * @param metadata the flag's metadata merged with its flag set's (for example {@code flagSetId})
 * @param at when the evaluation happened
 */
public record FlagEvaluated(
    String flagKey,
    Object value,
    @Nullable String variant,
    String reason,
    @Nullable String errorCode,
    @Nullable String errorMessage,
    Map<String, Object> metadata,
    Instant at)
    implements TelemetryEvent {

  /**
   * Validates and copies the components.
   *
   * @param flagKey the key
   * @param value the returned value
   * @param variant the selected variant or null
   * @param reason the reason name
   * @param errorCode the error code or null
   * @param errorMessage the error message or null
   * @param metadata the merged metadata
   * @param at when it happened
   */
  public FlagEvaluated {
    Objects.requireNonNull(flagKey, "flagKey");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(reason, "reason");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(at, "at");
  }

  /**
   * Whether the evaluation failed and returned the caller's default.
   *
   * @return true when {@link #errorCode()} is set
   */
  public boolean isError() {
    return errorCode != null;
  }

  @Override
  public Kind kind() {
    return Kind.FLAG_EVALUATED;
  }
}
