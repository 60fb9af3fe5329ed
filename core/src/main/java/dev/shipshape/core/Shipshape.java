package dev.shipshape.core;

import dev.shipshape.core.guard.Guard;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthEndpoint;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.internal.Assembly;
import dev.shipshape.core.internal.Deferred;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.Rollouts;
import dev.shipshape.core.telemetry.MicrometerSink;
import dev.shipshape.core.telemetry.Slf4jSink;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.OpenSlo;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.time.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An application's production-readiness parts, wired together: feature flags, SLOs with
 * burn-rate alerts, health probes and telemetry, all on one clock and one scheduler.
 *
 * <pre>{@code
 * Shipshape ship = Shipshape.builder()
 *     .flags(FlagSource.file(Path.of("flags.json")))
 *     .slo(Slo.named("checkout").objective(0.999))
 *     .healthCheck("db", HealthCheck.of(db::ping), Probe.READINESS)
 *     .meterRegistry(registry)
 *     .build();
 * boolean on = ship.flags().booleanValue("new-checkout", false, EvaluationContext.of(userId));
 * ship.slo("checkout").record(ok);
 * }</pre>
 *
 * <p>Building starts the periodic work on the scheduler (flag polling, SLO alert evaluation,
 * background health checks) and the probe endpoint if one was asked for; {@link #close()} stops
 * all of it. The facade also registers two kinds of built-in, non-critical readiness checks:
 * {@value #FLAG_SOURCES_CHECK} ({@code DOWN} while a flag source serves stale data or has never
 * loaded) and one {@value #SLO_BUDGET_CHECK_PREFIX}{@code <name>} per SLO ({@code DOWN} while its
 * error budget is exhausted; informational, so an SLO never takes instances out of service).
 *
 * <p>Thread-safe.
 */
public final class Shipshape implements AutoCloseable {

  /** The name of the built-in check on flag sources. */
  public static final String FLAG_SOURCES_CHECK = "flag-sources";

  /** The prefix of the built-in checks on SLO budgets; the SLO's name follows. */
  public static final String SLO_BUDGET_CHECK_PREFIX = "slo-budget:";

  /** The prefix of the readiness checks on guards' circuit breakers; the guard's name follows. */
  public static final String CIRCUIT_BREAKER_CHECK_PREFIX = "circuit-breaker:";

  /** How often SLO alerts are evaluated unless configured: every ten seconds. */
  public static final Duration DEFAULT_SLO_EVALUATION_INTERVAL = Duration.ofSeconds(10);

  private final Assembly assembly;

  private Shipshape(Assembly assembly) {
    this.assembly = assembly;
  }

  /**
   * A builder with the system UTC clock, no parts, and the SLF4J telemetry sink.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The feature flags (an empty set when no source was configured).
   *
   * @return the flags client
   */
  public Flags flags() {
    return assembly.flags();
  }

  /**
   * The SLO with the given name.
   *
   * @param name a name given to the builder
   * @return the SLO
   * @throws IllegalArgumentException if no SLO has that name
   */
  public Slo slo(String name) {
    Slo slo = assembly.slos().get(name);
    if (slo == null) {
      throw new IllegalArgumentException(
          "slo was '" + name + "' but must be one of " + assembly.slos().keySet());
    }
    return slo;
  }

  /**
   * Every SLO, in the order they were configured.
   *
   * @return the SLOs
   */
  public Collection<Slo> slos() {
    return assembly.slos().values();
  }

  /**
   * The health probes.
   *
   * @return the health
   */
  public Health health() {
    return assembly.health();
  }

  /**
   * The guard with the given name.
   *
   * @param name a name given to {@link Builder#guard(String, Consumer)}
   * @return the guard
   * @throws IllegalArgumentException if no guard has that name
   */
  public Guard guard(String name) {
    return assembly.guards().get(name);
  }

  /**
   * Every guard, in the order they were configured.
   *
   * @return the guards
   */
  public Collection<Guard> guards() {
    return List.copyOf(assembly.guards().all().values());
  }

  /**
   * The progressive rollouts, one per flag.
   *
   * @return the rollouts
   */
  public Rollouts rollouts() {
    return assembly.rollouts();
  }

  /**
   * The probe endpoint, when one was configured.
   *
   * @return the running endpoint, or empty
   */
  public Optional<HealthEndpoint> healthEndpoint() {
    return Optional.ofNullable(assembly.endpoint());
  }

  /**
   * The clock every part reads time from.
   *
   * @return the clock
   */
  public Clock clock() {
    return assembly.clock();
  }

  /**
   * The scheduler that runs the periodic work.
   *
   * @return the scheduler
   */
  public Scheduler scheduler() {
    return assembly.scheduler();
  }

  /**
   * Stops the periodic work, the probe endpoint (releasing its port), the health checks' threads
   * and, when the facade created it, the scheduler; then closes the telemetry sinks, which are
   * given no event produced afterwards. Waits briefly for the facade's own threads to end. Closing
   * twice does nothing more: a second call returns once the first has ended, or at once when it
   * comes from inside the first (a sink's {@code close()}) or from one of the library's threads (a
   * health check, a guard's fallback, a sink called on the scheduler).
   */
  @Override
  public void close() {
    assembly.close();
  }

  @Override
  public String toString() {
    return "Shipshape{slos=" + assembly.slos().keySet() + "}";
  }

  /**
   * Collects the application's parts; {@link #build()} validates them together and reports every
   * problem at once. Reusing a builder never changes an application already built.
   */
  public static final class Builder {
    private @Nullable Clock clock;
    private @Nullable Scheduler scheduler;
    private final List<FlagSource> flagSources = new ArrayList<>();
    private final List<Deferred<SloDefinition>> slos = new ArrayList<>();
    private final List<Assembly.CheckSpec> checks = new ArrayList<>();
    private final List<TelemetrySink> sinks = new ArrayList<>();
    private final List<Deferred<GuardConfig>> guards = new ArrayList<>();
    private final List<Deferred<RolloutConfig>> rollouts = new ArrayList<>();
    private @Nullable MeterRegistry meterRegistry;
    private boolean logging = true;
    private HealthEndpoint.@Nullable Options endpoint;
    private Duration sloEvaluationInterval = DEFAULT_SLO_EVALUATION_INTERVAL;
    private boolean staleFlagsCritical;
    private @Nullable Executor healthExecutor;

    private Builder() {}

    /**
     * Sets the clock all time comes from (default {@link Clock#systemUTC()}, or the scheduler's
     * clock when only a scheduler is given). With a {@code ManualClock}, the default scheduler is
     * the manual one, so advancing the clock runs the periodic work.
     *
     * @param clock the application's clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the scheduler for periodic work (default: {@link Scheduler#forClock(Clock)}: one daemon
     * thread, or the manual scheduler under a {@code ManualClock}; closed by {@link #close()}).
     *
     * @param scheduler a scheduler on the application's clock; not closed by the facade
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Adds flag sources; later sources override earlier ones flag by flag.
     *
     * @param sources flagd-format sources such as {@code FlagSource.file(path)}
     * @return this builder
     */
    public Builder flags(FlagSource... sources) {
      for (FlagSource s : sources) {
        flagSources.add(Objects.requireNonNull(s, "source"));
      }
      return this;
    }

    /**
     * Adds an SLO.
     *
     * @param definition the definition
     * @return this builder
     */
    public Builder slo(SloDefinition definition) {
      slos.add(new Deferred.Given<>(Objects.requireNonNull(definition, "definition")));
      return this;
    }

    /**
     * Adds an SLO from a definition builder such as {@code Slo.named("checkout").objective(0.999)};
     * it is built (and its problems reported) by {@link #build()}.
     *
     * @param definition the definition builder
     * @return this builder
     */
    public Builder slo(SloDefinition.Builder definition) {
      Objects.requireNonNull(definition, "definition");
      slos.add(new Deferred.Built<>(definition::build, List.of("slo[" + (slos.size() + 1) + "]")));
      return this;
    }

    /**
     * Adds every SLO of an OpenSLO v1 YAML file, read by {@link #build()}.
     *
     * @param openSloFile the file
     * @return this builder
     */
    public Builder sloFile(Path openSloFile) {
      slos.add(
          new Deferred.Read<>(
              Objects.requireNonNull(openSloFile, "openSloFile"), OpenSlo::load, "sloFile"));
      return this;
    }

    /**
     * Sets how often SLO alerts are evaluated (default ten seconds).
     *
     * @param interval a positive duration, at most five minutes
     * @return this builder
     */
    public Builder sloEvaluationInterval(Duration interval) {
      this.sloEvaluationInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Registers a health check with the default options (two-second timeout, critical).
     *
     * @param name a unique name
     * @param check the check
     * @param probes the probes it belongs to, at least one
     * @return this builder
     */
    public Builder healthCheck(String name, HealthCheck check, Probe... probes) {
      checks.add(
          new Assembly.CheckSpec(
              Objects.requireNonNull(name, "name"),
              Objects.requireNonNull(check, "check"),
              null,
              List.of(probes)));
      return this;
    }

    /**
     * Registers a health check with its own options.
     *
     * @param name a unique name
     * @param check the check
     * @param options probes, timeout, criticality, caching or background refresh
     * @return this builder
     */
    public Builder healthCheck(String name, HealthCheck check, CheckOptions options) {
      checks.add(
          new Assembly.CheckSpec(
              Objects.requireNonNull(name, "name"),
              Objects.requireNonNull(check, "check"),
              Objects.requireNonNull(options, "options"),
              List.of()));
      return this;
    }

    /**
     * Sets the executor health checks run on (default: up to four daemon threads with a queue of
     * 256, stopped by {@link Shipshape#close()}). It should be bounded; a rejected check is
     * reported {@code DOWN}.
     *
     * @param executor the executor; not shut down by the facade
     * @return this builder
     */
    public Builder healthExecutor(Executor executor) {
      this.healthExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Whether stale flag sources take readiness {@code DOWN} (default false: the built-in {@value
     * Shipshape#FLAG_SOURCES_CHECK} check is reported but non-critical).
     *
     * @param critical true to make the flag-sources check critical
     * @return this builder
     */
    public Builder staleFlagsCritical(boolean critical) {
      this.staleFlagsCritical = critical;
      return this;
    }

    /**
     * Serves the probes over HTTP; the endpoint is stopped by {@link Shipshape#close()}.
     *
     * @param options address, port and whether details are shown
     * @return this builder
     */
    public Builder healthEndpoint(HealthEndpoint.Options options) {
      this.endpoint = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Adds a telemetry sink, such as an OpenTelemetry bridge or a test's recorder.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder telemetry(TelemetrySink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * Exports meters to {@code registry} through a {@link MicrometerSink}: the SLO counter the
     * generated Prometheus rules read, budget and burn-rate gauges, flag evaluation counts and
     * health status gauges.
     *
     * <p>Applications may share a registry (a component restarted in place, tests). Micrometer
     * keeps one meter per name and tags, so their meters of the same name and tags are shared:
     * counters and timers count the events of both, the SLO event counters read the sum of both
     * applications' totals, and a gauge reads the application built last (then the one before it
     * again once that one closes). {@link Shipshape#close()} removes the meters no other open
     * application uses, so a new application in the registry always reports its own state.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Whether telemetry is logged through the {@link Slf4jSink} (default true).
     *
     * @param enabled false to log nothing from the telemetry stream
     * @return this builder
     */
    public Builder logging(boolean enabled) {
      this.logging = enabled;
      return this;
    }

    /**
     * Adds a guard: Resilience4j patterns around calls to one dependency, on the application's
     * clock, for example {@code g -> g.timeout(Duration.ofSeconds(2)).circuitBreaker().retry(3)}.
     * Its circuit breaker, if any, is reported as a non-critical readiness check named {@value
     * Shipshape#CIRCUIT_BREAKER_CHECK_PREFIX}{@code <name>}.
     *
     * @param name a unique name
     * @param options sets the guard's patterns, SLO, fallback and kill switch
     * @return this builder
     */
    public Builder guard(String name, Consumer<GuardConfig.Builder> options) {
      GuardConfig.Builder b = GuardConfig.builder(Objects.requireNonNull(name, "name"));
      Objects.requireNonNull(options, "options").accept(b);
      guards.add(new Deferred.Built<>(b::build, List.of("guards", name)));
      return this;
    }

    /**
     * Adds a guard from a built definition.
     *
     * @param guard the definition
     * @return this builder
     */
    public Builder guard(GuardConfig guard) {
      guards.add(new Deferred.Given<>(Objects.requireNonNull(guard, "guard")));
      return this;
    }

    /**
     * Adds a progressive rollout of a flag's two-way {@code fractional} split, for example {@code
     * r -> r.steps(1, 5, 25, 50, 100).every(Duration.ofHours(1)).haltOn("checkout")}. It starts
     * when the application is built.
     *
     * @param flagKey the flag's key
     * @param options sets the steps, interval and halting SLOs
     * @return this builder
     */
    public Builder rollout(String flagKey, Consumer<RolloutConfig.Builder> options) {
      RolloutConfig.Builder b = RolloutConfig.builder(Objects.requireNonNull(flagKey, "flagKey"));
      Objects.requireNonNull(options, "options").accept(b);
      rollouts.add(new Deferred.Built<>(b::build, List.of("rollouts", flagKey)));
      return this;
    }

    /**
     * Adds a progressive rollout from a built definition.
     *
     * @param rollout the definition
     * @return this builder
     */
    public Builder rollout(RolloutConfig rollout) {
      rollouts.add(new Deferred.Given<>(Objects.requireNonNull(rollout, "rollout")));
      return this;
    }

    /**
     * Validates the whole configuration, creates the parts and starts their periodic work and
     * the probe endpoint.
     *
     * @return the running application parts
     * @throws ConfigurationException listing every configuration problem
     * @throws java.io.UncheckedIOException if the probe endpoint's port cannot be bound
     */
    public Shipshape build() {
      List<TelemetrySink> allSinks = new ArrayList<>();
      if (logging) {
        allSinks.add(Slf4jSink.create());
      }
      if (meterRegistry != null) {
        allSinks.add(MicrometerSink.of(meterRegistry));
      }
      allSinks.addAll(sinks);
      Assembly.Config config =
          new Assembly.Config(
              clock,
              scheduler,
              List.copyOf(flagSources),
              List.copyOf(slos),
              sloEvaluationInterval,
              List.copyOf(checks),
              staleFlagsCritical,
              healthExecutor,
              endpoint,
              List.copyOf(allSinks),
              List.copyOf(guards),
              List.copyOf(rollouts));
      return new Shipshape(Assembly.start(config));
    }
  }
}
