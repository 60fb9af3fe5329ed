package dev.shipshape.spring;

import dev.shipshape.core.Shipshape;

/**
 * A bean that adjusts the {@link Shipshape.Builder} the starter configures from properties, for
 * what properties cannot say (a fallback function, a guard's success predicate, a health check
 * with its own options). Customizers run in their {@code @Order}, before the properties are
 * applied and the instance is built.
 */
@FunctionalInterface
public interface ShipshapeCustomizer {

  /**
   * Adjusts the builder.
   *
   * @param builder the builder, already holding the clock, meter registry and telemetry sinks
   */
  void customize(Shipshape.Builder builder);
}
