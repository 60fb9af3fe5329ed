package dev.shipshape.core.telemetry;

import java.util.List;
import java.util.Objects;

/**
 * One tag (attribute, label) of a {@link MeterDescriptor}: its key, what it holds and, when the set
 * is fixed by the library, every value it can take. Tags whose values come from the application's
 * configuration (SLO, guard, check and flag names) list none: they are bounded by that
 * configuration instead.
 *
 * @param key the tag key, the same in Micrometer, OpenTelemetry and Prometheus
 * @param description what the tag holds
 * @param values every value the library can give it, in a fixed order; empty when the values are
 *     names from the application's configuration
 */
public record TagDescriptor(String key, String description, List<String> values) {

  /**
   * Validates and copies the components.
   *
   * @param key the key
   * @param description what it holds
   * @param values the fixed values, or empty
   */
  public TagDescriptor {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(description, "description");
    values = List.copyOf(values);
  }

  /**
   * Whether the library fixes the tag's values (rather than the application's configuration).
   *
   * @return true when {@link #values()} lists them
   */
  public boolean fixed() {
    return !values.isEmpty();
  }
}
