package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.slo.Slo;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a guard's calls end: each is recorded in the SLO, falls back when it did not succeed, is
 * reported as one telemetry event, and becomes what the caller gets.
 */
final class CallEnding {

  /** A call's result for the caller: a value, or what to throw. */
  static final class Ending<T> {
    final @Nullable T value;
    final @Nullable RuntimeException thrown;
    final @Nullable Error error;

    Ending(@Nullable T value, @Nullable RuntimeException thrown, @Nullable Error error) {
      this.value = value;
      this.thrown = thrown;
      this.error = error;
    }

    T get() {
      if (error != null) {
        throw error;
      }
      if (thrown != null) {
        throw thrown;
      }
      return value;
    }
  }

  private final String name;
  private final GuardRuntime rt;
  private final @Nullable Slo slo;
  private final @Nullable Duration timeout;
  private final boolean emitsCalls;

  CallEnding(String name, GuardRuntime rt, @Nullable Slo slo, @Nullable Duration timeout) {
    this.name = name;
    this.rt = rt;
    this.slo = slo;
    this.timeout = timeout;
    this.emitsCalls = rt.telemetry.wants(TelemetryEvent.Kind.GUARDED_CALL_COMPLETED);
  }

  /**
   * Ends a call: records it in the SLO, applies the fallback, emits the telemetry event and decides
   * what the caller gets.
   */
  <T> Ending<T> end(
      long start,
      long now,
      Outcome outcome,
      int attempts,
      @Nullable T value,
      @Nullable Throwable failure,
      @Nullable Function<? super Throwable, ? extends T> fallback) {
    long total = now - start;
    if (slo != null && outcome != Outcome.DISABLED_BY_FLAG) {
      slo.record(outcome == Outcome.SUCCESS && slo.isGoodLatency(total));
    }
    T result = value;
    Throwable toCaller = null;
    boolean fallbackUsed = false;
    Throwable reported = outcome == Outcome.SUCCESS ? null : failure;
    if (outcome != Outcome.SUCCESS) {
      Throwable cause = forCaller(outcome, failure);
      if (fallback != null) {
        try {
          result = fallback.apply(cause);
          fallbackUsed = true;
        } catch (RuntimeException | Error e) {
          toCaller = e;
        }
      } else {
        toCaller = cause;
      }
      reported = cause;
    } else if (failure != null) {
      toCaller = failure;
    }
    emit(outcome, attempts, total, reported, fallbackUsed);
    if (toCaller == null) {
      return new Ending<>(result, null, null);
    }
    if (toCaller instanceof Error) {
      return new Ending<>(null, null, (Error) toCaller);
    }
    return new Ending<>(null, unchecked(toCaller, outcome), null);
  }

  /** Ends a call that returned a value: what {@link #end} does for it, without the rest. */
  void succeeded(long total, int attempts) {
    if (slo != null) {
      slo.record(slo.isGoodLatency(total));
    }
    emit(Outcome.SUCCESS, attempts, total, null, false);
  }

  private void emit(
      Outcome outcome,
      int attempts,
      long total,
      @Nullable Throwable reported,
      boolean fallbackUsed) {
    if (emitsCalls) {
      rt.telemetry.emit(
          new GuardedCallCompleted(
              name,
              outcome,
              attempts,
              Duration.ofNanos(Math.max(0, total)),
              reported,
              fallbackUsed,
              rt.clock.instant()));
    }
  }

  private Throwable forCaller(Outcome outcome, @Nullable Throwable failure) {
    if (outcome == Outcome.TIMEOUT) {
      return new GuardException(
          name,
          Outcome.TIMEOUT,
          "guard '" + name + "' call did not finish within " + timeout,
          failure);
    }
    if (failure == null) {
      return new GuardException(name, outcome, "guard '" + name + "' call ended: " + outcome, null);
    }
    if (failure instanceof RuntimeException || failure instanceof Error) {
      return failure;
    }
    return new GuardException(
        name, outcome, "guard '" + name + "' call failed: " + failure, failure);
  }

  private RuntimeException unchecked(Throwable t, Outcome outcome) {
    if (t instanceof RuntimeException) {
      return (RuntimeException) t;
    }
    return new GuardException(
        name,
        outcome == Outcome.SUCCESS ? Outcome.FAILURE : outcome,
        "guard '" + name + "' call failed: " + t,
        t);
  }

  /** The call could not get an executor thread to {@code toDo}. */
  GuardException noThread(String toDo, @Nullable Throwable cause) {
    return new GuardException(
        name,
        Outcome.REJECTED_BY_EXECUTOR,
        "guard '" + name + "' has no executor thread free to " + toDo,
        cause);
  }

  /** A wait was answered because the guards closed. */
  GuardException closedWhileWaiting(Throwable e) {
    return new GuardException(
        name, Outcome.FAILURE, "guard '" + name + "' stopped waiting: guards are closed", e);
  }

  /** A synchronous caller was interrupted while waiting. */
  GuardException interruptedWhileWaiting(Throwable e) {
    return new GuardException(
        name, Outcome.FAILURE, "guard '" + name + "' was interrupted while waiting", e);
  }
}
