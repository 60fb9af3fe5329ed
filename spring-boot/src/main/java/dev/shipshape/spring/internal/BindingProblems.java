package dev.shipshape.spring.internal;

import dev.shipshape.spring.InvalidShipshapePropertiesException;
import dev.shipshape.spring.ShipshapeProperties;
import dev.shipshape.time.config.ConfigProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;

/**
 * Collects the {@code shipshape.*} values that Spring Boot's binder cannot convert ({@code
 * poll-interval=abc}, {@code retry.max-attempts=1.5}, a YAML entry {@code payments:} left empty,
 * which Boot reads as the string {@code ''}) as problems, so that they are reported with every
 * other problem of the properties instead of stopping the binding at the first one. A value that
 * cannot be converted keeps the property's default while the binding goes on.
 *
 * <p>The Shipshape bean reports the problems with the rest. Should properties be bound without
 * it (an application that defines its own Shipshape bean), the problems still stop the startup
 * once every singleton exists. A binding after that (a refresh of the properties at run time)
 * fails at the first value Boot cannot convert, as it would without this collector, rather than
 * keep a default nobody is told about.
 */
public final class BindingProblems
    implements ConfigurationPropertiesBindHandlerAdvisor, SmartInitializingSingleton {

  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("shipshape");

  /** The package of the starter's settings classes, such as an SLO's or a guard's. */
  private static final String SETTINGS_PACKAGE = ShipshapeProperties.class.getPackageName() + ".";

  private final List<ConfigProblem> problems = new ArrayList<>();

  /** Whether the application has started: every problem found so far has been reported. */
  private volatile boolean started;

  /** Creates an empty collector; the autoconfiguration makes one per application context. */
  public BindingProblems() {}

  @Override
  public BindHandler apply(BindHandler bindHandler) {
    return new AbstractBindHandler(bindHandler) {
      @Override
      public @Nullable Object onFailure(
          ConfigurationPropertyName name,
          Bindable<?> target,
          BindContext context,
          Exception error)
          throws Exception {
        if (started || !ROOT.isAncestorOf(name)) {
          // a binding after startup (a refresh of the properties) fails as Boot would
          return super.onFailure(name, target, context, error);
        }
        if (!(error instanceof UnboundConfigurationPropertiesException)) {
          // keys left unbound under a list (matchers[x]) are named by UnknownProperties, each
          // where it was set, rather than as the list missing
          record(problem(name, target, given(name, context)));
        }
        // keep the default and go on binding, as if the value had not been given
        return target.getValue() == null ? null : target.getValue().get();
      }
    };
  }

  private synchronized void record(ConfigProblem problem) {
    problems.add(problem);
  }

  /**
   * The problems found so far, in the order the binder met them.
   *
   * @return a copy
   */
  public synchronized List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /**
   * Stops the startup with the problems found, if any is left: properties bound after the
   * Shipshape bean was made, or without one.
   *
   * @throws InvalidShipshapePropertiesException listing them
   */
  @Override
  public void afterSingletonsInstantiated() {
    started = true;
    List<ConfigProblem> found = problems();
    if (!found.isEmpty()) {
      throw new InvalidShipshapePropertiesException(found);
    }
  }

  /**
   * The property that failed: the one being converted, or for an entry whose value is an empty
   * string (no property of its own to bind), the value as its source holds it.
   */
  private static @Nullable ConfigurationProperty given(
      ConfigurationPropertyName name, BindContext context) {
    ConfigurationProperty given = context.getConfigurationProperty();
    if (given != null) {
      return given;
    }
    for (ConfigurationPropertySource source : context.getSources()) {
      given = source.getConfigurationProperty(name);
      if (given != null) {
        return given;
      }
    }
    return null;
  }

  private static ConfigProblem problem(
      ConfigurationPropertyName name, Bindable<?> target, @Nullable ConfigurationProperty given) {
    String expected =
        expected(target.getType().resolve(Object.class))
            + Shown.setIn(given == null ? null : given.getOrigin());
    return ConfigProblem.of(
        name.toString(), given == null ? null : Shown.value(name.toString(), given.getValue()), expected);
  }

  /** What a value bound to {@code type} must be, as the properties reference describes it. */
  static String expected(Class<?> type) {
    if (type == Duration.class) {
      return "a duration such as 500ms, 30s, 5m or PT1S was expected";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number was expected";
    }
    if (type == double.class || type == Double.class || type == float.class
        || type == Float.class) {
      return "a number was expected";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false was expected";
    }
    if (type == URI.class) {
      return "a URL was expected";
    }
    if (type.isEnum()) {
      return Arrays.stream(type.getEnumConstants())
              .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
              .collect(Collectors.joining(", ", "one of ", ""))
          + " was expected";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "entries under it, each by its name, were expected";
    }
    if (type.getName().startsWith(SETTINGS_PACKAGE)) {
      return "settings under it were expected: an entry with nothing under it defines nothing,"
          + " so give it a setting or remove it";
    }
    return "a value of type " + type.getSimpleName() + " was expected";
  }
}
