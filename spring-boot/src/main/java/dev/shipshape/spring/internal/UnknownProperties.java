package dev.shipshape.spring.internal;

import dev.shipshape.time.config.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Finds {@code shipshape.*} keys that no Shipshape property binds, such as a misspelled {@code
 * shipshape.flags.poll-intervall}, and names the closest valid property for each, as {@link
 * KnownProperties} reads the valid names from the starter's properties classes.
 *
 * <p>Keys from the operating system's environment ({@code SHIPSHAPE_...} variables) are only
 * logged as a warning: an environment often carries variables meant for other tools.
 */
public final class UnknownProperties {

  private static final Logger log = LoggerFactory.getLogger(UnknownProperties.class);

  private UnknownProperties() {}

  /**
   * The unknown keys of the application's own property sources, each as a problem: the key, its
   * value and where it was set, and the closest valid property.
   *
   * @param environment the application's environment
   * @return one problem per unknown key, in the order the sources are searched
   */
  public static List<ConfigProblem> problems(ConfigurableEnvironment environment) {
    Map<String, @Nullable ConfigProblem> problems = new LinkedHashMap<>();
    forEachKey(
        environment,
        (source, key) -> {
          boolean osEnvironment =
              source.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
          KnownProperties.Key parsed =
              osEnvironment ? KnownProperties.environmentKey(key) : KnownProperties.key(key);
          KnownProperties.Listed listed =
              osEnvironment || parsed == null ? null : KnownProperties.listed(key, parsed);
          if (listed != null && !problems.containsKey(key)) {
            problems.put(
                key,
                ConfigProblem.of(
                    key,
                    Shown.value(key, source.getProperty(key)),
                    "entries under "
                        + listed.map()
                        + ", each by its name ("
                        + listed.example()
                        + "), were expected instead of a list"
                        + Shown.setIn(OriginLookup.getOrigin(source, key))));
            return;
          }
          if (parsed == null
              || KnownProperties.isKnown(parsed.uniform())
              || (!osEnvironment && KnownProperties.isMap(parsed.uniform()))
              || problems.containsKey(key)) {
            return;
          }
          String list = osEnvironment ? null : KnownProperties.listOf(parsed);
          if (list != null) {
            problems.put(
                key,
                ConfigProblem.of(
                    key,
                    Shown.value(key, source.getProperty(key)),
                    "a list index such as "
                        + list
                        + "[0] was expected"
                        + Shown.setIn(OriginLookup.getOrigin(source, key))));
            return;
          }
          String suggestion = KnownProperties.closest(parsed);
          if (osEnvironment) {
            log.atWarn()
                .setMessage(
                    "environment variable "
                        + key
                        + " binds no Shipshape property and is ignored"
                        + (suggestion == null
                            ? ""
                            : "; did you mean "
                                + suggestion
                                + " ("
                                + suggestion
                                    .replace("-", "")
                                    .replace('.', '_')
                                    .toUpperCase(Locale.ROOT)
                                + ")?"))
                .addKeyValue("variable", key)
                .addKeyValue("closestProperty", suggestion)
                .log();
            problems.put(key, null);
            return;
          }
          StringBuilder expected =
              new StringBuilder("is not a Shipshape property")
                  .append(Shown.setIn(OriginLookup.getOrigin(source, key)));
          if (suggestion != null) {
            expected.append(": did you mean ").append(suggestion).append('?');
          }
          problems.put(
              key,
              ConfigProblem.of(
                  key, Shown.value(key, source.getProperty(key)), expected.toString()));
        });
    List<ConfigProblem> out = new ArrayList<>();
    problems.values().stream().filter(Objects::nonNull).forEach(out::add);
    return out;
  }

  /**
   * Calls {@code action} with every key of the application's enumerable property sources, in the
   * order the sources are searched, and the source that holds it: all but the binder's own view of
   * them ({@code configurationProperties}), which would repeat every key.
   *
   * @param environment the application's environment
   * @param action receives each source and key
   */
  static void forEachKey(
      ConfigurableEnvironment environment, BiConsumer<PropertySource<?>, String> action) {
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> enumerable
          && !source.getName().equals("configurationProperties")) {
        for (String key : enumerable.getPropertyNames()) {
          action.accept(source, key);
        }
      }
    }
  }
}
