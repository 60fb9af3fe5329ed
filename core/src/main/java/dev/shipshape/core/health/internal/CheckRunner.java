package dev.shipshape.core.health.internal;

import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.CheckReport;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Runs one check: at most one invocation at a time (concurrent requests share it), each under a
 * timeout fired by the scheduler, with the latest result kept for caching and background refresh.
 */
public final class CheckRunner {

  /** One result of a check, with when it was taken on the wall clock and on the ticker. */
  public record Result(
      HealthStatus status,
      @Nullable String message,
      Map<String, Object> details,
      Duration duration,
      Instant takenAt,
      long takenTicks) {

    /** Freezes the details once, so reports built from this result share them. */
    public Result {
      details = Details.freeze(details);
    }
  }

  /**
   * What every runner of one health shares: the clock that timestamps results, its ticker that
   * ages them, the scheduler that fires timeouts and background refreshes, the executor that runs
   * the checks, and the listeners told about status changes.
   *
   * @param clock timestamps results
   * @param ticker ages results and measures runs
   * @param scheduler fires timeouts and background refreshes
   * @param executor runs the checks
   * @param listeners told when a check's status changes
   */
  public record Shared(
      Clock clock, Ticker ticker, Scheduler scheduler, Executor executor, Listeners listeners) {}

  private final String name;
  private final HealthCheck check;
  private final CheckOptions options;
  private final Shared shared;

  private final String timeoutTaskName;
  private final long timeoutNanos;
  private final long ttlNanos;
  private final boolean background;

  // written under the lock; volatile so that a probe can read a fresh result without it
  private volatile @Nullable Result latest;
  private volatile boolean closed;
  // guarded by this
  private @Nullable CompletableFuture<Result> pending;
  private boolean running;
  private boolean everUp;
  private @Nullable ScheduledTask backgroundTask;

  /** Creates a runner; nothing runs until {@link #evaluate(long)} or {@link #startBackground()}. */
  public CheckRunner(String name, HealthCheck check, CheckOptions options, Shared shared) {
    this.name = name;
    this.check = check;
    this.options = options;
    this.shared = shared;
    this.timeoutTaskName = "health-timeout-" + name;
    this.timeoutNanos = options.timeout().toNanos();
    this.ttlNanos = options.cacheTtl().toNanos();
    this.background = options.refreshInterval() != null;
  }

  /** The check's name. */
  public String name() {
    return name;
  }

  /** The check's options. */
  public CheckOptions options() {
    return options;
  }

  /** Whether the check has ever returned {@code UP}. */
  public synchronized boolean everUp() {
    return everUp;
  }

  /** The latest result, or null if the check has not finished (or timed out) yet. */
  public @Nullable Result latest() {
    return latest;
  }

  /**
   * The latest result if a probe made at {@code now} (ticker nanos) may use it without running
   * the check: it is within its time to live, or it comes from background refreshes. Null when
   * the check must run (or report itself closed) instead. Takes no lock and starts nothing.
   */
  public @Nullable Result fresh(long now) {
    Result current = latest;
    return current != null && !closed && isFresh(current, now) ? current : null;
  }

  /** Schedules the background refresh if the options ask for one; the first run is due now. */
  public void startBackground() {
    Duration interval = options.refreshInterval();
    if (interval != null) {
      ScheduledTask task =
          shared
              .scheduler()
              .scheduleEvery("health-refresh-" + name, Duration.ZERO, interval, this::refresh);
      synchronized (this) {
        backgroundTask = task;
      }
    }
  }

  /**
   * Stops background refreshes and answers a run still in flight (whose timeout may never fire
   * once the scheduler is closed); later evaluations report the check as closed.
   */
  public void close() {
    ScheduledTask task;
    CompletableFuture<Result> inFlight;
    Result closedResult = result(HealthStatus.DOWN, "health is closed", Map.of(), 0);
    synchronized (this) {
      closed = true;
      task = backgroundTask;
      inFlight = pending;
      pending = null;
    }
    if (task != null) {
      task.cancel();
    }
    if (inFlight != null) {
      inFlight.complete(closedResult);
    }
  }

  /** Starts a background run unless one is already under way. */
  void refresh() {
    CompletableFuture<Result> future;
    synchronized (this) {
      if (closed || pending != null || running) {
        return;
      }
      future = begin();
    }
    launch(future, now());
  }

  /**
   * The check's result for a probe request: a fresh cached or background result, the run already
   * under way, the timed-out result of a run that is still hung, or a new run. Never throws.
   *
   * @param probeStart when the probe request started (ticker nanos): freshness is judged at that
   *     instant, and a new run times out at {@code probeStart} plus the check's timeout, however
   *     long it took to hand the run to the executor
   */
  public CompletableFuture<Result> evaluate(long probeStart) {
    CompletableFuture<Result> future;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.completedFuture(
            result(HealthStatus.DOWN, "health is closed", Map.of(), 0));
      }
      Result current = latest;
      if (current != null && isFresh(current, probeStart)) {
        return CompletableFuture.completedFuture(current);
      }
      if (pending != null) {
        return pending;
      }
      if (running && current != null) {
        // the previous run timed out and is still hung: report it as still timed out
        return CompletableFuture.completedFuture(current);
      }
      future = begin();
    }
    launch(future, probeStart);
    return future;
  }

  /**
   * Whether a result taken at {@code takenTicks} may serve a probe made at {@code now}: within its
   * time to live. A result a little younger than the probe (a run that ended after the probe
   * started) serves it too; one taken more than a time to live after {@code now}, which only a
   * clock moved back can show, does not, or it would be served until the clock caught up again.
   */
  private boolean isFresh(Result current, long now) {
    if (background) {
      return true;
    }
    long age = now - current.takenTicks();
    return ttlNanos > 0 && age < ttlNanos && age > -ttlNanos;
  }

  // called with the lock held
  private CompletableFuture<Result> begin() {
    CompletableFuture<Result> future = new CompletableFuture<>();
    pending = future;
    running = true;
    return future;
  }

  private void launch(CompletableFuture<Result> future, long deadlineFrom) {
    long start = now();
    // the deadline counts from the probe's start, not from when this run got going: handing
    // many checks to the executor (and starting its threads) must not push the answer back
    long remaining = timeoutNanos - Math.max(0, start - deadlineFrom);
    Duration delay = remaining > 0 ? Duration.ofNanos(remaining) : Duration.ZERO;
    ScheduledTask timeout;
    try {
      timeout =
          shared
              .scheduler()
              .schedule(
                  timeoutTaskName, delay, () -> timedOut(future, Math.min(start, deadlineFrom)));
    } catch (RuntimeException e) {
      finish(future, result(HealthStatus.DOWN, "not started: " + describe(e), Map.of(), 0), null);
      return;
    }
    try {
      shared.executor().execute(() -> invoke(future, start, timeout));
    } catch (RuntimeException e) {
      finish(future, result(HealthStatus.DOWN, "not started: " + describe(e), Map.of(), 0), timeout);
    }
  }

  private void invoke(CompletableFuture<Result> future, long start, ScheduledTask timeout) {
    Result r;
    try {
      HealthResult h = check.check();
      long took = Math.max(0, now() - start);
      if (h == null) {
        r = result(HealthStatus.DOWN, "check returned null instead of a HealthResult", Map.of(), took);
      } else {
        r = result(h.status(), h.message(), h.details(), took);
      }
    } catch (Throwable e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      r = result(HealthStatus.DOWN, describe(e), Map.of(), Math.max(0, now() - start));
      if (e instanceof VirtualMachineError) {
        finish(future, r, timeout);
        throw (VirtualMachineError) e;
      }
    }
    finish(future, r, timeout);
  }

  private void timedOut(CompletableFuture<Result> future, long deadlineFrom) {
    Result r =
        result(
            HealthStatus.DOWN,
            "timed out after " + format(options.timeout()),
            Map.of(),
            Math.max(0, now() - deadlineFrom));
    boolean changed;
    synchronized (this) {
      if (pending != future) {
        return;
      }
      pending = null;
      changed = record(r);
    }
    future.complete(r);
    if (changed) {
      shared.listeners().deliver();
    }
  }

  /**
   * Records the end of a run, whether it finished, failed to start, or finished after timing out.
   * A run that ends after {@link #close()} is neither recorded nor told to the listeners: its
   * probes were already answered "health is closed".
   */
  private void finish(CompletableFuture<Result> future, Result r, @Nullable ScheduledTask timeout) {
    if (timeout != null) {
      timeout.cancel();
    }
    boolean changed;
    synchronized (this) {
      running = false;
      if (pending == future) {
        pending = null;
      }
      if (closed) {
        future.complete(r);
        return;
      }
      changed = record(r);
      if (r.status() == HealthStatus.UP) {
        everUp = true;
      }
    }
    future.complete(r);
    if (changed) {
      shared.listeners().deliver();
    }
  }

  /**
   * Makes {@code r} the latest result and, when its status differs from the previous one's,
   * queues the change for the listeners. Called with the lock held, so the listeners hear this
   * check's changes in the order they were recorded; the caller delivers them once it has
   * released the lock.
   *
   * @return whether a change was queued
   */
  private boolean record(Result r) {
    @Nullable HealthStatus previous = latest == null ? null : latest.status();
    latest = r;
    if (previous == r.status() || shared.listeners().isEmpty()) {
      return false;
    }
    shared.listeners().queueCheckChange(name, previous, r.status(), r.message());
    return true;
  }

  /** The report entry for {@code r}, aged as of {@code now} (ticker nanos). */
  public CheckReport report(Result r, long now) {
    long age = now - r.takenTicks();
    return new CheckReport(
        name,
        r.status(),
        r.message(),
        r.details(),
        r.duration(),
        r.takenAt(),
        age > 0 ? Duration.ofNanos(age) : Duration.ZERO,
        options.critical());
  }

  private Result result(
      HealthStatus status, @Nullable String message, Map<String, Object> details, long took) {
    return new Result(
        status, message, details, Duration.ofNanos(took), shared.clock().instant(), now());
  }

  /** The ticker's reading now. */
  private long now() {
    return shared.ticker().read();
  }

  private static String describe(Throwable e) {
    String message;
    try {
      message = e.getMessage();
    } catch (RuntimeException unreadable) {
      // a message built lazily can fail; the run must still end, and the class says enough
      message = null;
    }
    return message == null ? e.getClass().getName() : e.getClass().getName() + ": " + message;
  }

  /** Formats a timeout the way people write it: {@code 2s}, {@code 200ms}, {@code 1m}. */
  public static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 60_000 == 0 && millis >= 60_000) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0 && millis >= 1000) {
      return millis / 1000 + "s";
    }
    if (millis > 0 || d.isZero()) {
      return millis + "ms";
    }
    return d.toNanos() / 1000 + "us";
  }
}
