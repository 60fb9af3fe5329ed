package dev.shipshape.spring.internal;

import dev.shipshape.core.ConfigurationException;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.guard.GuardConfigException;
import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutConfigException;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.OpenSlo;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.slo.SloDefinitionException;
import dev.shipshape.spring.InvalidShipshapePropertiesException;
import dev.shipshape.spring.FlagsProperties;
import dev.shipshape.spring.GuardProperties;
import dev.shipshape.spring.HealthProperties;
import dev.shipshape.spring.RolloutProperties;
import dev.shipshape.spring.ShipshapeProperties;
import dev.shipshape.spring.SloProperties;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link ShipshapeProperties} and the application's health check beans into a configured
 * {@link Shipshape.Builder}, collecting every problem with the property it came from.
 */
public final class PropertiesAssembler {

  /**
   * The longest {@code shipshape.flags.stale-after}: a hundred years. The flags endpoint takes it
   * from the current instant, which an absurd one (a billion years) would take out of range.
   */
  private static final Duration MAX_STALE_AFTER = Duration.ofDays(36_500);

  private final PropertyLocations locations;
  private final @Nullable RolloutGates gates;
  private final Problems problems = new Problems();
  private final PropertyPaths paths = new PropertyPaths();

  /**
   * Creates an assembler that reads classpath resources with {@code classLoader}.
   *
   * @param classLoader the application's class loader
   */
  public PropertiesAssembler(ClassLoader classLoader) {
    this(classLoader, null);
  }

  /**
   * Creates an assembler whose rollouts named by {@code gates} are driven by its gate.
   *
   * @param classLoader the application's class loader
   * @param gates a gate and the flags whose rollouts it drives, or null
   */
  public PropertiesAssembler(ClassLoader classLoader, @Nullable RolloutGates gates) {
    this.locations = new PropertyLocations(classLoader, problems);
    this.gates = gates;
  }

  /**
   * Configures {@code builder} from the properties and builds it.
   *
   * @param builder a builder with the clock, meters and sinks already set
   * @param props the properties
   * @param checks the application's health checks by bean name
   * @return the running Shipshape
   * @throws InvalidShipshapePropertiesException listing every problem
   */
  public Shipshape build(
      Shipshape.Builder builder, ShipshapeProperties props, Map<String, HealthCheck> checks) {
    return build(builder, props, checks, List.of());
  }

  /**
   * Configures {@code builder} from the properties and builds it, reporting {@code
   * earlierProblems} (such as unknown keys) first, with every problem found here.
   *
   * @param builder a builder with the clock, meters and sinks already set
   * @param props the properties
   * @param checks the application's health checks by bean name
   * @param earlierProblems problems found before the properties were read
   * @return the running Shipshape
   * @throws InvalidShipshapePropertiesException listing every problem
   */
  public Shipshape build(
      Shipshape.Builder builder,
      ShipshapeProperties props,
      Map<String, HealthCheck> checks,
      List<ConfigProblem> earlierProblems) {
    problems.addAll(earlierProblems);
    builder.logging(props.isLogging());
    flags(builder, props.getFlags());
    slos(builder, props.getSlo());
    props.getGuards().forEach((name, g) -> guard(builder, name, g));
    props.getRollouts().forEach((key, r) -> rollout(builder, key, r));
    gatedRollouts(props.getRollouts().keySet());
    health(builder, props.getHealth(), checks);
    problems.throwIfAny(p -> new InvalidShipshapePropertiesException(StartupProblems.once(p)));
    try {
      return builder.build();
    } catch (ConfigurationException e) {
      throw new InvalidShipshapePropertiesException(
          e.problems().stream().map(paths::facade).toList());
    }
  }

  private void flags(Shipshape.Builder builder, FlagsProperties flags) {
    Duration poll = flags.getPollInterval();
    if (poll != null && poll.isNegative()) {
      problems.add("shipshape.flags.poll-interval", poll, "must be zero or positive");
      poll = null;
    }
    Duration httpTimeout = flags.getHttpTimeout();
    if (httpTimeout.isNegative() || httpTimeout.isZero()) {
      problems.add("shipshape.flags.http-timeout", httpTimeout, "must be positive");
      httpTimeout = FlagSource.DEFAULT_HTTP_TIMEOUT;
    }
    Duration staleAfter = flags.getStaleAfter();
    if (staleAfter.isNegative()
        || staleAfter.isZero()
        || staleAfter.compareTo(MAX_STALE_AFTER) > 0) {
      problems.add(
          "shipshape.flags.stale-after", staleAfter, "must be positive and at most 36500 days");
    }
    builder.staleFlagsCritical(flags.isStaleCritical());
    List<String> sources = flags.getSources();
    // the flags builder's own check of the sources made here, each named by its position there
    Flags.Builder check = Flags.builder();
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      String property = "shipshape.flags.sources[" + i + "]";
      String location = sources.get(i) == null ? "" : sources.get(i).trim();
      FlagSource source =
          locations.flagSource(property, location, poll, httpTimeout, flags.getHttpHeaders());
      if (source != null) {
        properties.put("sources[" + properties.size() + "]", property);
        check.source(source);
        paths.flagSource(source.name(), property);
        builder.flags(source);
      }
    }
    for (ConfigProblem p : check.problems()) {
      String property = properties.getOrDefault(p.setting(), "shipshape.flags.sources");
      problems.add(property, p.value(), p.expected());
    }
  }

  private void slos(Shipshape.Builder builder, SloProperties slo) {
    builder.sloEvaluationInterval(slo.getEvaluationInterval());
    List<String> files = slo.getFiles();
    for (int i = 0; i < files.size(); i++) {
      String property = "shipshape.slo.files[" + i + "]";
      String location = files.get(i) == null ? "" : files.get(i).trim();
      String yaml = locations.read(property, location);
      if (yaml == null) {
        continue;
      }
      try {
        for (SloDefinition d : OpenSlo.parse(yaml, location)) {
          paths.part("slos", d.name(), property);
          builder.slo(d);
        }
      } catch (SloDefinitionException e) {
        for (ConfigProblem p : e.problems()) {
          problems.add(property, location, "must be a valid OpenSLO file: " + inFile(p, location));
        }
      } catch (IllegalArgumentException e) {
        problems.add(property, location, "must be an OpenSLO file (" + e.getMessage() + ")");
      }
    }
    slo.getDefinitions().forEach((name, d) -> sloDefinition(builder, name, d));
  }

  private void sloDefinition(Shipshape.Builder builder, String name, SloProperties.Definition d) {
    String prefix = PropertyPaths.entry("shipshape.slo.definitions", name);
    SloDefinition.Builder b = Slo.named(name).window(d.getWindow()).description(d.getDescription());
    if (d.getObjective() != null) {
      b.objective(d.getObjective()); // when unset, build() reports it with the other problems
    }
    if (d.getLatencyThreshold() != null) {
      b.latencyThreshold(d.getLatencyThreshold());
    }
    if (d.getService() != null) {
      b.service(d.getService());
    }
    if (d.getRunbookUrl() != null) {
      b.runbookUrl(d.getRunbookUrl());
    }
    try {
      builder.slo(b.build());
      paths.part("slos", name, prefix);
    } catch (SloDefinitionException e) {
      e.problems().forEach(p -> problems.add(PropertyPaths.under(prefix, p)));
    }
  }

  private void guard(Shipshape.Builder builder, String name, GuardProperties g) {
    String prefix = PropertyPaths.entry("shipshape.guards", name);
    GuardConfig.Builder b = GuardConfig.builder(name);
    if (g.getTimeout() != null) {
      b.timeout(g.getTimeout());
    }
    GuardProperties.CircuitBreaker cb = g.getCircuitBreaker();
    if (cb.isEnabled()) {
      CircuitBreakerConfig.Builder c = CircuitBreakerConfig.custom();
      String p = prefix + ".circuit-breaker.";
      set(p + "failure-rate-threshold", cb.getFailureRateThreshold(), c::failureRateThreshold);
      set(p + "sliding-window-size", cb.getSlidingWindowSize(), c::slidingWindowSize);
      set(p + "minimum-number-of-calls", cb.getMinimumNumberOfCalls(), c::minimumNumberOfCalls);
      set(
          p + "wait-duration-in-open-state",
          cb.getWaitDurationInOpenState(),
          c::waitDurationInOpenState);
      set(
          p + "permitted-number-of-calls-in-half-open-state",
          cb.getPermittedNumberOfCallsInHalfOpenState(),
          c::permittedNumberOfCallsInHalfOpenState);
      try {
        b.circuitBreaker(c.build());
      } catch (IllegalArgumentException | IllegalStateException e) {
        problems.add(
            prefix + ".circuit-breaker", "refused by Resilience4j", lowerFirst(e.getMessage()));
      }
    }
    if (g.getRetry().getMaxAttempts() != null) {
      b.retry(g.getRetry().getMaxAttempts(), g.getRetry().getWait());
    }
    if (g.getBulkhead().getMaxConcurrentCalls() != null) {
      b.bulkhead(g.getBulkhead().getMaxConcurrentCalls());
    }
    if (g.getRateLimiter().getPermits() != null) {
      b.rateLimiter(g.getRateLimiter().getPermits(), g.getRateLimiter().getPeriod());
    }
    if (g.getSlo() != null) {
      b.slo(g.getSlo());
    }
    if (g.getKillSwitch() != null) {
      b.killSwitch(g.getKillSwitch());
    }
    b.breakerCheck(g.getBreakerCheck());
    paths.part("guards", name, prefix);
    try {
      builder.guard(b.build());
    } catch (GuardConfigException e) {
      e.problems().forEach(p -> problems.add(PropertyPaths.under(prefix, p)));
    }
  }

  private <T> void set(String property, @Nullable T value, Consumer<T> setter) {
    if (value == null) {
      return;
    }
    if (value instanceof Float f && f.isNaN()) {
      // Resilience4j's range checks compare, and every comparison with NaN is false
      problems.add(property, value, "must be a number");
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      problems.add(property, value, lowerFirst(e.getMessage()));
    }
  }

  private void rollout(Shipshape.Builder builder, String flagKey, RolloutProperties r) {
    String prefix = PropertyPaths.entry("shipshape.rollouts", flagKey);
    RolloutConfig.Builder b = RolloutConfig.builder(flagKey).every(r.getEvery());
    List<Double> steps = r.getSteps();
    if (steps != null) {
      double[] percents = new double[steps.size()];
      for (int i = 0; i < percents.length; i++) {
        percents[i] = steps.get(i) == null ? Double.NaN : steps.get(i);
      }
      b.steps(percents);
    }
    b.haltOn(r.getHaltOn().toArray(String[]::new));
    if (r.isRollBackOnHalt()) {
      b.rollBackOnHalt();
    }
    b.haltOnBudgetExhausted(r.isHaltOnBudgetExhausted());
    if (r.getVariant() != null) {
      b.variant(r.getVariant());
    }
    if (gates != null && gates.flagKeys().contains(flagKey)) {
      b.gate(gates.gate());
    }
    paths.part("rollouts", flagKey, prefix);
    try {
      builder.rollout(b.build());
    } catch (RolloutConfigException e) {
      e.problems().forEach(p -> problems.add(PropertyPaths.under(prefix, p)));
    }
  }

  /** Every rollout a gate is to drive must be one of {@code shipshape.rollouts}. */
  private void gatedRollouts(java.util.Set<String> configured) {
    if (gates == null) {
      return;
    }
    List<String> keys = gates.flagKeys();
    for (int i = 0; i < keys.size(); i++) {
      if (!configured.contains(keys.get(i))) {
        problems.add(
            gates.property() + "[" + i + "]",
            keys.get(i),
            "must name a rollout of shipshape.rollouts (configured: " + configured + ")");
      }
    }
  }

  private void health(
      Shipshape.Builder builder,
      HealthProperties health,
      Map<String, HealthCheck> checks) {
    for (String configured : health.getChecks().keySet()) {
      if (!checks.containsKey(configured)) {
        problems.add(
            PropertyPaths.entry("shipshape.health.checks", configured),
            configured,
            "no HealthCheck bean has that name (the beans are " + checks.keySet() + ")");
      }
    }
    checks.forEach(
        (name, check) -> {
          HealthProperties.Check own = health.getChecks().get(name);
          String property = PropertyPaths.entry("shipshape.health.checks", name);
          String prefix = own != null ? property : "shipshape.health.defaults";
          paths.part("healthChecks", name, property);
          CheckOptions options = checkOptions(prefix, health.getDefaults(), own);
          if (options != null) {
            builder.healthCheck(name, check, options);
          }
        });
  }

  private @Nullable CheckOptions checkOptions(
      String prefix, HealthProperties.Check defaults, HealthProperties.@Nullable Check own) {
    HealthProperties.Check s = own == null ? new HealthProperties.Check() : own;
    List<Probe> probes = first(s.getProbes(), defaults.getProbes(), List.of(Probe.READINESS));
    CheckOptions.Builder b =
        CheckOptions.builder()
            .probes(probes.toArray(Probe[]::new))
            .timeout(first(s.getTimeout(), defaults.getTimeout(), CheckOptions.DEFAULT_TIMEOUT))
            .cacheFor(first(s.getCacheTtl(), defaults.getCacheTtl(), Duration.ZERO));
    if (!first(s.getCritical(), defaults.getCritical(), Boolean.TRUE)) {
      b.nonCritical();
    }
    Duration refresh = s.getRefreshInterval() != null
        ? s.getRefreshInterval()
        : defaults.getRefreshInterval();
    if (refresh != null) {
      b.refreshEvery(refresh);
    }
    try {
      return b.build();
    } catch (ConfigurationException e) {
      e.problems().forEach(p -> problems.add(PropertyPaths.under(prefix, p)));
      return null;
    }
  }

  /**
   * A problem of an OpenSLO file as said inside the file's own problem: its setting (such as
   * {@code document 0 (metadata.name 'checkout'): spec.objectives}), value and expectation,
   * without the file's location that the setting begins with, since the property already names
   * it.
   */
  private static String inFile(ConfigProblem p, String location) {
    String setting = p.setting();
    if (setting.startsWith(location)) {
      String rest = setting.substring(location.length());
      rest = rest.startsWith(":") ? rest.substring(1).trim() : rest.trim();
      if (!rest.isEmpty()) {
        setting = rest;
      }
    }
    return ConfigProblem.of(setting, p.value(), p.expected()).message();
  }

  private static String lowerFirst(@Nullable String s) {
    if (s == null || s.isEmpty()) {
      return "is invalid";
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  @SafeVarargs
  private static <T> T first(@Nullable T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    throw new IllegalStateException("no value");
  }
}
