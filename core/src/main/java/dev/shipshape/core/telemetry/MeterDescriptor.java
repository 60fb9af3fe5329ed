package dev.shipshape.core.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One meter Shipshape exports, described once in the {@link MeterCatalogue} and registered by both
 * the Micrometer sink and the OpenTelemetry bridge under the same name, type, unit, description and
 * tags.
 *
 * @param name the dotted name, such as {@code shipshape.slo.events}
 * @param type counter, gauge or histogram
 * @param unit the unit in UCUM notation as OpenTelemetry takes it: {@code s}, {@code 1} (a ratio),
 *     {@code %}, a curly-brace annotation such as {@code {event}} for counts, or empty
 * @param description what it measures, one sentence
 * @param tags its tags, in order
 * @param preRegistered whether every series exists from the moment the sink is bound (at 0 for
 *     counters), so that {@code increase()} and {@code rate()} see the first event; false only
 *     where the tag values are not known up front
 */
public record MeterDescriptor(
    String name,
    Type type,
    String unit,
    String description,
    List<TagDescriptor> tags,
    boolean preRegistered) {

  /**
   * Validates and copies the components.
   *
   * @param name the name
   * @param type the type
   * @param unit the unit
   * @param description the description
   * @param tags the tags
   * @param preRegistered whether every series exists from the start
   */
  public MeterDescriptor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(description, "description");
    tags = List.copyOf(tags);
  }

  /** What kind of meter it is. */
  public enum Type {
    /** A monotonically increasing count (Micrometer counter, OpenTelemetry counter). */
    COUNTER,
    /** A value that goes up and down (Micrometer gauge, OpenTelemetry gauge). */
    GAUGE,
    /**
     * Durations in the catalogue's fixed buckets (Micrometer timer with service-level objective
     * boundaries, OpenTelemetry histogram with explicit bucket advice).
     */
    HISTOGRAM
  }

  /**
   * The tag keys, in order.
   *
   * @return the keys
   */
  public List<String> tagKeys() {
    List<String> keys = new ArrayList<>(tags.size());
    for (TagDescriptor t : tags) {
      keys.add(t.key());
    }
    return keys;
  }

  /**
   * The tag with key {@code key}.
   *
   * @param key a tag key
   * @return the tag, or null when the meter has none with that key
   */
  public @Nullable TagDescriptor tag(String key) {
    for (TagDescriptor t : tags) {
      if (t.key().equals(key)) {
        return t;
      }
    }
    return null;
  }

  /**
   * The name Prometheus shows: dots become underscores, the unit is appended ({@code _seconds},
   * {@code _ratio}, {@code _percent}) unless the name already ends with it, and counters end with
   * {@code _total}. A histogram's series add {@code _bucket}, {@code _count} and {@code _sum} to
   * it. Micrometer's Prometheus registry and an OTLP-to-Prometheus translation with unit suffixes
   * both produce this name.
   *
   * @return the name, such as {@code shipshape_slo_events_total}
   */
  public String prometheusName() {
    String base = name.replace('.', '_');
    String suffix = prometheusUnit();
    if (suffix != null && !base.endsWith("_" + suffix)) {
      base = base + "_" + suffix;
    }
    return type == Type.COUNTER ? base + "_total" : base;
  }

  /**
   * The base unit to give Micrometer's builder, which its Prometheus naming appends to the name.
   *
   * @return {@code ratio} or {@code percent}, or null (histograms are timers, in seconds)
   */
  public @Nullable String micrometerBaseUnit() {
    return type == Type.HISTOGRAM ? null : prometheusUnit();
  }

  private @Nullable String prometheusUnit() {
    switch (unit) {
      case "s":
        return "seconds";
      case "1":
        return "ratio";
      case "%":
        return "percent";
      default:
        return null;
    }
  }
}
