package dev.shipshape.core.internal;

import dev.shipshape.core.ConfigurationException;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.guard.internal.GuardRuntime;
import dev.shipshape.core.guard.internal.GuardSet;
import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthEndpoint;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.health.internal.DaemonThreads;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutConfigException;
import dev.shipshape.core.rollout.Rollouts;
import dev.shipshape.core.rollout.internal.RolloutRuntime;
import dev.shipshape.core.telemetry.TelemetryContext;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.internal.DaemonThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a facade configuration as a whole, then creates and starts the parts in order and
 * stops them in reverse. Everything the facade does besides handing out parts lives here.
 */
public final class Assembly implements TelemetryContext {

  private static final Logger LOG = LoggerFactory.getLogger(Assembly.class);

  /** How long {@link #close()} waits for the facade's own threads to end. */
  static final long CLOSE_WAIT_SECONDS = 2;

  /** One health check as given to the builder: options, or probes for the default options. */
  public record CheckSpec(
      String name, HealthCheck check, @Nullable CheckOptions options, List<Probe> probes) {}

  /** Everything the builder collected. */
  public record Config(
      @Nullable Clock clock,
      @Nullable Scheduler scheduler,
      List<FlagSource> flagSources,
      List<Deferred<SloDefinition>> slos,
      Duration sloEvaluationInterval,
      List<CheckSpec> checks,
      boolean staleFlagsCritical,
      @Nullable Executor healthExecutor,
      HealthEndpoint.@Nullable Options endpoint,
      List<TelemetrySink> sinks,
      List<Deferred<GuardConfig>> guards,
      List<Deferred<RolloutConfig>> rollouts) {}

  private final Clock clock;
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final TelemetryHub hub;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Counted down when the first {@link #close()} has ended. */
  private final CountDownLatch closeEnded = new CountDownLatch(1);
  /** The thread running the first {@link #close()}, once it has begun. */
  private volatile @Nullable Thread closing;
  private final List<Runnable> closers = new ArrayList<>();
  private @Nullable Flags flags;
  private Map<String, Slo> slos = Map.of();
  private @Nullable Health health;
  private @Nullable HealthEndpoint endpoint;
  private @Nullable GuardSet guards;
  private @Nullable RolloutRuntime rollouts;
  private List<GuardConfig> guardConfigs = List.of();
  private List<RolloutConfig> rolloutConfigs = List.of();
  private volatile boolean sinksBound;

  private Assembly(Clock clock, Scheduler scheduler, boolean ownsScheduler, TelemetryHub hub) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.ownsScheduler = ownsScheduler;
    this.hub = hub;
  }

  /**
   * Validates {@code config}, then creates and starts every part.
   *
   * @throws ConfigurationException listing every problem found
   * @throws UncheckedIOException if the probe endpoint cannot bind its port
   */
  public static Assembly start(Config config) {
    ConfigCheck checked = ConfigCheck.of(config);
    boolean ownsScheduler = config.scheduler() == null;
    Scheduler scheduler =
        config.scheduler() != null ? config.scheduler() : Scheduler.forClock(checked.clock());
    Assembly a =
        new Assembly(checked.clock(), scheduler, ownsScheduler, new TelemetryHub(config.sinks()));
    try {
      a.startParts(config, checked);
    } catch (RuntimeException | Error e) {
      a.close();
      throw e;
    }
    return a;
  }

  private void startParts(Config config, ConfigCheck checked) {
    List<SloDefinition> definitions = checked.slos();
    List<ConfigCheck.Registration> checks = checked.checks();
    List<GuardConfig> guardConfigs = checked.guards();
    List<RolloutConfig> rolloutConfigs = checked.rollouts();
    // Flags: the first read happens here; its events reach the sinks already.
    Flags.Builder fb = Flags.builder().clock(clock).scheduler(scheduler);
    config.flagSources().forEach(fb::source);
    fb.listener(TelemetryAdapters.flagListener(hub, clock));
    RolloutRuntime.FlagWatch rolloutWatch = new RolloutRuntime.FlagWatch();
    fb.listener(rolloutWatch);
    Flags f = fb.build();
    this.flags = f;
    closers.add(f::close);

    // SLOs: the scheduler moves their live bucket (recording never reads the clock) and
    // evaluates their alerts.
    Map<String, Slo> byName = new LinkedHashMap<>();
    for (SloDefinition d : definitions) {
      Slo slo = Slo.create(d, scheduler);
      closers.add(slo::close);
      slo.addListener(TelemetryAdapters.sloListener(hub));
      byName.put(d.name(), slo);
    }
    this.slos = Collections.unmodifiableMap(byName);

    // Guards: on the facade's clock, scheduler, flags (kill switches) and SLOs.
    GuardSet gs = new GuardSet(guardConfigs, new GuardRuntime(clock, scheduler, f, byName, hub));
    this.guards = gs;
    closers.add(gs::close);

    // Health: user checks, then the built-in ones, on the facade's executor and scheduler.
    Executor pool = config.healthExecutor();
    if (pool == null) {
      // One thread per check (user, built-in and breaker checks), so hung checks never starve
      // others; threads start on demand and end after 30 s idle.
      int checkCount = checks.size() + byName.size() + guardConfigs.size() + 1;
      ExecutorService owned = DaemonThreads.pool("shipshape-health", checkCount, 256);
      closers.add(() -> DaemonThreadFactory.shutdownAndWait(owned, CLOSE_WAIT_SECONDS));
      pool = owned;
    }
    Health.Builder hb =
        Health.builder()
            .clock(clock)
            .scheduler(scheduler)
            .executor(pool)
            .listener(TelemetryAdapters.healthListener(hub, clock));
    for (ConfigCheck.Registration r : checks) {
      hb.check(r.name(), r.check(), r.options());
    }
    if (!config.flagSources().isEmpty()) {
      hb.check(
          Shipshape.FLAG_SOURCES_CHECK,
          BuiltInChecks.flagSources(f),
          readinessOptions(config.staleFlagsCritical()));
    }
    for (Slo slo : byName.values()) {
      hb.check(
          Shipshape.SLO_BUDGET_CHECK_PREFIX + slo.name(),
          BuiltInChecks.sloBudget(slo),
          readinessOptions(false));
    }
    gs.registerChecks(hb);
    Health h = hb.build();
    this.health = h;
    closers.add(h::close);

    // Sinks see the finished application before any scheduled work runs.
    this.guardConfigs = List.copyOf(guardConfigs);
    this.rolloutConfigs = List.copyOf(rolloutConfigs);
    hub.forEachSink("bind", sink -> sink.bind(this));
    sinksBound = true;

    // Rollouts: checked against the flags as loaded; their first steps apply now.
    RolloutRuntime rr = new RolloutRuntime(clock, scheduler, f, byName, hub);
    rolloutWatch.attach(rr);
    this.rollouts = rr;
    closers.add(rr::close);
    try {
      rr.startAll(rolloutConfigs);
    } catch (RolloutConfigException e) {
      throw new ConfigurationException(e.problems());
    }

    if (!byName.isEmpty()) {
      Duration every = config.sloEvaluationInterval();
      ScheduledTask task =
          scheduler.scheduleEvery("shipshape-slo-evaluation", every, every, this::evaluateSlos);
      closers.add(task::cancel);
    }

    HealthEndpoint.Options endpointOptions = config.endpoint();
    if (endpointOptions != null) {
      try {
        HealthEndpoint e = HealthEndpoint.start(h, endpointOptions);
        this.endpoint = e;
        closers.add(e::close);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "health endpoint port was '" + endpointOptions.port() + "' but could not be bound", e);
      }
    }
  }

  private static CheckOptions readinessOptions(boolean critical) {
    CheckOptions.Builder b = CheckOptions.builder().probes(Probe.READINESS);
    if (!critical) {
      b.nonCritical();
    }
    return b.build();
  }

  private void evaluateSlos() {
    for (Slo slo : slos.values()) {
      try {
        slo.evaluate();
      } catch (RuntimeException e) {
        LOG.atWarn()
            .setMessage("SLO '{}' alert evaluation failed: {}")
            .addArgument(slo.name())
            .addArgument(e.toString())
            .addKeyValue("slo", slo.name())
            .setCause(e)
            .log();
      }
    }
  }

  /**
   * Stops everything in reverse order of starting. A second close waits for the first to end,
   * except on the thread running it (a sink's {@code close()}, say) and on the library's own pool
   * threads, which the first may be waiting for (a health check, a guard's fallback, a sink called
   * on the scheduler): those return at once.
   */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      awaitFirstClose();
      return;
    }
    closing = Thread.currentThread();
    try {
      stopAll();
    } finally {
      closeEnded.countDown();
    }
  }

  private void awaitFirstClose() {
    Thread self = Thread.currentThread();
    if (self == closing || DaemonThreadFactory.madeHere(self)) {
      return;
    }
    try {
      closeEnded.await();
    } catch (InterruptedException e) {
      self.interrupt(); // stop waiting, as the interrupted caller wants
    }
  }

  private void stopAll() {
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).run();
      } catch (RuntimeException e) {
        LOG.atWarn()
            .setMessage("failed to stop a part; continuing: {}")
            .addArgument(e.toString())
            .setCause(e)
            .log();
      }
    }
    if (ownsScheduler) {
      scheduler.close();
    }
    hub.close(sinksBound);
  }

  /** The hub that delivers telemetry; guards and rollouts emit their events through it. */
  public TelemetryHub hub() {
    return hub;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** The scheduler the periodic work runs on. */
  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public Flags flags() {
    Flags f = flags;
    if (f == null) {
      throw new IllegalStateException("flags are not started");
    }
    return f;
  }

  @Override
  public Map<String, Slo> slos() {
    return slos;
  }

  @Override
  public Health health() {
    Health h = health;
    if (h == null) {
      throw new IllegalStateException("health is not started");
    }
    return h;
  }

  /** The guards. */
  public GuardSet guards() {
    GuardSet g = guards;
    if (g == null) {
      throw new IllegalStateException("guards are not started");
    }
    return g;
  }

  /** The rollouts. */
  public Rollouts rollouts() {
    RolloutRuntime r = rollouts;
    if (r == null) {
      throw new IllegalStateException("rollouts are not started");
    }
    return r;
  }

  /** The probe endpoint, or null. */
  public @Nullable HealthEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public List<GuardConfig> guardConfigs() {
    return guardConfigs;
  }

  @Override
  public List<RolloutConfig> rolloutConfigs() {
    return rolloutConfigs;
  }

  @Override
  public List<String> sinkNames() {
    return hub.sinkNames();
  }

  @Override
  public long sinkFailures(String sinkName) {
    return hub.failures(sinkName);
  }
}
