package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.Guard;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.Probe;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An application's guards, as the facade wires them: validated together with the rest of the
 * configuration, created on one {@link GuardRuntime}, their breakers registered as readiness
 * checks, and closed with the application.
 */
public final class GuardSet implements AutoCloseable {

  /** The prefix of a guard's circuit breaker check; the guard's name follows. */
  public static final String CHECK_PREFIX = "circuit-breaker:";

  private final GuardRuntime runtime;
  private final Map<String, GuardImpl> guards;

  /**
   * Creates every guard of {@code configs} on {@code runtime}.
   *
   * @param configs validated definitions with unique names and known SLOs
   * @param runtime the shared parts
   */
  public GuardSet(List<GuardConfig> configs, GuardRuntime runtime) {
    this.runtime = runtime;
    Map<String, GuardImpl> byName = new LinkedHashMap<>();
    for (GuardConfig c : configs) {
      byName.put(c.name(), runtime.create(c));
    }
    this.guards = Collections.unmodifiableMap(byName);
  }

  /**
   * Checks the guard definitions the facade was given and adds every problem, each under {@code
   * guards} and the guard's name: duplicate names, unknown SLOs.
   *
   * @param configs the definitions, in the order given
   * @param sloNames the application's SLO names
   * @param problems receives the problems
   * @return the valid definitions
   */
  public static List<GuardConfig> configs(
      List<GuardConfig> configs, Set<String> sloNames, Problems problems) {
    List<GuardConfig> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (GuardConfig c : configs) {
      if (!names.add(c.name())) {
        problems.add(
            ConfigProblem.of("name", c.name(), "is already used by another guard")
                .in("guards", c.name()));
        continue;
      }
      List<ConfigProblem> own = GuardRuntime.problems(c, sloNames);
      problems.addAll(own);
      if (own.isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Registers a readiness check for each guard's circuit breaker, named {@value #CHECK_PREFIX}
   * followed by the guard's name; non-critical unless the guard asks otherwise.
   *
   * @param health the health builder
   */
  public void registerChecks(Health.Builder health) {
    for (GuardImpl g : guards.values()) {
      GuardConfig.BreakerCheck kind = g.config().breakerCheck();
      if (kind == GuardConfig.BreakerCheck.NONE || g.config().circuitBreaker().isEmpty()) {
        continue;
      }
      CheckOptions.Builder options = CheckOptions.builder().probes(Probe.READINESS);
      if (kind == GuardConfig.BreakerCheck.NON_CRITICAL) {
        options.nonCritical();
      }
      health.check(
          CHECK_PREFIX + g.name(),
          GuardRuntime.breakerCheck(g),
          options.build());
    }
  }

  /**
   * The guard with the given name.
   *
   * @param name a guard's name
   * @return the guard
   * @throws IllegalArgumentException if there is no such guard
   */
  public Guard get(String name) {
    Guard g = guards.get(name);
    if (g == null) {
      throw new IllegalArgumentException(
          "guard was '" + name + "' but must be one of " + guards.keySet());
    }
    return g;
  }

  /**
   * Every guard, in the order configured.
   *
   * @return the guards by name
   */
  public Map<String, ? extends Guard> all() {
    return guards;
  }

  /** Answers pending waits and stops the guards' threads. */
  @Override
  public void close() {
    runtime.close();
  }
}
