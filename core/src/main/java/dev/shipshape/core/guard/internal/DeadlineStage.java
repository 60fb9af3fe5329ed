package dev.shipshape.core.guard.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The timeout, innermost: it takes no permit but runs each attempt under its own deadline, a task
 * on the application's scheduler that ends the attempt with {@link DeadlineExceeded} and, when the
 * configuration says {@code cancelRunningFuture}, cancels the call.
 */
final class DeadlineStage {

  /** Completes an attempt's future when the deadline fires; never thrown by user code. */
  static final class DeadlineExceeded extends TimeoutException {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded(String guard, Duration timeout) {
      super("guard '" + guard + "' attempt did not finish within " + timeout);
    }
  }

  /** The executor refused to run a call under its timeout; never thrown by user code. */
  static final class NoThread extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoThread(RejectedExecutionException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** A task that hands its result to a future; cancelling it interrupts the running call. */
  private static final class Job<T> extends FutureTask<T> {
    private final CompletableFuture<T> result;

    Job(Supplier<? extends T> call, CompletableFuture<T> result) {
      super(call::get);
      this.result = result;
    }

    @Override
    protected void done() {
      if (isCancelled()) {
        return;
      }
      try {
        result.complete(get());
      } catch (ExecutionException e) {
        result.completeExceptionally(e.getCause() == null ? e : e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        result.completeExceptionally(e);
      }
    }
  }

  private final String name;
  private final GuardRuntime rt;
  private final Duration timeout;
  private final boolean cancelRunning;
  private final Executor executor;
  private final String task;

  DeadlineStage(
      String name, GuardRuntime rt, Duration timeout, boolean cancelRunning, Executor executor) {
    this.name = name;
    this.rt = rt;
    this.timeout = timeout;
    this.cancelRunning = cancelRunning;
    this.executor = executor;
    this.task = "guard-timeout-" + name;
  }

  /**
   * Runs a synchronous attempt on the executor; the scheduler completes the future at the deadline.
   * When the executor has no thread, the future fails with {@link NoThread}.
   */
  <T> CompletableFuture<T> runSync(Supplier<? extends T> call) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Job<T> job = new Job<>(call, f);
    Duration limit = timeout;
    rt.schedule(
        task,
        limit,
        () -> {
          if (f.completeExceptionally(new DeadlineExceeded(name, limit))) {
            job.cancel(cancelRunning);
          }
        },
        f);
    try {
      executor.execute(job);
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new NoThread(e));
    }
    return f;
  }

  /**
   * Watches an asynchronous attempt that has started: the returned future completes with its
   * result, or with {@link DeadlineExceeded} at the deadline.
   */
  <T> CompletableFuture<T> watch(CompletionStage<T> started) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Duration limit = timeout;
    rt.schedule(task, limit, () -> offScheduler(() -> expire(f, started, limit)), f);
    started.whenComplete(
        (v, e) -> {
          if (e == null) {
            f.complete(v);
          } else {
            f.completeExceptionally(AsyncDriver.unwrap(e));
          }
        });
    return f;
  }

  /** Ends an attempt at its deadline; runs on the executor, off the scheduler's thread. */
  private <T> void expire(CompletableFuture<T> f, CompletionStage<T> started, Duration limit) {
    if (f.completeExceptionally(new DeadlineExceeded(name, limit)) && cancelRunning) {
      try {
        started.toCompletableFuture().cancel(true);
      } catch (UnsupportedOperationException ignored) {
        // a stage that cannot be cancelled keeps running; its result is ignored
      }
    }
  }

  /** Runs {@code step} on the executor, or here when the executor refuses it. */
  private void offScheduler(Runnable step) {
    try {
      executor.execute(step);
    } catch (RejectedExecutionException e) {
      step.run();
    }
  }
}
