package dev.shipshape.core.telemetry;

import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.Reason;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One flag evaluation and its outcome, as the flags module reported it. Evaluations are the hot
 * path, so these events are created only when a sink {@linkplain
 * TelemetrySink#wants(TelemetryEvent.Kind) wants} them. The event never carries the evaluation
 * context: targeting keys and user attributes stay out of telemetry.
 *
 * @param details the evaluation's details: key, value, variant, reason, error and metadata
 * @param at when the evaluation happened
 */
public record FlagEvaluated(EvaluationDetails<?> details, Instant at) implements TelemetryEvent {

  /**
   * Validates the components.
   *
   * @param details the evaluation's details
   * @param at when it happened
   */
  public FlagEvaluated {
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(at, "at");
  }

  /**
   * The key that was evaluated.
   *
   * @return the flag key
   */
  public String flagKey() {
    return details.flagKey();
  }

  /**
   * The value returned to the caller (the caller's default on error or when disabled).
   *
   * @return the value
   */
  public Object value() {
    return details.value();
  }

  /**
   * The variant that was selected.
   *
   * @return the variant, or null when the caller's default was returned
   */
  public @Nullable String variant() {
    return details.variant();
  }

  /**
   * Why this value was returned.
   *
   * @return the reason
   */
  public Reason reason() {
    return details.reason();
  }

  /**
   * What went wrong.
   *
   * @return the error code, or null when nothing did
   */
  public @Nullable ErrorCode errorCode() {
    return details.errorCode();
  }

  /**
   * A human-readable explanation of the error.
   *
   * @return the message, or null
   */
  public @Nullable String errorMessage() {
    return details.errorMessage();
  }

  /**
   * The flag's metadata merged with its flag set's (for example {@code flagSetId}).
   *
   * @return the metadata
   */
  public Map<String, Object> metadata() {
    return details.metadata();
  }

  /**
   * Whether the evaluation failed and returned the caller's default.
   *
   * @return true when {@link #errorCode()} is set
   */
  public boolean isError() {
    return details.isError();
  }

  @Override
  public Kind kind() {
    return Kind.FLAG_EVALUATED;
  }
}
