package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs synchronous calls through a guard's stages on the caller's thread (or, under a timeout, on
 * the executor while the caller waits); waits block the caller until their scheduler task runs.
 */
final class SyncDriver {

  private final GuardParts parts;
  private final GuardRuntime rt;

  SyncDriver(GuardParts parts) {
    this.parts = parts;
    this.rt = parts.rt;
  }

  <T> T call(
      Supplier<? extends T> call, @Nullable Function<? super Throwable, ? extends T> fallback) {
    CallEnding ending = parts.ending;
    // Two clock readings for a call that succeeds at once: its start, which is also the first
    // attempt's start, and its end, which is also the first attempt's end.
    long start = rt.ticker.read();
    GuardException off = Stage.refusal(parts.perCall);
    if (off != null) {
      return ending.end(start, rt.ticker.read(), off.outcome(), 0, null, off, fallback).get();
    }
    // the retry's context is made when an attempt needs it: a call that succeeds at once has none
    Retry.AsyncContext<Object> rc = null;
    int attempts = 0;
    boolean waited = false;
    while (true) {
      GuardException rejected = enter();
      if (rejected != null) {
        return ending
            .end(start, rt.ticker.read(), rejected.outcome(), attempts, null, rejected, fallback)
            .get();
      }
      attempts++;
      // after a retry wait or a stage that may have waited, the attempt starts now
      long t0 = waited || parts.attemptMayWait ? rt.ticker.read() : start;
      T value = null;
      Throwable failure = null;
      DeadlineStage deadline = parts.deadline;
      if (deadline == null) {
        try {
          value = call.get();
        } catch (VirtualMachineError e) {
          Stage.abandonAll(parts.perAttempt);
          throw e;
        } catch (Throwable e) {
          failure = e;
        }
      } else {
        DeadlineStage.SyncAttempt<T> f = deadline.runSync(call);
        try {
          value = f.get();
          failure = f.failure();
        } catch (ExecutionException | CancellationException e) {
          // the guards closed (or the scheduler refused the deadline) while it waited: the
          // attempt did not end, so it is not recorded, and the caller hears why, as a wait's does
          Stage.releaseBefore(parts.perAttempt, parts.perAttempt.length);
          GuardException closed =
              ending.closedWhileWaiting(e.getCause() == null ? e : e.getCause());
          return ending
              .end(start, rt.ticker.read(), Outcome.FAILURE, attempts, null, closed, fallback)
              .get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          f.cancel(true);
          failure = e;
        }
      }
      if (failure instanceof DeadlineStage.NoThread) {
        Stage.releaseBefore(parts.perAttempt, parts.perAttempt.length);
        attempts--;
        GuardException noThread =
            ending.noThread("run the call under its timeout", failure.getCause());
        return ending
            .end(start, rt.ticker.read(), noThread.outcome(), attempts, null, noThread, fallback)
            .get();
      }
      long t1 = rt.ticker.read();
      Settled settled = parts.settle(value, failure, t1 - t0);
      RetryPlan retry = parts.retry;
      if (retry != null) {
        rc = retry.context(rc, settled, value);
      }
      long delayMillis = RetryPlan.delay(rc, settled, value, failure);
      if (delayMillis >= 0) {
        GuardException interrupted = await(Duration.ofMillis(delayMillis));
        if (interrupted == null) {
          waited = true;
          continue;
        }
        return ending
            .end(start, rt.ticker.read(), Outcome.FAILURE, attempts, null, interrupted, fallback)
            .get();
      }
      if (delayMillis == RetryPlan.EXHAUSTED && retry != null) {
        return ending
            .end(start, t1, Outcome.FAILURE, attempts, null, retry.exhausted(attempts), fallback)
            .get();
      }
      if (settled == Settled.SUCCESS) {
        ending.succeeded(t1 - start, attempts);
        return value;
      }
      return ending.end(start, t1, settled.outcome(), attempts, value, failure, fallback).get();
    }
  }

  /**
   * Acquires every stage for an attempt, outermost first, waiting where a stage asks to; on a
   * refusal or a wait that did not end, gives back what was taken.
   *
   * @return null when the attempt may run, else what ends the call
   */
  private @Nullable GuardException enter() {
    Stage[] stages = parts.perAttempt;
    for (int i = 0; i < stages.length; i++) {
      long wait = stages[i].acquire();
      if (wait == Stage.PROCEED) {
        continue;
      }
      if (wait < 0) {
        return Stage.rejectionAt(stages, i);
      }
      GuardException interrupted = await(Duration.ofNanos(wait));
      if (interrupted != null) {
        Stage.releaseBefore(stages, i + 1);
        return interrupted;
      }
    }
    return null;
  }

  private @Nullable GuardException await(Duration delay) {
    CompletableFuture<Void> f = rt.sleep(parts.waitTask, delay);
    try {
      f.get();
      return null;
    } catch (ExecutionException | CancellationException e) {
      return parts.ending.closedWhileWaiting(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return parts.ending.interruptedWhileWaiting(e);
    }
  }
}
