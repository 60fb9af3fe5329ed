package dev.shipshape.core.health.internal;

import dev.shipshape.core.health.CheckReport;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The probes of a {@code Health}: which checks each probe runs, how their results make the probe's
 * report (critical checks only, the most severe status), and the states that override the checks:
 * readiness while draining, startup until the application has started and every critical startup
 * check has passed once. Tells listeners when a probe's status changes. Thread-safe.
 */
public final class ProbeReports {

  private final Clock clock;
  private final Ticker ticker;
  private final List<CheckRunner> runners;
  private final Map<Probe, List<CheckRunner>> byProbe = new EnumMap<>(Probe.class);
  // where each probe's checks stand among every check
  private final Map<Probe, int[]> positions = new EnumMap<>(Probe.class);
  private final Listeners listeners;
  private final Map<Probe, AtomicReference<@Nullable HealthStatus>> lastStatus =
      new EnumMap<>(Probe.class);
  private volatile boolean started;
  private volatile boolean startupComplete;
  private volatile boolean draining;
  private volatile boolean closed;

  /**
   * Creates the probes of {@code runners}, each check in the probes its options name.
   *
   * @param runners the checks, in registration order
   * @param shared what the runners share: reports are timestamped with its clock, results aged
   *     with its ticker, and its listeners told about probe status changes
   */
  public ProbeReports(List<CheckRunner> runners, CheckRunner.Shared shared) {
    this.clock = shared.clock();
    this.ticker = shared.ticker();
    this.runners = List.copyOf(runners);
    this.listeners = shared.listeners();
    for (Probe p : Probe.values()) {
      List<CheckRunner> checks = new ArrayList<>();
      List<Integer> at = new ArrayList<>();
      for (int i = 0; i < this.runners.size(); i++) {
        CheckRunner r = this.runners.get(i);
        if (r.options().probes().contains(p)) {
          checks.add(r);
          at.add(i);
        }
      }
      byProbe.put(p, List.copyOf(checks));
      positions.put(p, at.stream().mapToInt(Integer::intValue).toArray());
      lastStatus.put(p, new AtomicReference<>());
    }
  }

  /**
   * The probe's report built straight from cached results, or null when some check has to run.
   *
   * @param probe the probe
   * @return the report, or null
   */
  public @Nullable HealthReport cachedReport(Probe probe) {
    if (probe == Probe.STARTUP && startupComplete) {
      return null;
    }
    try {
      return cachedReport(probe, byProbe.get(probe), ticker.read());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Starts the probe's checks and returns the report when every check has answered or timed out.
   *
   * @param probe the probe
   * @return the report, completed exceptionally only if the probe machinery itself failed
   */
  public CompletionStage<HealthReport> reportAsync(Probe probe) {
    try {
      List<CheckRunner> checks = byProbe.get(probe);
      if (probe == Probe.STARTUP && startupComplete) {
        return CompletableFuture.completedFuture(assemble(probe, latestResults(checks)));
      }
      long probeStart = ticker.read();
      HealthReport cached = cachedReport(probe, checks, probeStart);
      if (cached != null) {
        return CompletableFuture.completedFuture(cached);
      }
      int n = checks.size();
      CompletableFuture<CheckRunner.Result>[] futures = futures(n);
      boolean allDone = true;
      for (int i = 0; i < n; i++) {
        futures[i] = checks.get(i).evaluate(probeStart);
        allDone &= futures[i].isDone();
      }
      if (allDone) {
        // every check answered on this thread (a caller-runs executor, or results shared with a
        // run already finished): no stage to wait on
        return CompletableFuture.completedFuture(assemble(probe, joined(futures)));
      }
      return CompletableFuture.allOf(futures).thenApply(v -> assemble(probe, joined(futures)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The fast path of a probe: when every check of the probe has a result it may reuse at {@code
   * now} (within its time to live, or from background refreshes), the report is assembled right
   * here, with no future, no executor and one clock reading for every age. Null as soon as one
   * check has to run, so the caller takes the path that runs it.
   */
  private @Nullable HealthReport cachedReport(Probe probe, List<CheckRunner> checks, long now) {
    int n = checks.size();
    CheckReport[] reports = new CheckReport[n];
    HealthStatus status = HealthStatus.UP;
    for (int i = 0; i < n; i++) {
      CheckRunner r = checks.get(i);
      CheckRunner.Result result = r.fresh(now);
      if (result == null) {
        return null;
      }
      reports[i] = r.report(result, now);
      if (r.options().critical()) {
        status = status.worst(result.status());
      }
    }
    return conclude(probe, status, List.of(reports));
  }

  /**
   * The combined report of every check: each check runs at most once, and the status is the most
   * severe of the three probes' statuses.
   *
   * @return the combined report, completed exceptionally only if the probe machinery failed
   */
  public CompletionStage<HealthReport> reportAllAsync() {
    try {
      int n = runners.size();
      CompletableFuture<CheckRunner.Result>[] futures = futures(n);
      long probeStart = ticker.read();
      for (int i = 0; i < n; i++) {
        CheckRunner r = runners.get(i);
        boolean startupOnly = r.options().probes().equals(Set.of(Probe.STARTUP));
        futures[i] =
            startupOnly && startupComplete
                ? CompletableFuture.completedFuture(latestResult(r))
                : r.evaluate(probeStart);
      }
      return CompletableFuture.allOf(futures)
          .thenApply(
              v -> {
                CheckRunner.Result[] results = joined(futures);
                HealthStatus status = HealthStatus.UP;
                for (Probe p : Probe.values()) {
                  status = status.worst(assemble(p, ofProbe(p, results)).status());
                }
                List<CheckReport> reports = new ArrayList<>(n);
                long now = ticker.read();
                for (int i = 0; i < n; i++) {
                  reports.add(runners.get(i).report(results[i], now));
                }
                return new HealthReport(null, status, reports, clock.instant());
              });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The application has finished starting. */
  public void markStarted() {
    started = true;
  }

  /**
   * Whether the startup probe has succeeded.
   *
   * @return true after the first {@code UP} startup report
   */
  public boolean isStarted() {
    return startupComplete;
  }

  /**
   * Sets whether readiness is drained ({@code OUT_OF_SERVICE} whatever its checks say).
   *
   * @param drained true to drain, false to report the checks' status again
   */
  public void draining(boolean drained) {
    this.draining = drained;
  }

  /**
   * Whether readiness is drained.
   *
   * @return true while drained
   */
  public boolean isDraining() {
    return draining;
  }

  /**
   * The names of a probe's checks, in registration order.
   *
   * @param probe the probe
   * @return the names, unmodifiable
   */
  public List<String> checkNames(Probe probe) {
    return List.copyOf(names(byProbe.get(probe)));
  }

  /**
   * The names of every check, in registration order.
   *
   * @return the names, a new list
   */
  public List<String> checkNames() {
    return names(runners);
  }

  private static List<String> names(List<CheckRunner> checks) {
    List<String> names = new ArrayList<>(checks.size());
    for (CheckRunner r : checks) {
      names.add(r.name());
    }
    return names;
  }

  /**
   * The longest timeout of any check.
   *
   * @return the longest timeout, or zero without checks
   */
  public Duration longestTimeout() {
    Duration longest = Duration.ZERO;
    for (CheckRunner r : runners) {
      if (r.options().timeout().compareTo(longest) > 0) {
        longest = r.options().timeout();
      }
    }
    return longest;
  }

  /** Starts the background refreshes of the checks that have them. */
  public void startBackground() {
    for (CheckRunner runner : runners) {
      runner.startBackground();
    }
  }

  /** Stops the checks' background refreshes; from now on the startup probe is down until done. */
  public void close() {
    closed = true;
    for (CheckRunner r : runners) {
      r.close();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static CompletableFuture<CheckRunner.Result>[] futures(int n) {
    return new CompletableFuture[n];
  }

  private static CheckRunner.Result[] joined(CompletableFuture<CheckRunner.Result>[] futures) {
    CheckRunner.Result[] results = new CheckRunner.Result[futures.length];
    for (int i = 0; i < futures.length; i++) {
      results[i] = futures[i].join();
    }
    return results;
  }

  /** The results of {@code probe}'s checks, in its order, out of every check's in theirs. */
  private CheckRunner.Result[] ofProbe(Probe probe, CheckRunner.Result[] everyCheck) {
    int[] at = positions.get(probe);
    CheckRunner.Result[] results = new CheckRunner.Result[at.length];
    for (int i = 0; i < at.length; i++) {
      results[i] = everyCheck[at[i]];
    }
    return results;
  }

  private CheckRunner.Result[] latestResults(List<CheckRunner> checks) {
    CheckRunner.Result[] results = new CheckRunner.Result[checks.size()];
    for (int i = 0; i < results.length; i++) {
      results[i] = latestResult(checks.get(i));
    }
    return results;
  }

  private CheckRunner.Result latestResult(CheckRunner r) {
    CheckRunner.Result latest = r.latest();
    return latest != null
        ? latest
        : new CheckRunner.Result(
            HealthStatus.DOWN, "has not run", Map.of(), Duration.ZERO, clock.instant(), 0);
  }

  /** The probe's report from its checks' results, given in the probe's order of checks. */
  private HealthReport assemble(Probe probe, CheckRunner.Result[] results) {
    List<CheckRunner> checks = byProbe.get(probe);
    CheckReport[] reports = new CheckReport[results.length];
    HealthStatus status = HealthStatus.UP;
    long now = ticker.read();
    for (int i = 0; i < results.length; i++) {
      CheckRunner r = checks.get(i);
      reports[i] = r.report(results[i], now);
      if (r.options().critical()) {
        status = status.worst(results[i].status());
      }
    }
    return conclude(probe, status, List.of(reports));
  }

  /** Applies draining and startup gating, tells listeners about a change and makes the report. */
  private HealthReport conclude(Probe probe, HealthStatus checksStatus, List<CheckReport> reports) {
    HealthStatus status = checksStatus;
    if (probe == Probe.READINESS && draining) {
      status = status.worst(HealthStatus.OUT_OF_SERVICE);
    } else if (probe == Probe.STARTUP) {
      status = startupStatus();
    }
    HealthReport report = new HealthReport(probe, status, reports, clock.instant());
    AtomicReference<@Nullable HealthStatus> last = lastStatus.get(probe);
    if (last.get() != status) {
      changed(probe, last, status);
    }
    return report;
  }

  /**
   * Records the probe's new status and tells the listeners. The change is queued under the lock of
   * the probe's last status, so listeners hear the probe's changes in the order they were recorded
   * even when reports on several threads change it at once; they are called once it is released.
   */
  private void changed(
      Probe probe, AtomicReference<@Nullable HealthStatus> last, HealthStatus status) {
    if (listeners.isEmpty()) {
      last.set(status);
      return;
    }
    boolean queued;
    synchronized (last) {
      HealthStatus previous = last.getAndSet(status);
      queued = previous != status;
      if (queued) {
        listeners.queueProbeChange(probe, previous, status);
      }
    }
    if (queued) {
      listeners.deliver();
    }
  }

  private HealthStatus startupStatus() {
    if (startupComplete) {
      return HealthStatus.UP;
    }
    if (!started || closed) {
      return HealthStatus.DOWN;
    }
    for (CheckRunner r : byProbe.get(Probe.STARTUP)) {
      if (r.options().critical() && !r.everUp()) {
        return HealthStatus.DOWN;
      }
    }
    startupComplete = true;
    return HealthStatus.UP;
  }
}
