package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs asynchronous calls through a guard's stages without blocking: waits and deadlines are
 * scheduler tasks, and each step after one continues on the guard's executor.
 */
final class AsyncDriver {

  /**
   * The attempts due at once (retries without a wait) that were started on this thread while
   * another such attempt ran here, or null when none runs; see {@link #startHere}.
   */
  private static final ThreadLocal<@Nullable ArrayDeque<Runnable>> DUE_HERE = new ThreadLocal<>();

  private final GuardParts parts;
  private final GuardRuntime rt;

  AsyncDriver(GuardParts parts) {
    this.parts = parts;
    this.rt = parts.rt;
  }

  <T> CompletionStage<T> call(
      Supplier<? extends CompletionStage<T>> call,
      @Nullable Function<? super Throwable, ? extends T> fallback) {
    AsyncCall<T> c = new AsyncCall<>(call, fallback);
    c.begin();
    return c;
  }

  /**
   * Runs {@code attempt}, or queues it when another attempt due at once runs on this thread. An
   * attempt whose stage has already ended (a callee that fails at once) ends inside the one that
   * started it, and on an executor that runs tasks on the calling thread each retry would start
   * the next one deeper in the stack, until it overflowed where no caller hears it: they run one
   * after the other instead. Only retries without a wait come here, never a call's first attempt.
   */
  static void startHere(Runnable attempt) {
    ArrayDeque<Runnable> due = DUE_HERE.get();
    if (due != null) {
      due.add(attempt);
      return;
    }
    due = new ArrayDeque<>();
    DUE_HERE.set(due);
    try {
      for (Runnable next = attempt; next != null; next = due.poll()) {
        next.run();
      }
    } finally {
      DUE_HERE.remove();
      // one threw (an executor that failed, an error of the JVM): the others still start
      for (Runnable left = due.poll(); left != null; left = due.poll()) {
        startHere(left);
      }
    }
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * One asynchronous call in progress, and the stage its caller gets: each step continues from a
   * callback or a scheduler task, and the call is its own callback for the end of an attempt.
   *
   * <p>An attempt's stage is followed with {@code handle}, never {@code whenComplete}: the stage
   * {@code whenComplete} returns fails with a new {@link CompletionException}, stack trace and
   * all, for every attempt that fails, though nobody reads it.
   */
  private final class AsyncCall<T> extends CompletableFuture<T>
      implements BiConsumer<T, @Nullable Throwable>,
          BiFunction<T, @Nullable Throwable, @Nullable Void> {
    final Supplier<? extends CompletionStage<T>> call;
    final @Nullable Function<? super Throwable, ? extends T> fallback;
    final long start = rt.ticker.read();
    Retry.@Nullable AsyncContext<Object> rc;
    int attempts;
    long attemptStart;

    AsyncCall(
        Supplier<? extends CompletionStage<T>> call,
        @Nullable Function<? super Throwable, ? extends T> fallback) {
      this.call = call;
      this.fallback = fallback;
    }

    void begin() {
      GuardException off = Stage.refusal(parts.perCall);
      if (off != null) {
        finish(off.outcome(), null, off);
        return;
      }
      acquireFrom(0);
    }

    /** Acquires the stages from {@code from} on, outermost first, then runs the attempt. */
    void acquireFrom(int from) {
      Stage[] stages = parts.perAttempt;
      for (int i = from; i < stages.length; i++) {
        long wait = stages[i].acquire();
        if (wait == Stage.PROCEED) {
          continue;
        }
        if (wait < 0) {
          GuardException rejected = Stage.rejectionAt(stages, i);
          finish(rejected.outcome(), null, rejected);
          return;
        }
        int next = i + 1;
        rt.sleep(parts.waitTask, Duration.ofNanos(wait))
            .whenComplete(
                (v, e) -> {
                  if (e != null) {
                    Stage.releaseBefore(stages, next);
                    finish(Outcome.FAILURE, null, parts.ending.closedWhileWaiting(e));
                  } else {
                    continueOnExecutor(() -> acquireFrom(next), next);
                  }
                });
        return;
      }
      run();
    }

    void run() {
      attempts++;
      // the first attempt starts with the call unless a stage may have waited before it
      attemptStart = attempts == 1 && !parts.attemptMayWait ? start : rt.ticker.read();
      CompletionStage<T> stage;
      try {
        stage = call.get();
        if (stage == null) {
          throw new NullPointerException(
              "guard '" + parts.name + "' call returned no CompletionStage");
        }
      } catch (VirtualMachineError e) {
        Stage.abandonAll(parts.perAttempt);
        // thrown to whoever started the attempt: the caller of callAsync for a first attempt, a
        // scheduler task or an executor thread for a later one, so the caller's stage hears it too
        completeExceptionally(e);
        throw e;
      } catch (Throwable e) {
        settled(null, e);
        return;
      }
      DeadlineStage deadline = parts.deadline;
      if (deadline == null) {
        stage.handle(this);
      } else {
        deadline.watch(stage, this);
      }
    }

    /** The end of an attempt that started. */
    @Override
    public void accept(@Nullable T value, @Nullable Throwable e) {
      settled(value, e == null ? null : unwrap(e));
    }

    /** The end of an attempt that started, as the attempt's stage hands it on. */
    @Override
    public @Nullable Void apply(@Nullable T value, @Nullable Throwable e) {
      accept(value, e);
      return null;
    }

    void settled(@Nullable T value, @Nullable Throwable failure) {
      long now = rt.ticker.read();
      Settled s = parts.settle(value, failure, now - attemptStart);
      RetryPlan retry = parts.retry;
      if (retry != null) {
        rc = retry.context(rc, s, value);
      }
      long delayMillis = RetryPlan.delay(rc, s, value, failure);
      if (delayMillis == RetryPlan.EXHAUSTED && retry != null) {
        finish(Outcome.FAILURE, null, retry.exhausted(attempts), now);
      } else if (delayMillis < 0) {
        finish(s.outcome(), value, failure, now);
      } else if (delayMillis == 0) {
        retryAtOnce();
      } else {
        rt.sleep(parts.waitTask, Duration.ofMillis(delayMillis))
            .whenComplete(
                (v, e) -> {
                  if (e != null) {
                    finish(Outcome.FAILURE, null, parts.ending.closedWhileWaiting(e));
                  } else {
                    continueOnExecutor(() -> acquireFrom(0));
                  }
                });
      }
    }

    /** Starts the next attempt without a wait, on the executor. */
    void retryAtOnce() {
      continueOnExecutor(() -> startHere(() -> acquireFrom(0)));
    }

    void continueOnExecutor(Runnable step) {
      continueOnExecutor(step, 0);
    }

    /**
     * Continues on the guard's executor; when it has no thread, gives back the permits of the
     * first {@code acquired} stages and ends the call as rejected by the executor.
     */
    void continueOnExecutor(Runnable step, int acquired) {
      try {
        parts.executor.execute(step);
      } catch (RejectedExecutionException e) {
        Stage.releaseBefore(parts.perAttempt, acquired);
        finish(Outcome.REJECTED_BY_EXECUTOR, null, parts.ending.noThread("continue the call", e));
      }
    }

    void finish(Outcome outcome, @Nullable T value, @Nullable Throwable failure) {
      finish(outcome, value, failure, rt.ticker.read());
    }

    /** Ends the call at {@code now}, a reading of the guard's ticker. */
    void finish(Outcome outcome, @Nullable T value, @Nullable Throwable failure, long now) {
      if (outcome == Outcome.SUCCESS && failure == null) {
        try {
          parts.ending.succeeded(now - start, attempts);
        } catch (RuntimeException | Error e) {
          completeExceptionally(e);
          return;
        }
        complete(value);
        return;
      }
      CallEnding.Ending<T> ending;
      try {
        ending =
            parts.ending.end(start, now, outcome, attempts, value, failure, fallback);
      } catch (RuntimeException | Error e) {
        completeExceptionally(e);
        return;
      }
      if (ending.error != null) {
        completeExceptionally(ending.error);
      } else if (ending.thrown != null) {
        completeExceptionally(ending.thrown);
      } else {
        complete(ending.value);
      }
    }
  }
}
