package dev.shipshape.spring.internal;

import dev.shipshape.spring.ShipshapeFleetProperties;
import dev.shipshape.spring.ShipshapeProperties;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Every {@code shipshape.*} property the starter binds, read from its properties classes themselves
 * ({@link ShipshapeProperties} and {@link ShipshapeFleetProperties}: their getters, nested settings
 * classes, lists and maps), so the names never drift from what the binder accepts; and the
 * questions asked of a key against them: whether a property binds it, which spelling of a property
 * it is, how it misuses a list or a map, and which valid property is closest to it.
 */
public final class KnownProperties {

  private static final String PREFIX = "shipshape";

  /** A map key, such as the SLO name in {@code shipshape.slo.definitions.<name>.objective}. */
  private static final String ANY = "*";

  /** The package of the starter's settings classes. */
  private static final String SETTINGS_PACKAGE = ShipshapeProperties.class.getPackageName() + ".";

  /** Every valid property as its elements, map keys as {@link #ANY}. */
  private static final List<List<String>> KNOWN = new ArrayList<>();

  /** The properties among {@link #KNOWN} that are lists, whose elements are set by index. */
  private static final List<List<String>> LISTS = new ArrayList<>();

  /** The properties that are maps, such as {@code shipshape.guards}, without their keys. */
  private static final List<List<String>> MAPS = new ArrayList<>();

  /** A name to show as an example of an entry of each map of named entries. */
  private static final Map<String, String> EXAMPLE_NAMES =
      Map.of(
          "shipshape.guards", "payments",
          "shipshape.slo.definitions", "checkout",
          "shipshape.rollouts", "new-checkout",
          "shipshape.health.checks", "db",
          "shipshape.fleet.headers", "authorization",
          "shipshape.flags.http-headers", "authorization");

  static {
    for (Class<?> properties : List.of(ShipshapeProperties.class, ShipshapeFleetProperties.class)) {
      ConfigurationProperties bound = properties.getAnnotation(ConfigurationProperties.class);
      String prefix = bound.value().isEmpty() ? bound.prefix() : bound.value();
      collect(properties, List.of(prefix.split("\\.")));
    }
  }

  private KnownProperties() {}

  /**
   * A key's elements: in uniform form (lower case, no dashes) to compare, and as given to show.
   *
   * @param uniform the elements compared with the valid names
   * @param shown the elements as the key spells them, so that a suggestion names the same map
   *     key ({@code Checkout}, {@code [checkout.v2]})
   */
  record Key(List<String> uniform, List<String> shown) {}

  /**
   * The property a key sets, in a form that two spellings of it share ({@code poll-interval} and
   * {@code pollInterval}, {@code sources[0]} and {@code sources.0}): its elements in uniform form,
   * but a map key as given, since {@code guards.Payments} and {@code guards.payments} are two
   * guards. A key that is not a {@code shipshape.*} key is returned as it is.
   *
   * @param key a property key as given
   * @return the form to compare
   */
  public static String identity(String key) {
    Key parsed = key(key);
    if (parsed == null) {
      return key;
    }
    List<String> out = new ArrayList<>(parsed.uniform);
    for (List<String> known : KNOWN) {
      if (matches(known, parsed.uniform)) {
        for (int i = 0; i < known.size(); i++) {
          if (known.get(i).equals(ANY)) {
            out.set(i, parsed.shown.get(i));
          }
        }
        break;
      }
    }
    return String.join(".", out);
  }

  /** The elements of a {@code shipshape.*} key, or null for any other key. */
  static @Nullable Key key(String key) {
    if (!key.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        || (key.length() > PREFIX.length()
            && key.charAt(PREFIX.length()) != '.'
            && key.charAt(PREFIX.length()) != '[')) {
      return null;
    }
    ConfigurationPropertyName name;
    try {
      name = ConfigurationPropertyName.adapt(key, '.');
    } catch (RuntimeException e) {
      return null;
    }
    List<String> uniform = new ArrayList<>(name.getNumberOfElements());
    List<String> shown = new ArrayList<>(name.getNumberOfElements());
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      uniform.add(name.getElement(i, Form.UNIFORM));
      shown.add(name.getElement(i, Form.ORIGINAL));
    }
    return uniform.isEmpty() || !uniform.get(0).equals(PREFIX) ? null : new Key(uniform, shown);
  }

  /**
   * The elements of a {@code SHIPSHAPE_...} environment variable as Spring Boot binds it
   * (underscores separate elements), or null for any other variable.
   */
  static @Nullable Key environmentKey(String variable) {
    if (!variable.startsWith("SHIPSHAPE_")) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String part : variable.toLowerCase(Locale.ROOT).split("_")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return new Key(out, out);
  }

  /**
   * Whether a key is one a Shipshape property binds.
   *
   * @param key a {@code shipshape.*} key, such as {@code shipshape.flags.sources[0]}
   * @return true if a property binds it
   */
  public static boolean isKnown(String key) {
    Key parsed = key(key);
    return parsed != null && isKnown(parsed.uniform);
  }

  static boolean isKnown(List<String> elements) {
    for (List<String> known : KNOWN) {
      if (matches(known, elements)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code elements} name a map property itself ({@code shipshape.fleet.headers=abc}),
   * whose value the binder reports as one it cannot convert.
   */
  static boolean isMap(List<String> elements) {
    return MAPS.stream().anyMatch(map -> map.size() == elements.size() && matches(map, elements));
  }

  /**
   * A key that gives an entry of a map of named entries as a list element.
   *
   * @param map the map property as the key spells it, such as {@code shipshape.guards}
   * @param entry the entry's identity, such as {@code shipshape.guards.0}
   * @param example the key with a name in place of the index
   */
  record Listed(String map, String entry, String example) {}

  /**
   * How {@code key} gives an entry of a map of named entries as a list element, an index in
   * brackets ({@code shipshape.guards[0].timeout}, as Spring Boot reads a YAML list), or null when
   * it does not. A name in brackets ({@code guards[payments.v2]}) or after a dot ({@code guards.0})
   * is a name.
   */
  static @Nullable Listed listed(String key) {
    Key parsed = key(key);
    return parsed == null ? null : listed(key, parsed);
  }

  static @Nullable Listed listed(String key, Key parsed) {
    for (List<String> map : MAPS) {
      int at = map.size();
      if (parsed.uniform.size() > at
          && matches(map, parsed.uniform.subList(0, at))
          && ConfigurationPropertyName.adapt(key, '.').isNumericIndex(at)) {
        String property = concrete(map, parsed.shown, true);
        String name = EXAMPLE_NAMES.getOrDefault(String.join(".", map), "<name>");
        ConfigurationPropertyName rest = ConfigurationPropertyName.adapt(key, '.').subName(at + 1);
        return new Listed(
            property,
            identity(property + "[" + parsed.shown.get(at) + "]"),
            property + "." + name + (rest.isEmpty() ? "" : "." + rest));
      }
    }
    return null;
  }

  /**
   * The list property that {@code key} sets an element of with something other than one index
   * ({@code shipshape.fleet.matchers[x]}, {@code sources.x} from a YAML map), as the key spells
   * it, or null when the key is under no list property.
   */
  static @Nullable String listOf(Key key) {
    for (List<String> list : LISTS) {
      if (key.uniform.size() > list.size()
          && matches(list, key.uniform.subList(0, list.size()))) {
        return concrete(list, key.shown, true);
      }
    }
    return null;
  }

  /**
   * Whether {@code elements} is {@code known}, followed by one list index such as [0] when it is
   * a list. A known name that ends in a map key is a map of plain values ({@code
   * shipshape.fleet.headers}), whose key Spring Boot binds from every element left ({@code
   * headers.x.y} is the key {@code x.y}), so any elements may follow it.
   */
  private static boolean matches(List<String> known, List<String> elements) {
    if (elements.size() < known.size()) {
      return false;
    }
    for (int i = 0; i < known.size(); i++) {
      String k = known.get(i);
      if (!k.equals(ANY) && !uniform(k).equals(elements.get(i))) {
        return false;
      }
    }
    if (known.get(known.size() - 1).equals(ANY)) {
      return true;
    }
    return elements.size() == known.size()
        || (elements.size() == known.size() + 1
            && isIndex(elements.get(known.size()))
            && LISTS.contains(known));
  }

  private static boolean isIndex(String element) {
    if (element.isEmpty()) {
      return false;
    }
    for (int i = 0; i < element.length(); i++) {
      if (!Character.isDigit(element.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The valid property closest to {@code elements} by edit distance, with map keys taken from
   * the key itself ({@code shipshape.slo.definitions.search.objectiv} suggests {@code
   * shipshape.slo.definitions.search.objective}), or null when none is close.
   */
  static @Nullable String closest(Key key) {
    String given = uniform(String.join(".", key.uniform));
    return KNOWN.stream()
        .map(
            known ->
                Map.entry(
                    concrete(known, key.shown, true),
                    distance(given, uniform(concrete(known, key.uniform, false)))))
        .filter(e -> e.getValue() <= Math.max(2, e.getKey().length() / 6))
        .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  /**
   * A known property with its map keys filled in from {@code elements} where it has them; with
   * {@code bracket}, a key that needs them in brackets ({@code definitions[checkout.v2]}).
   */
  private static String concrete(List<String> known, List<String> elements, boolean bracket) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < known.size(); i++) {
      String k = known.get(i);
      if (k.equals(ANY) && i < elements.size() && bracket) {
        sb.append(PropertyPaths.mapKey(elements.get(i)));
        continue;
      }
      if (i > 0) {
        sb.append('.');
      }
      sb.append(k.equals(ANY) ? (i < elements.size() ? elements.get(i) : "<name>") : k);
    }
    return sb.toString();
  }

  private static String uniform(String dashed) {
    return dashed.replace("-", "");
  }

  /** Levenshtein distance: the fewest insertions, deletions and substitutions from a to b. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  // ---- the valid names, from the properties classes ----

  private static void collect(Class<?> type, List<String> prefix) {
    for (Method m : type.getMethods()) {
      String property = propertyName(m);
      if (property == null) {
        continue;
      }
      List<String> name = new ArrayList<>(prefix);
      name.add(PropertyPaths.kebab(property));
      Type returned = m.getGenericReturnType();
      if (Map.class.isAssignableFrom(m.getReturnType())) {
        MAPS.add(List.copyOf(name));
      } else if (List.class.isAssignableFrom(m.getReturnType())) {
        LISTS.add(List.copyOf(name));
      }
      if (isSettings(m.getReturnType())) {
        collect(m.getReturnType(), name);
      } else if (Map.class.isAssignableFrom(m.getReturnType())
          && returned instanceof ParameterizedType map
          && map.getActualTypeArguments()[1] instanceof Class<?> value
          && isSettings(value)) {
        name.add(ANY);
        collect(value, name);
      } else if (Map.class.isAssignableFrom(m.getReturnType())) {
        name.add(ANY);
        KNOWN.add(List.copyOf(name));
      } else {
        KNOWN.add(List.copyOf(name));
      }
    }
  }

  /** The bean property a public getter reads, or null when {@code m} is no getter. */
  private static @Nullable String propertyName(Method m) {
    if (m.getParameterCount() != 0
        || Modifier.isStatic(m.getModifiers())
        || m.getDeclaringClass() == Object.class) {
      return null;
    }
    String n = m.getName();
    if (n.startsWith("get") && n.length() > 3) {
      return Character.toLowerCase(n.charAt(3)) + n.substring(4);
    }
    if (n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class) {
      return Character.toLowerCase(n.charAt(2)) + n.substring(3);
    }
    return null;
  }

  /** The starter's own settings classes, whose properties are nested names. */
  private static boolean isSettings(Class<?> type) {
    return type.getName().startsWith(SETTINGS_PACKAGE) && !type.isEnum();
  }
}
