package dev.shipshape.flags;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The full outcome of one flag evaluation: the value and how it was chosen.
 *
 * @param flagKey the key that was evaluated
 * @param value the value returned to the caller (the caller's default on error or when disabled)
 * @param variant the variant that was selected, or null when the caller's default was returned
 * @param reason why this value was returned
 * @param errorCode what went wrong, or null when nothing did
 * @param errorMessage a human-readable explanation of the error, or null
 * @param metadata the flag set's metadata merged with the flag's own (the flag's entries win)
 * @param <T> the value type
 */
public record EvaluationDetails<T>(
    String flagKey,
    T value,
    @Nullable String variant,
    Reason reason,
    @Nullable ErrorCode errorCode,
    @Nullable String errorMessage,
    Map<String, Object> metadata) {

  /**
   * Validates and copies the components.
   *
   * @param flagKey the key that was evaluated
   * @param value the returned value
   * @param variant the selected variant, or null
   * @param reason the reason
   * @param errorCode the error code, or null
   * @param errorMessage the error message, or null
   * @param metadata the merged metadata
   */
  public EvaluationDetails {
    Objects.requireNonNull(flagKey, "flagKey");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(reason, "reason");
    metadata = Map.copyOf(metadata);
  }

  /**
   * Whether the evaluation failed.
   *
   * @return true when {@link #errorCode()} is set
   */
  public boolean isError() {
    return errorCode != null;
  }
}
