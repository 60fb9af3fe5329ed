package dev.shipshape.spring.internal;

import dev.shipshape.time.config.ConfigProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Finds a Shipshape property given twice with different values in one property source under two
 * spellings, such as {@code shipshape.flags.poll-interval=3s} and {@code
 * shipshape.flags.pollInterval=5s} in one {@code application.properties}: Boot binds one of them
 * and drops the other without a word. Across sources there is no problem, since a source searched
 * first (a command-line argument, say) overrides a later one by design.
 */
public final class SpelledTwice {

  private SpelledTwice() {}

  /**
   * One problem per later spelling of a property whose value differs from the first spelling's
   * in the same source, in the order the sources are searched.
   *
   * @param environment the application's environment
   * @return the problems, empty when no source spells a property twice
   */
  public static List<ConfigProblem> problems(ConfigurableEnvironment environment) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<PropertySource<?>, Map<String, String>> firstSpelling = new HashMap<>();
    UnknownProperties.forEachKey(
        environment,
        (source, key) -> {
          if (source.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
              || KnownProperties.key(key) == null) {
            return;
          }
          String first =
              firstSpelling
                  .computeIfAbsent(source, s -> new HashMap<>())
                  .putIfAbsent(KnownProperties.identity(key), key);
          if (first == null
              || Objects.equals(
                  String.valueOf(source.getProperty(first)),
                  String.valueOf(source.getProperty(key)))) {
            return;
          }
          String expected =
              "sets the same property as "
                  + first
                  + " ('"
                  + Shown.value(first, source.getProperty(first))
                  + "') in the same place"
                  + Shown.setIn(OriginLookup.getOrigin(source, key))
                  + ", and only one of them would be used: give the property once";
          problems.add(ConfigProblem.of(key, Shown.value(key, source.getProperty(key)), expected));
        });
    return problems;
  }
}
