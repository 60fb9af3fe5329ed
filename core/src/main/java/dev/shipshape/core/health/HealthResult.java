package dev.shipshape.core.health;

import dev.shipshape.core.health.internal.Details;
import dev.shipshape.time.internal.SafeText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link HealthCheck} returns: a status, an optional message and a few details (strings,
 * numbers or booleans) that appear in the report when details are shown. Instances are immutable;
 * {@link #withDetail(String, Object)} returns a copy.
 *
 * @param status {@link HealthStatus#UP} or {@link HealthStatus#DOWN} (or {@link
 *     HealthStatus#OUT_OF_SERVICE})
 * @param message a short human-readable explanation, or null
 * @param details small values keyed by name, in insertion order
 */
public record HealthResult(
    HealthStatus status, @Nullable String message, Map<String, Object> details) {

  /**
   * Validates and copies the details.
   *
   * @param status the status
   * @param message the message, or null
   * @param details the details; values must be {@link String}, {@link Number} or {@link Boolean}
   * @throws IllegalArgumentException if a detail value has another type
   */
  public HealthResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(details, "details");
    if (!Details.isChecked(details)) {
      // details another result already checked are immutable: they are shared, not copied
      LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : details.entrySet()) {
        copy.put(
            Objects.requireNonNull(e.getKey(), "detail key"), checkValue(e.getKey(), e.getValue()));
      }
      details = Details.adopt(copy);
    }
  }

  private static final HealthResult UP = new HealthResult(HealthStatus.UP, null, Map.of());

  /**
   * A healthy result without message or details.
   *
   * @return an {@code UP} result
   */
  public static HealthResult up() {
    return UP;
  }

  /**
   * A healthy result with a message.
   *
   * @param message a short explanation
   * @return an {@code UP} result
   */
  public static HealthResult up(String message) {
    return new HealthResult(HealthStatus.UP, message, Map.of());
  }

  /**
   * An unhealthy result.
   *
   * @param message why the check failed
   * @return a {@code DOWN} result
   */
  public static HealthResult down(String message) {
    return new HealthResult(HealthStatus.DOWN, message, Map.of());
  }

  /**
   * This result with one more detail (replacing a detail of the same key).
   *
   * @param key the detail's name
   * @param value a {@link String}, {@link Number} or {@link Boolean}
   * @return a copy with the detail added
   * @throws IllegalArgumentException if {@code value} has another type
   */
  public HealthResult withDetail(String key, Object value) {
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(details);
    copy.put(Objects.requireNonNull(key, "key"), checkValue(key, value));
    return new HealthResult(status, message, Details.adopt(copy));
  }

  private static Object checkValue(String key, @Nullable Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException(
        "detail '"
            + key
            + "' was '"
            + SafeText.of(value)
            + "' but must be a String, Number or Boolean");
  }
}
