package dev.shipshape.core.guard.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The timeout, innermost: it takes no permit but runs each attempt under a deadline that ends the
 * attempt with {@link DeadlineExceeded} and, when the configuration says {@code
 * cancelRunningFuture}, cancels the call. A synchronous attempt has a task of its own on the
 * application's scheduler; asynchronous attempts wait in the guard's {@link DeadlineLine}, which
 * one task serves.
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

  /**
   * A synchronous attempt's end, as its caller waits for it: the call's value, or the failure
   * that ended it, whichever of the call, the deadline and a refused thread comes first. A failure
   * completes the future normally and is read from {@link #failure()}, so that waiting for a
   * failed attempt throws nothing: {@link CompletableFuture#get()} would build an {@link
   * ExecutionException}, stack trace and all, for every attempt that fails. Closing the guards
   * completes it exceptionally, which {@code get()} reports as usual.
   */
  static final class SyncAttempt<T> extends CompletableFuture<T> {
    private static final VarHandle CLAIMED;

    static {
      try {
        CLAIMED =
            MethodHandles.lookup().findVarHandle(SyncAttempt.class, "claimed", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    @SuppressWarnings("unused") // set through CLAIMED
    private volatile int claimed;

    private @Nullable Throwable failure;

    /** Ends the attempt with {@code value}, unless it has ended; true if this ended it. */
    boolean succeed(@Nullable T value) {
      return CLAIMED.compareAndSet(this, 0, 1) && complete(value);
    }

    /** Ends the attempt with {@code cause}, unless it has ended; true if this ended it. */
    boolean fail(Throwable cause) {
      if (!CLAIMED.compareAndSet(this, 0, 1)) {
        return false;
      }
      failure = cause; // published by complete, read after get() returns
      return complete(null);
    }

    /**
     * What ended the attempt, once {@link #get()} has returned.
     *
     * @return the failure, or null when the call returned
     */
    @Nullable Throwable failure() {
      return failure;
    }
  }

  /** A task that hands its result to its attempt; cancelling it interrupts the running call. */
  private static final class Job<T> extends FutureTask<T> {
    private final SyncAttempt<T> result;

    Job(Supplier<? extends T> call, SyncAttempt<T> result) {
      super(call::get);
      this.result = result;
    }

    @Override
    protected void set(T value) {
      super.set(value);
      result.succeed(value);
    }

    @Override
    protected void setException(Throwable failure) {
      super.setException(failure);
      result.fail(failure);
    }
  }

  private static final VarHandle WATCH_ENDED;

  static {
    try {
      WATCH_ENDED = MethodHandles.lookup().findVarHandle(Watch.class, "ended", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String name;
  private final GuardRuntime rt;
  private final Duration timeout;
  private final boolean cancelRunning;
  private final Executor executor;
  private final String task;
  private final DeadlineLine line;

  DeadlineStage(
      String name, GuardRuntime rt, Duration timeout, boolean cancelRunning, Executor executor) {
    this.name = name;
    this.rt = rt;
    this.timeout = timeout;
    this.cancelRunning = cancelRunning;
    this.executor = executor;
    this.task = "guard-timeout-" + name;
    this.line = DeadlineLine.create(rt, task, timeout);
  }

  /**
   * Runs a synchronous attempt on the executor; at the deadline the scheduler ends it with {@link
   * DeadlineExceeded}, and when the executor has no thread it ends with {@link NoThread}. When the
   * deadline cannot be set (the guards are closed, or the scheduler refuses it), the call is not
   * made and the attempt has already ended exceptionally.
   */
  <T> SyncAttempt<T> runSync(Supplier<? extends T> call) {
    SyncAttempt<T> f = new SyncAttempt<>();
    Job<T> job = new Job<>(call, f);
    Duration limit = timeout;
    rt.schedule(
        task,
        limit,
        () -> {
          if (f.fail(new DeadlineExceeded(name, limit))) {
            job.cancel(cancelRunning);
          }
        },
        f);
    if (f.isDone()) {
      return f; // the guards are closed or the scheduler refused the deadline: do not call
    }
    try {
      executor.execute(job);
    } catch (RejectedExecutionException e) {
      f.fail(new NoThread(e));
    }
    return f;
  }

  /**
   * Watches an asynchronous attempt that has started: {@code then} gets its result, or {@link
   * DeadlineExceeded} at the deadline, whichever comes first, once.
   */
  <T> void watch(CompletionStage<T> started, BiConsumer<? super T, @Nullable Throwable> then) {
    new Watch<>(started, then).start();
  }

  /**
   * One asynchronous attempt under its deadline: the attempt's end, the deadline and {@link
   * GuardRuntime#close()} race to end it, and the first one hands its outcome on. One object per
   * attempt is the attempt's callback and its place in the line.
   */
  private final class Watch<T> extends DeadlineLine.Entry
      implements BiFunction<T, @Nullable Throwable, @Nullable Void> {
    private final CompletionStage<T> started;
    private final BiConsumer<? super T, @Nullable Throwable> then;
    private volatile int ended; // 1 once claimed; set through WATCH_ENDED

    Watch(CompletionStage<T> started, BiConsumer<? super T, @Nullable Throwable> then) {
      this.started = started;
      this.then = then;
    }

    void start() {
      line.enter(this);
      started.handle(this); // not whenComplete: see AsyncDriver.AsyncCall
    }

    @Override
    boolean ended() {
      return ended != 0;
    }

    /** Takes the right to end the attempt; true for the first caller only. */
    private boolean claim() {
      if (WATCH_ENDED.compareAndSet(this, 0, 1)) {
        line.leave(this);
        return true;
      }
      return false;
    }

    /** The attempt ended. */
    @Override
    public @Nullable Void apply(@Nullable T value, @Nullable Throwable e) {
      if (claim()) {
        then.accept(value, e == null ? null : AsyncDriver.unwrap(e));
      }
      return null;
    }

    /**
     * The deadline came, on the scheduler's thread: the attempt ends on the executor. Until the
     * executor gets round to it, closing the guards can end it, so an executor that never does
     * (all its threads busy with hung calls, say) leaves no caller waiting after close. The
     * tracking is the expired attempt's alone, so an attempt that never expires carries nothing
     * for it.
     */
    @Override
    void expire() {
      Expired e = new Expired(this);
      if (!rt.track(e)) {
        answer(GuardRuntime.closedFailure());
        return;
      }
      offScheduler(() -> timedOut(e));
    }

    private void timedOut(Expired e) {
      rt.untrack(e);
      if (claim()) {
        then.accept(null, new DeadlineExceeded(name, timeout));
        if (cancelRunning) {
          try {
            started.toCompletableFuture().cancel(true);
          } catch (UnsupportedOperationException ignored) {
            // a stage that cannot be cancelled keeps running; its result is ignored
          }
        }
      }
    }

    @Override
    void answer(Throwable failure) {
      if (claim()) {
        then.accept(null, failure);
      }
    }
  }

  /** An attempt whose deadline came, waiting for the executor to end it, as closing sees it. */
  private static final class Expired extends PendingWaits.Wait {
    private final Watch<?> watch;

    Expired(Watch<?> watch) {
      this.watch = watch;
    }

    @Override
    void answer(Throwable failure) {
      watch.answer(failure);
    }
  }

  /**
   * Runs {@code step} on the executor, or here when the executor refuses it or fails to take it
   * in any other way.
   */
  private void offScheduler(Runnable step) {
    try {
      executor.execute(step);
    } catch (RuntimeException e) {
      step.run();
    }
  }
}
