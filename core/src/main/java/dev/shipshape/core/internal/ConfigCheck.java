package dev.shipshape.core.internal;

import dev.shipshape.core.ConfigurationException;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.guard.internal.GuardSet;
import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.internal.RolloutRuntime;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a facade configuration as a whole before any part starts: it makes every deferred
 * definition and reports every problem at once, each under the part it belongs to ({@code slos},
 * {@code guards}, {@code rollouts}, {@code healthChecks} and the part's name; {@code flags} before
 * the flags builder's own setting, such as {@code sources[1]}).
 *
 * @param clock the application's clock
 * @param slos the SLO definitions, names unique
 * @param checks the user's health checks with their options
 * @param guards the guard definitions, names unique, SLOs known
 * @param rollouts the rollout definitions, SLOs known
 */
record ConfigCheck(
    Clock clock,
    List<SloDefinition> slos,
    List<Registration> checks,
    List<GuardConfig> guards,
    List<RolloutConfig> rollouts) {

  /** The longest allowed interval between SLO alert evaluations. */
  static final Duration MAX_SLO_EVALUATION_INTERVAL = Duration.ofMinutes(5);

  /** One health check with its options. */
  record Registration(String name, HealthCheck check, CheckOptions options) {}

  /**
   * Validates {@code config}.
   *
   * @throws ConfigurationException listing every problem found
   */
  static ConfigCheck of(Assembly.Config config) {
    Problems problems = new Problems();
    Clock clock = resolveClock(config, problems);
    checkFlagSources(config.flagSources(), problems);
    List<SloDefinition> slos = sloDefinitions(config.slos(), problems);
    checkInterval(config.sloEvaluationInterval(), problems);
    List<Registration> checks = checks(config.checks(), problems);
    Set<String> sloNames = new HashSet<>();
    slos.forEach(d -> sloNames.add(d.name()));
    List<GuardConfig> guards =
        GuardSet.configs(resolve(config.guards(), problems), sloNames, problems);
    List<RolloutConfig> rollouts =
        RolloutRuntime.configs(resolve(config.rollouts(), problems), sloNames, problems);
    problems.throwIfAny(ConfigurationException::new);
    return new ConfigCheck(clock, slos, checks, guards, rollouts);
  }

  private static <T> List<T> resolve(List<Deferred<T>> deferred, Problems problems) {
    List<T> out = new ArrayList<>();
    for (Deferred<T> d : deferred) {
      out.addAll(d.resolve(problems));
    }
    return out;
  }

  private static Clock resolveClock(Assembly.Config config, Problems problems) {
    Clock clock = config.clock();
    Scheduler scheduler = config.scheduler();
    if (clock == null) {
      return scheduler != null ? scheduler.clock() : Clock.systemUTC();
    }
    if (scheduler != null
        && (clock instanceof ManualClock) != (scheduler.clock() instanceof ManualClock)) {
      problems.add(
          "scheduler",
          scheduler,
          "must run on the clock '"
              + clock
              + "' (use Scheduler.forClock(clock); otherwise periodic work never runs on time)");
    }
    return clock;
  }

  /** The problems the flags client would refuse to start with, such as two sources' one name. */
  private static void checkFlagSources(List<FlagSource> sources, Problems problems) {
    Flags.Builder flags = Flags.builder();
    sources.forEach(flags::source);
    problems.addAll(flags.problems(), "flags");
  }

  private static List<SloDefinition> sloDefinitions(
      List<Deferred<SloDefinition>> specs, Problems problems) {
    List<SloDefinition> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SloDefinition d : resolve(specs, problems)) {
      if (names.add(d.name())) {
        out.add(d);
      } else {
        problems.add(
            ConfigProblem.of("name", d.name(), "is already used by another SLO")
                .in("slos", d.name()));
      }
    }
    return out;
  }

  private static void checkInterval(Duration interval, Problems problems) {
    if (interval.isNegative()
        || interval.isZero()
        || interval.compareTo(MAX_SLO_EVALUATION_INTERVAL) > 0) {
      problems.add(
          "sloEvaluationInterval",
          interval,
          "must be positive and at most " + MAX_SLO_EVALUATION_INTERVAL);
    }
  }

  private static List<Registration> checks(List<Assembly.CheckSpec> specs, Problems problems) {
    List<Registration> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Assembly.CheckSpec spec : specs) {
      String name = spec.name();
      Problems own = new Problems();
      if (name.isBlank()) {
        own.add("name", name, "must not be blank");
      } else if (name.equals(Shipshape.FLAG_SOURCES_CHECK)
          || name.startsWith(Shipshape.SLO_BUDGET_CHECK_PREFIX)) {
        own.add(
            "name",
            name,
            "'"
                + Shipshape.FLAG_SOURCES_CHECK
                + "' and names starting with '"
                + Shipshape.SLO_BUDGET_CHECK_PREFIX
                + "' are reserved for built-in checks");
      } else if (name.startsWith(GuardSet.CHECK_PREFIX)) {
        own.add(
            "name",
            name,
            "names starting with '"
                + GuardSet.CHECK_PREFIX
                + "' are reserved for guards' circuit breakers");
      } else if (!names.add(name)) {
        own.add("name", name, "is already registered");
      }
      CheckOptions options = spec.options();
      if (options == null) {
        try {
          options = CheckOptions.of(spec.probes().toArray(new Probe[0]));
        } catch (ConfigurationException e) {
          own.addAll(e.problems());
        }
      }
      problems.addAll(own.toList(), "healthChecks", name);
      if (own.isEmpty() && options != null) {
        out.add(new Registration(name, spec.check(), options));
      }
    }
    return out;
  }
}
