package dev.shipshape.spring.internal;

import dev.shipshape.spring.ShipshapeProperties;
import dev.shipshape.time.config.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Finds the named entries that the application's properties mention but that bound to nothing: an
 * SLO, guard, rollout or health check whose every setting is empty, such as {@code
 * shipshape.slo.definitions.checkout.objective=} alone. Spring Boot binds no map entry from empty
 * values, so without this check the SLO would be dropped without a word.
 */
public final class EmptyEntries {

  /** A map of named entries: its property, and its entries once bound. */
  private record NamedMap(
      String property,
      Function<ShipshapeProperties, Map<String, ?>> bound,
      List<String> elements) {
    NamedMap(String property, Function<ShipshapeProperties, Map<String, ?>> bound) {
      this(property, bound, List.of(property.split("\\.")));
    }
  }

  private static final List<NamedMap> MAPS =
      List.of(
          new NamedMap("shipshape.slo.definitions", p -> p.getSlo().getDefinitions()),
          new NamedMap("shipshape.guards", ShipshapeProperties::getGuards),
          new NamedMap("shipshape.rollouts", ShipshapeProperties::getRollouts),
          new NamedMap("shipshape.health.checks", p -> p.getHealth().getChecks()));

  private EmptyEntries() {}

  /**
   * One problem per property of an entry that bound to nothing, in the order the sources are
   * searched.
   *
   * @param environment the application's environment
   * @param bound what the properties bound to
   * @return the problems, empty when every mentioned entry exists
   */
  public static List<ConfigProblem> problems(
      ConfigurableEnvironment environment, ShipshapeProperties bound) {
    List<ConfigurationPropertyName> entries = new ArrayList<>();
    for (NamedMap map : MAPS) {
      for (String key : map.bound().apply(bound).keySet()) {
        entries.add(ConfigurationPropertyName.adapt(PropertyPaths.entry(map.property(), key), '.'));
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    List<ConfigProblem> problems = new ArrayList<>();
    UnknownProperties.forEachKey(
        environment,
        (source, key) -> {
          String entry = entryOf(key);
          if (entry == null
              || !seen.add(key)
              || !KnownProperties.isKnown(key) // a misspelled setting is reported as such
              || boundTo(entries, key)) {
            return;
          }
          problems.add(
              ConfigProblem.of(
                  key,
                  String.valueOf(source.getProperty(key)),
                  "sets nothing, and no other setting of "
                      + entry
                      + " has a value, so it would be ignored: give it a value or remove it"));
        });
    return problems;
  }

  /** The property of the map entry whose setting {@code key} is, or null when it is none. */
  private static @Nullable String entryOf(String key) {
    KnownProperties.Key parsed = KnownProperties.key(key);
    if (parsed == null) {
      return null;
    }
    for (NamedMap map : MAPS) {
      List<String> elements = map.elements();
      int depth = elements.size();
      if (parsed.uniform().size() > depth + 1
          && parsed.uniform().subList(0, depth).equals(elements)) {
        return PropertyPaths.entry(map.property(), parsed.shown().get(depth));
      }
    }
    return null;
  }

  /** Whether {@code key} lies under one of the entries that bound. */
  private static boolean boundTo(List<ConfigurationPropertyName> entries, String key) {
    ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
    for (ConfigurationPropertyName entry : entries) {
      if (entry.isAncestorOf(name)) {
        return true;
      }
    }
    return false;
  }
}
