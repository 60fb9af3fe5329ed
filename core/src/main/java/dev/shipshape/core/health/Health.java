package dev.shipshape.core.health;

import dev.shipshape.core.ConfigurationException;
import dev.shipshape.core.health.internal.CheckRunner;
import dev.shipshape.core.health.internal.DaemonThreads;
import dev.shipshape.core.health.internal.Listeners;
import dev.shipshape.core.health.internal.ProbeReports;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.Ticker;
import dev.shipshape.time.internal.DaemonThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The application's health checks and the probes that report them. Checks of a probe run
 * concurrently on a bounded executor, each under its own timeout fired by the {@code time}
 * scheduler, so no probe ever hangs: a hung check is {@code DOWN} with {@code "timed out after
 * 2s"} at its deadline, and while it is still running later probes report it still timed out
 * instead of starting another copy. Concurrent probe requests share one run of each check. A
 * check's deadline counts from the start of the probe request. When every check of a probe has a
 * fresh result (within its time to live, or from background refreshes), the report is assembled on
 * the calling thread without touching the executor.
 *
 * <pre>{@code
 * Health health = Health.builder()
 *     .check("db", HealthCheck.of(db::ping), Probe.READINESS)
 *     .check("worker", worker::health, Probe.LIVENESS)
 *     .build();
 * health.markStarted();
 * HealthReport ready = health.report(Probe.READINESS);
 * }</pre>
 *
 * <p>Thread-safe. Closing stops background refreshes, the default executor and the default
 * scheduler (executors and schedulers passed to the builder are left to their owner).
 */
public final class Health implements AutoCloseable {

  private final Clock clock;
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final @Nullable ExecutorService ownedExecutor;
  private final ProbeReports probes;
  private final Listeners listeners;

  /** Set by the first {@link #close()}, the only one that does the closing work. */
  private final AtomicBoolean closed = new AtomicBoolean();

  private Health(Builder b, List<Registration> registrations) {
    Clock chosenClock = b.clock;
    if (chosenClock == null) {
      chosenClock = b.scheduler != null ? b.scheduler.clock() : Clock.systemUTC();
    }
    this.clock = chosenClock;
    Ticker ticker = Ticker.of(clock);
    this.ownsScheduler = b.scheduler == null;
    this.scheduler = b.scheduler != null ? b.scheduler : Scheduler.forClock(clock);
    Executor executor;
    if (b.executor != null) {
      executor = b.executor;
      this.ownedExecutor = null;
    } else {
      // a thread for every check: each check has at most one run in flight, so hung checks can
      // never take the threads that other checks (a trivial liveness check) need
      ExecutorService pool =
          DaemonThreads.pool("shipshape-health", Math.max(1, registrations.size()), 256);
      executor = pool;
      this.ownedExecutor = pool;
    }
    this.listeners = new Listeners(b.listeners);
    CheckRunner.Shared shared =
        new CheckRunner.Shared(clock, ticker, scheduler, executor, listeners);
    List<CheckRunner> runners = new ArrayList<>();
    for (Registration r : registrations) {
      runners.add(new CheckRunner(r.name(), r.check(), r.options(), shared));
    }
    this.probes = new ProbeReports(runners, shared);
    probes.startBackground();
  }

  /**
   * A builder with no checks, the system clock, a scheduler for that clock and a default pool.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the probe's checks (or reads their cached and background results) and waits for the
   * report. The wait is bounded by the longest check timeout, because timeouts are fired by the
   * scheduler; under a {@code ManualClock} use {@link #reportAsync(Probe)} and advance the clock.
   *
   * @param probe the probe
   * @return the report
   * @throws java.util.concurrent.CompletionException only if the probe machinery itself failed
   */
  public HealthReport report(Probe probe) {
    Objects.requireNonNull(probe, "probe");
    HealthReport cached = probes.cachedReport(probe);
    return cached != null ? cached : reportAsync(probe).toCompletableFuture().join();
  }

  /**
   * Starts the probe's checks and returns the report when every check has answered or timed out.
   *
   * @param probe the probe
   * @return the report, completed exceptionally only if the probe machinery itself failed
   */
  public CompletionStage<HealthReport> reportAsync(Probe probe) {
    Objects.requireNonNull(probe, "probe");
    return probes.reportAsync(probe);
  }

  /**
   * The combined report of every check ({@code /health}): each check runs at most once, and the
   * status is the most severe of the three probes' statuses.
   *
   * @return the combined report, completed exceptionally only if the probe machinery failed
   */
  public CompletionStage<HealthReport> reportAllAsync() {
    return probes.reportAllAsync();
  }

  /**
   * The liveness report; same as {@code report(Probe.LIVENESS)}.
   *
   * @return the liveness report
   */
  public HealthReport liveness() {
    return report(Probe.LIVENESS);
  }

  /**
   * The readiness report; same as {@code report(Probe.READINESS)}.
   *
   * @return the readiness report
   */
  public HealthReport readiness() {
    return report(Probe.READINESS);
  }

  /**
   * The startup report; same as {@code report(Probe.STARTUP)}.
   *
   * @return the startup report
   */
  public HealthReport startup() {
    return report(Probe.STARTUP);
  }

  /**
   * Blocking form of {@link #reportAllAsync()}.
   *
   * @return the combined report
   */
  public HealthReport reportAll() {
    return reportAllAsync().toCompletableFuture().join();
  }

  /**
   * Says the application has finished starting: the startup probe turns {@code UP} once every
   * critical startup check has also passed once.
   */
  public void markStarted() {
    probes.markStarted();
  }

  /**
   * Whether the startup probe has succeeded (it stays {@code UP} from then on).
   *
   * @return true after the first {@code UP} startup report
   */
  public boolean isStarted() {
    return probes.isStarted();
  }

  /**
   * Takes readiness {@code OUT_OF_SERVICE}, so the load balancer stops sending traffic, for
   * example before a graceful shutdown. Liveness is unaffected.
   */
  public void drain() {
    probes.draining(true);
  }

  /** Brings readiness back after {@link #drain()}: it reports its checks' status again. */
  public void undrain() {
    probes.draining(false);
  }

  /**
   * Whether readiness is drained.
   *
   * @return true between {@link #drain()} and {@link #undrain()}
   */
  public boolean isDraining() {
    return probes.isDraining();
  }

  /**
   * The clock results are timestamped and aged with.
   *
   * @return the health clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The names of a probe's checks, in the order they were registered, without running them (the
   * checks are fixed when health is built).
   *
   * @param probe the probe
   * @return the check names, unmodifiable
   */
  public List<String> checkNames(Probe probe) {
    Objects.requireNonNull(probe, "probe");
    return probes.checkNames(probe);
  }

  /**
   * The longest timeout of any check: no report takes longer than this.
   *
   * @return the longest timeout, or zero without checks
   */
  public Duration longestTimeout() {
    return probes.longestTimeout();
  }

  /**
   * The names of every check, in registration order.
   *
   * @return the names
   */
  public List<String> checkNames() {
    return probes.checkNames();
  }

  /**
   * How many listener calls have thrown since this instance was built. A throwing listener never
   * reaches the probe or the other listeners; its failure is logged once per cause and counted
   * here, as {@code Flags.listenerFailures()} and {@code Slo.listenerFailures()} count theirs.
   *
   * @return the count
   */
  public long listenerFailures() {
    return listeners.failures();
  }

  /**
   * Stops background refreshes and releases the default executor and scheduler. Later reports show
   * every check {@code DOWN} with "health is closed". Closing twice does nothing: of several
   * concurrent calls, exactly one does the closing work.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    probes.close();
    if (ownedExecutor != null) {
      DaemonThreadFactory.shutdownAndWait(ownedExecutor, 2);
    }
    if (ownsScheduler) {
      scheduler.close();
    }
  }

  private record Registration(String name, HealthCheck check, CheckOptions options) {}

  /** Collects checks and settings; {@link #build()} validates them and reports every problem. */
  public static final class Builder {
    private @Nullable Clock clock;
    private @Nullable Scheduler scheduler;
    private @Nullable Executor executor;
    private final List<HealthListener> listeners = new ArrayList<>();
    private final Map<String, Registration> checks = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the clock that results are timestamped, aged and cached with (default: the
     * scheduler's clock, else {@link Clock#systemUTC()}).
     *
     * @param clock the application's clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the scheduler that fires timeouts and background refreshes (default: {@link
     * Scheduler#forClock(Clock)}, closed with this health). Use {@link Scheduler#manual} with a
     * {@code ManualClock} in tests.
     *
     * @param scheduler the scheduler; not closed by {@link Health#close()}
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the executor checks run on (default: one daemon thread per registered check, so
     * every check can have its one run in flight even while others hang, with a queue of 256, shut
     * down by {@link Health#close()}). It should be bounded; a rejected check is reported
     * {@code DOWN}. A hung check keeps its thread until it returns. A direct executor ({@code
     * Runnable::run}) suits tests with a manual scheduler; with a system scheduler it would run
     * background checks on the scheduler's thread and delay timeouts.
     *
     * @param executor the executor; not shut down by {@link Health#close()}
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Registers a check.
     *
     * @param name a unique, non-blank name, shown in reports
     * @param check the check
     * @param options its probes, timeout, criticality and caching
     * @return this builder
     */
    public Builder check(String name, HealthCheck check, CheckOptions options) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(options, "options");
      if (name.isBlank()) {
        problems.add("check name was '" + name + "' but must not be blank");
      } else if (checks.containsKey(name)) {
        problems.add("check name was '" + name + "' but is already registered");
      } else {
        checks.put(name, new Registration(name, check, options));
      }
      return this;
    }

    /**
     * Registers a check with the default options (two-second timeout, critical, no caching).
     *
     * @param name a unique, non-blank name, shown in reports
     * @param check the check
     * @param probes at least one probe
     * @return this builder
     */
    public Builder check(String name, HealthCheck check, Probe... probes) {
      CheckOptions.Builder options = CheckOptions.builder().probes(probes);
      try {
        return check(name, check, options.build());
      } catch (ConfigurationException e) {
        e.problems().forEach(p -> problems.add("check '" + name + "' " + p.message()));
        return this;
      }
    }

    /**
     * Adds a listener for probe and check status changes.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(HealthListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Validates the configuration, creates the health and starts background refreshes.
     *
     * @return the health
     * @throws IllegalArgumentException listing every configuration problem
     */
    public Health build() {
      List<String> all = new ArrayList<>(problems);
      if (clock != null && scheduler != null && !sameTimeline(clock, scheduler.clock())) {
        all.add(
            "scheduler was '"
                + scheduler
                + "' but must run on the health clock '"
                + clock
                + "' (timeouts would never fire)");
      }
      if (!all.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid health configuration: " + String.join("; ", all));
      }
      return new Health(this, List.copyOf(checks.values()));
    }

    private static boolean sameTimeline(Clock a, Clock b) {
      if (a instanceof ManualClock || b instanceof ManualClock) {
        // a manual scheduler fires only when its own clock is advanced
        return a == b;
      }
      return true;
    }
  }
}
