package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.CircuitBreakerSnapshot;
import dev.shipshape.core.guard.Guard;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.guard.GuardConfigException;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.internal.TelemetryHub;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.Ticker;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.DaemonThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What every guard of one application shares: the clock, the scheduler that fires deadlines and
 * waits, the executor that runs calls under a timeout, flags for kill switches, SLOs and the
 * telemetry hub. {@link #close()} answers every wait and deadline still pending, so no caller is
 * left blocked once the scheduler stops.
 */
public final class GuardRuntime implements AutoCloseable {

  /** How long {@link #close()} waits for the default executor's threads to end. */
  static final long CLOSE_WAIT_SECONDS = 2;

  /** The most threads the default executor starts; calls beyond it are rejected. */
  public static final int DEFAULT_MAX_THREADS = 64;

  final Clock clock;
  final Ticker ticker;
  final Scheduler scheduler;
  final @Nullable Flags flags;
  final Map<String, Slo> slos;
  final TelemetryHub telemetry;
  private final PendingWaits pending = new PendingWaits();
  /** The guards' lines of asynchronous attempts waiting for their deadlines, for closing. */
  private final List<DeadlineLine> lines = new CopyOnWriteArrayList<>();

  private volatile boolean closed;
  private final Object executorLock = new Object();
  private @Nullable ExecutorService defaultExecutor;

  /**
   * Creates the shared parts.
   *
   * @param clock the application's clock
   * @param scheduler the application's scheduler, on {@code clock}
   * @param flags the flags for kill switches, or null when the application has none
   * @param slos the SLOs by name
   * @param telemetry the telemetry hub
   */
  public GuardRuntime(
      Clock clock,
      Scheduler scheduler,
      @Nullable Flags flags,
      Map<String, Slo> slos,
      TelemetryHub telemetry) {
    this.clock = clock;
    this.ticker = Ticker.of(clock);
    this.scheduler = scheduler;
    this.flags = flags;
    this.slos = Map.copyOf(slos);
    this.telemetry = telemetry;
  }

  /**
   * The problems of {@code config} that only the application can see: an SLO it names that does
   * not exist.
   *
   * @param config a guard definition
   * @param sloNames the application's SLO names
   * @return the problems, empty when none
   */
  public static List<ConfigProblem> problems(GuardConfig config, Set<String> sloNames) {
    List<ConfigProblem> problems = new ArrayList<>();
    config
        .slo()
        .filter(s -> !sloNames.contains(s))
        .ifPresent(
            s ->
                problems.add(
                    ConfigProblem.of(
                            "slo", s, "must be one of " + sloNames.stream().sorted().toList())
                        .in("guards", config.name())));
    return problems;
  }

  /**
   * Creates the runtime guard for {@code config}.
   *
   * @param config the definition
   * @return the guard
   * @throws IllegalArgumentException if it names an SLO the application does not have
   */
  public GuardImpl create(GuardConfig config) {
    List<ConfigProblem> problems = problems(config, slos.keySet());
    if (!problems.isEmpty()) {
      throw new GuardConfigException(config.name(), problems);
    }
    return new GuardImpl(config, this);
  }

  /**
   * The readiness check reporting a guard's circuit breaker: {@code DOWN} while it is open or
   * forced open, {@code UP} otherwise, with the state and failure rate as details.
   *
   * @param guard a guard with a circuit breaker
   * @return the check
   */
  public static HealthCheck breakerCheck(Guard guard) {
    return () -> {
      CircuitBreakerSnapshot breaker = guard.circuitBreaker().orElseThrow();
      CircuitBreakerSnapshot.State state = breaker.state();
      HealthResult r =
          breaker.refusesCalls()
              ? HealthResult.down("circuit breaker is " + state)
              : HealthResult.up();
      return r.withDetail("state", state.name())
          .withDetail("failureRate", (double) breaker.failureRate());
    };
  }

  /** The guard's own executor, or one that runs tasks on the default executor. */
  Executor executorFor(@Nullable Executor own) {
    return own != null ? own : task -> defaultExecutor().execute(task);
  }

  /**
   * The default executor, made on first use.
   *
   * @throws RejectedExecutionException once the guards are closed, so that no thread starts after
   *     {@link #close()}
   */
  Executor defaultExecutor() {
    synchronized (executorLock) {
      if (closed) { // set before close() takes this lock, so a pool made here is shut down there
        throw new RejectedExecutionException("guards are closed");
      }
      if (defaultExecutor == null) {
        ThreadPoolExecutor pool =
            new ThreadPoolExecutor(
                0,
                DEFAULT_MAX_THREADS,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                DaemonThreadFactory.remembering("shipshape-guard"),
                new ThreadPoolExecutor.AbortPolicy());
        defaultExecutor = pool;
      }
      return defaultExecutor;
    }
  }

  /**
   * A future completed by a scheduler task {@code delay} from now on the application's clock;
   * completed exceptionally if the scheduler is closed or this runtime closes first.
   */
  CompletableFuture<Void> sleep(String task, Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    schedule(task, delay, () -> f.complete(null), f);
    return f;
  }

  /** A wait that completes its future exceptionally when it is answered. */
  private static final class FutureWait extends PendingWaits.Wait {
    private final CompletableFuture<?> owner;

    FutureWait(CompletableFuture<?> owner) {
      this.owner = owner;
    }

    @Override
    void answer(Throwable failure) {
      owner.completeExceptionally(failure);
    }
  }

  /**
   * Schedules {@code action} to complete {@code owner}, tracking {@code owner} so that {@link
   * #close()} can answer it; once {@code owner} completes, however it does, the task is cancelled
   * and the tracking ends. When the scheduler refuses, completes {@code owner} exceptionally.
   */
  void schedule(String task, Duration delay, Runnable action, CompletableFuture<?> owner) {
    PendingWaits.Wait wait = new FutureWait(owner);
    ScheduledTask t = track(wait, task, delay, action);
    if (t != null) {
      // one callback ends both, where one for each would cost a second dependent future; handle,
      // since whenComplete's stage would fail with a new CompletionException when owner fails
      owner.handle(
          (v, e) -> {
            untrack(wait, t);
            return null;
          });
    }
  }

  /**
   * Tracks {@code wait} so that {@link #close()} can answer it, and schedules {@code action}; the
   * caller {@linkplain #untrack untracks} it when it ends. Returns null, once {@code wait} has
   * been answered, when the guards are closed or the scheduler refuses the task.
   */
  @Nullable ScheduledTask track(
      PendingWaits.Wait wait, String task, Duration delay, Runnable action) {
    if (!pending.add(wait)) {
      wait.answer(closedFailure());
      return null;
    }
    try {
      return scheduler.schedule(task, delay, action);
    } catch (RuntimeException e) {
      pending.remove(wait);
      wait.answer(e);
      return null;
    }
  }

  /**
   * Tracks {@code wait} so that {@link #close()} answers it, until {@link #untrack(PendingWaits.Wait)
   * untracked}.
   *
   * @return false, tracking nothing, once the guards are closed
   */
  boolean track(PendingWaits.Wait wait) {
    return pending.add(wait);
  }

  /** Ends the tracking of {@code wait}; does nothing when it is not tracked. */
  void untrack(PendingWaits.Wait wait) {
    pending.remove(wait);
  }

  /** Has {@link #close()} answer every attempt waiting in {@code line}. */
  void answerOnClose(DeadlineLine line) {
    lines.add(line);
  }

  /** Whether {@link #close()} has begun; set before it answers the deadline lines. */
  boolean closed() {
    return closed;
  }

  /** Ends the tracking of {@code wait} and cancels its task, which may have run already. */
  void untrack(PendingWaits.Wait wait, @Nullable ScheduledTask task) {
    pending.remove(wait);
    if (task != null) {
      task.cancel();
    }
  }

  /**
   * Answers every pending wait and deadline with a cancellation, stops the default executor's
   * threads and waits up to {@value #CLOSE_WAIT_SECONDS} s for them to end; no thread starts
   * afterwards. Closing twice does nothing. What answering one wait throws (a caller's callback)
   * keeps no other from its answer: the first such exception is thrown at the end, with the
   * later ones suppressed in it.
   */
  @Override
  public void close() {
    closed = true;
    List<Runnable> answers = new ArrayList<>();
    for (DeadlineLine line : lines) {
      answers.add(line::answerAll);
    }
    for (PendingWaits.Wait wait : pending.close()) {
      answers.add(() -> wait.answer(closedFailure()));
    }
    RuntimeException failed = null;
    for (Runnable answer : answers) {
      try {
        answer.run();
      } catch (RuntimeException e) {
        failed = keepFirst(failed, e);
      }
    }
    ExecutorService pool;
    synchronized (executorLock) {
      pool = defaultExecutor;
    }
    if (pool != null) {
      // interrupts running calls and waits for the threads to end (not when called from one)
      DaemonThreadFactory.shutdownAndWait(pool, CLOSE_WAIT_SECONDS);
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** What a wait or deadline that closing the guards ends fails with: a new one each time. */
  static CancellationException closedFailure() {
    return new CancellationException("guards are closed");
  }

  /**
   * The first of several failures, with each later one suppressed in it: {@code e} when {@code
   * first} is null, else {@code first}.
   */
  static RuntimeException keepFirst(@Nullable RuntimeException first, RuntimeException e) {
    if (first == null) {
      return e;
    }
    first.addSuppressed(e);
    return first;
  }
}
