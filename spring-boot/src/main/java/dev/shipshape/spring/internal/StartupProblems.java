package dev.shipshape.spring.internal;

import dev.shipshape.spring.InvalidShipshapePropertiesException;
import dev.shipshape.spring.ShipshapeProperties;
import dev.shipshape.time.config.ConfigProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * The problems of the {@code shipshape.*} properties that are found before any bean reads them,
 * so that every bean built from the properties reports them with its own, and none reports a
 * default that a value Boot could not convert left behind.
 *
 * <p>An instance, one per application context, remembers what the property sources gave: the
 * Shipshape bean and the fleet gate both need the problems, and the sources are searched once
 * (and what is only logged, such as an unknown environment variable, is logged once) however
 * many beans ask.
 */
public final class StartupProblems {

  /** The problems the property sources gave, once sought, and the properties they were for. */
  private @Nullable List<ConfigProblem> sought;

  private @Nullable ShipshapeProperties soughtFor;

  /** Creates the memory of one application context; the autoconfiguration makes it. */
  public StartupProblems() {}

  /**
   * The problems found before the properties are read: values the binder could not convert, keys
   * that no property binds, properties spelled twice in one source, and entries whose settings
   * are all empty; a key named by an earlier kind is not named again. The property sources are
   * searched the first time only, when the bean factory holds a {@code StartupProblems}; the
   * values the binder could not convert are read every time, since binding more properties (the
   * fleet gate's) may have found more.
   *
   * @param beanFactory where the binding problems are collected, and the sources' problems kept
   * @param environment searched for keys
   * @param properties the bound {@code shipshape.*} properties, or null when not bound
   * @return the problems, in that order
   */
  public static List<ConfigProblem> earlier(
      ListableBeanFactory beanFactory,
      Environment environment,
      @Nullable ShipshapeProperties properties) {
    List<ConfigProblem> found = new ArrayList<>();
    BindingProblems binding = beanFactory.getBeanProvider(BindingProblems.class).getIfUnique();
    if (binding != null) {
      found.addAll(binding.problems());
    }
    if (environment instanceof ConfigurableEnvironment configurable) {
      Set<String> named = named(found);
      StartupProblems memory = beanFactory.getBeanProvider(StartupProblems.class).getIfUnique();
      List<ConfigProblem> later =
          memory == null
              ? sources(configurable, properties)
              : memory.remembered(configurable, properties);
      for (ConfigProblem p : later) {
        if (!named.contains(KnownProperties.identity(p.setting()))) {
          found.add(p);
        }
      }
    }
    return found;
  }

  /** The problems of the property sources, sought the first time for these properties only. */
  private synchronized List<ConfigProblem> remembered(
      ConfigurableEnvironment environment, @Nullable ShipshapeProperties properties) {
    List<ConfigProblem> known = sought;
    if (known == null || soughtFor != properties) {
      known = List.copyOf(sources(environment, properties));
      sought = known;
      soughtFor = properties;
    }
    return known;
  }

  /**
   * The problems of the property sources: keys that no property binds, properties spelled twice
   * in one source, and entries whose settings are all empty.
   */
  private static List<ConfigProblem> sources(
      ConfigurableEnvironment environment, @Nullable ShipshapeProperties properties) {
    List<ConfigProblem> later = new ArrayList<>(UnknownProperties.problems(environment));
    later.addAll(SpelledTwice.problems(environment));
    if (properties != null) {
      later.addAll(EmptyEntries.problems(environment, properties));
    }
    return later;
  }

  /**
   * The properties {@code problems} name, each in the one form every spelling of it has.
   *
   * @param problems the problems
   * @return the properties' identities
   */
  static Set<String> named(List<ConfigProblem> problems) {
    Set<String> named = new HashSet<>();
    problems.forEach(p -> named.add(KnownProperties.identity(p.setting())));
    return named;
  }

  /**
   * {@code problems} without those under an entry that an earlier one names as given by a list
   * index ({@code shipshape.rollouts[0].steps}): a builder's problem with the entry that index
   * bound to ({@code shipshape.rollouts.0}) would name the same mistake a second time.
   *
   * @param problems the problems, those found before the properties were read first
   * @return every mistake once
   */
  public static List<ConfigProblem> once(List<ConfigProblem> problems) {
    Set<String> listed = new HashSet<>();
    List<ConfigProblem> out = new ArrayList<>();
    for (ConfigProblem p : problems) {
      KnownProperties.Listed entry = KnownProperties.listed(p.setting());
      if (entry != null) {
        listed.add(entry.entry());
        out.add(p);
        continue;
      }
      String identity = KnownProperties.identity(p.setting());
      if (listed.stream().noneMatch(e -> identity.equals(e) || identity.startsWith(e + "."))) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * {@code problems} followed by those of {@code failure} not among them, when the failure is (or
   * was caused by) invalid properties: a bean built from properties that the caller asked for
   * failed on them.
   *
   * @param problems the problems found so far
   * @param failure the failure of the bean
   * @param <E> the failure's type
   * @return every problem once
   * @throws E the failure itself, when it is not about the properties
   */
  public static <E extends RuntimeException> List<ConfigProblem> with(
      List<ConfigProblem> problems, E failure) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof InvalidShipshapePropertiesException)) {
      cause = cause.getCause();
    }
    if (cause == null) {
      throw failure;
    }
    List<ConfigProblem> all = new ArrayList<>(problems);
    for (ConfigProblem p : ((InvalidShipshapePropertiesException) cause).problems()) {
      if (!all.contains(p)) {
        all.add(p);
      }
    }
    return all;
  }
}
