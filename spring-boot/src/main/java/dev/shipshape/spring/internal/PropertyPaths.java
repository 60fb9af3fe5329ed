package dev.shipshape.spring.internal;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.UrlRedaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names the property each configuration problem came from, from the problem's setting path and
 * never from its message: a builder's setting ({@code retry.maxAttempts}) becomes the kebab-case
 * property under the definition's prefix ({@code shipshape.guards.payments.retry.max-attempts}),
 * and a problem the facade reports under a part ({@code guards}, {@code payments}, {@code slo})
 * goes to the prefix that part was configured from. A flag source the facade reports ({@code
 * flags}, {@code sources[2]}) is counted among every source given to the builder, customizers'
 * included, so it goes to the property of the source with the name the problem gives as its
 * value.
 */
final class PropertyPaths {

  /** Settings that name the definition itself, which its property prefix (its key) already is. */
  private static final Set<String> KEYS = Set.of("name", "flag");

  /** The facade's settings that a property sets directly. */
  private static final Map<String, String> FACADE_SETTINGS =
      Map.of("sloEvaluationInterval", "shipshape.slo.evaluation-interval");

  /** The property prefix of each part given to the facade, by its kind and name. */
  private final Map<List<String>, String> parts = new HashMap<>();

  /** The property of each flag source made from one, by the source's name. */
  private final Map<String, String> flagSources = new HashMap<>();

  /**
   * Records that the facade's part {@code kind}/{@code name} came from {@code prefix}.
   *
   * @param kind the part's kind as the facade reports it ({@code guards}, {@code slos})
   * @param name the part's name
   * @param prefix the property prefix it was configured from
   */
  void part(String kind, String name, String prefix) {
    parts.put(List.of(kind, name), prefix);
  }

  /**
   * Records that the flag source named {@code name} came from {@code property}; the first one
   * with that name is kept.
   *
   * @param name the source's name
   * @param property the property it was made from, such as {@code shipshape.flags.sources[0]}
   */
  void flagSource(String name, String property) {
    flagSources.putIfAbsent(name, property);
  }

  /**
   * A problem a definition builder reported, naming its property under {@code prefix}.
   *
   * @param prefix the definition's property prefix, such as {@code shipshape.guards.payments}
   * @param problem the builder's problem
   * @return the problem naming the property
   */
  static ConfigProblem under(String prefix, ConfigProblem problem) {
    return renamed(prefix, problem.path(), problem);
  }

  /**
   * A problem the facade reported, naming the property it came from; a setting no property sets
   * is named under {@code shipshape}.
   *
   * @param problem the facade's problem
   * @return the problem naming the property
   */
  ConfigProblem facade(ConfigProblem problem) {
    List<String> path = problem.path();
    String prefix = path.size() >= 2 ? parts.get(path.subList(0, 2)) : null;
    if (prefix != null) {
      return renamed(prefix, path.subList(2, path.size()), problem);
    }
    String source =
        path.size() == 2 && path.get(0).equals("flags") && problem.value() != null
            ? flagSources.get(problem.value())
            : null;
    if (source != null) {
      return ConfigProblem.of(source, problem.value(), problem.expected());
    }
    String property = FACADE_SETTINGS.get(problem.setting());
    if (property != null) {
      return ConfigProblem.of(property, problem.value(), problem.expected());
    }
    return problem.in("shipshape");
  }

  /**
   * The property of the map entry {@code key} under {@code map}: {@code shipshape.guards.payments},
   * or in brackets when the key has characters that Spring Boot would drop or split on outside
   * them ({@code shipshape.slo.definitions[checkout.v2]}), so that the property named is the one
   * that binds that key.
   *
   * @param map the map property, such as {@code shipshape.guards}
   * @param key the entry's key
   * @return the entry's property
   */
  static String entry(String map, String key) {
    return map + mapKey(key);
  }

  /**
   * A map key as a property element: {@code .payments}, or {@code [checkout.v2]} when it has a
   * character other than a letter, a digit or a dash.
   *
   * @param key the key
   * @return the element with its separator
   */
  static String mapKey(String key) {
    boolean plain = !key.isEmpty();
    for (int i = 0; i < key.length() && plain; i++) {
      char c = key.charAt(i);
      plain =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }
    return plain ? "." + key : "[" + key + "]";
  }

  private static ConfigProblem renamed(String prefix, List<String> setting, ConfigProblem p) {
    StringBuilder property = new StringBuilder(prefix);
    for (String part : setting) {
      if (!KEYS.contains(part)) {
        property.append('.').append(kebab(part));
      }
    }
    // a value the builder refused may be a URL with secrets (a runbook URL): never shown
    String value = p.value() == null ? null : UrlRedaction.location(p.value());
    return ConfigProblem.of(property.toString(), value, p.expected());
  }

  /**
   * The kebab-case form of a camel-case setting: {@code maxAttempts} becomes {@code
   * max-attempts}; dots and indexes are kept.
   *
   * @param camel the setting
   * @return its property form
   */
  static String kebab(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          sb.append('-');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
