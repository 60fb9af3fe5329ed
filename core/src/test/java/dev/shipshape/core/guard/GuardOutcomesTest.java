package dev.shipshape.core.guard;

import static dev.shipshape.core.guard.GuardKit.failing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.core.testing.ObservedApp;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.WindowEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuardOutcomesTest {

  private final GuardKit kit = new GuardKit();

  @AfterEach
  void close() {
    kit.close();
  }

  /** A "not found" answer: the dependency is healthy, the caller handles the absence. */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound() {
      super("no such order");
    }
  }

  private WindowEvents sloEvents() {
    return kit.slo().events(Duration.ofHours(1));
  }

  /**
   * A guard feeding the SLO, with a kill switch on flag {@code payments-enabled}, which is on, and
   * {@code options}.
   */
  private Guard switchableGuard(Consumer<GuardConfig.Builder> options) {
    kit.flagSource.putBoolean("payments-enabled", true);
    return kit.guard(
        "payments", g -> options.accept(g.slo("payments").killSwitch("payments-enabled")));
  }

  private String takes(Duration d, String value) {
    kit.clock.advance(d);
    return value;
  }

  @Test
  void feedsTheSloGoodOnlyForSuccessesWithinItsLatencyThreshold() {
    Guard guard = kit.guard("payments", g -> g.slo("payments"));
    guard.call(() -> takes(Duration.ofMillis(50), "fast"));
    guard.call(() -> takes(Duration.ofMillis(100), "at the threshold"));
    guard.call(() -> takes(Duration.ofMillis(250), "slow"));
    assertThatThrownBy(
        () ->
            guard.call(
                () -> {
                  throw new IllegalStateException("down");
                }));
    assertThat(sloEvents()).isEqualTo(new WindowEvents(2, 2));
  }

  @Test
  void rejectionsAndTimeoutsAreBadEventsAndSwitchedOffCallsAreNotRecorded() {
    Guard guard =
        switchableGuard(
            g ->
                g.executor(Runnable::run)
                    .timeout(Duration.ofSeconds(1))
                    .circuitBreaker(
                        CircuitBreakerConfig.custom()
                            .slidingWindow(1, 1, SlidingWindowType.COUNT_BASED)
                            .build()));
    CompletableFuture<String> hung =
        guard.callAsync(CompletableFuture<String>::new).toCompletableFuture();
    kit.clock.advance(Duration.ofSeconds(1));
    assertThat(hung).isCompletedExceptionally();
    // the timeout filled the breaker's window of one call: it is open
    assertThatThrownBy(() -> guard.call(() -> "x")).isInstanceOf(GuardException.class);
    assertThat(sloEvents()).isEqualTo(new WindowEvents(0, 2));

    kit.flagSource.putBoolean("payments-enabled", false);
    assertThatThrownBy(() -> guard.call(() -> "x"))
        .isInstanceOfSatisfying(
            GuardException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.DISABLED_BY_FLAG));
    assertThat(sloEvents()).isEqualTo(new WindowEvents(0, 2));
  }

  @Test
  void exceptionsMappedToSuccessAreNotRetriedCountAsGoodAndStillReachTheCaller() {
    Guard guard =
        kit.guard(
            "payments",
            g ->
                g.slo("payments")
                    .retry(3, Duration.ZERO)
                    .circuitBreaker()
                    .fallback(e -> "fallback")
                    .successOn(NotFound.class));
    AtomicInteger invoked = new AtomicInteger();
    assertThatThrownBy(() -> guard.call(failing(invoked, NotFound::new)))
        .isInstanceOf(NotFound.class);
    assertThat(invoked).hasValue(1);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(kit.lastCall().fallbackUsed()).isFalse();
    assertThat(sloEvents()).isEqualTo(new WindowEvents(1, 0));
    assertThat(guard.circuitBreaker().orElseThrow().successfulCalls())
        .isEqualTo(1);
  }

  @Test
  void killSwitchOffGoesStraightToTheFallbackWithoutCalling() {
    kit.flagSource.putBoolean("payments-enabled", false);
    Guard guard =
        kit.guard("payments", g -> g.killSwitch("payments-enabled").fallback(e -> "cached"));
    AtomicInteger invoked = new AtomicInteger();
    assertThat(guard.call(() -> "live " + invoked.incrementAndGet())).isEqualTo("cached");
    assertThat(invoked).hasValue(0);
    GuardedCallCompleted e = kit.lastCall();
    assertThat(e.outcome()).isEqualTo(Outcome.DISABLED_BY_FLAG);
    assertThat(e.attempts()).isZero();
    assertThat(e.fallbackUsed()).isTrue();

    kit.flagSource.putBoolean("payments-enabled", true);
    assertThat(guard.call(() -> "live " + invoked.incrementAndGet())).isEqualTo("live 1");
  }

  @Test
  void aMissingKillSwitchFlagLeavesTheGuardOn() {
    Guard guard = kit.guard("payments", g -> g.killSwitch("no-such-flag"));
    assertThat(guard.call(() -> "live")).isEqualTo("live");
  }

  @Test
  void aKillSwitchFlagThatIsNotABooleanIsAnEvaluationErrorAndLeavesTheGuardOn() {
    kit.flagSource.putValue("payments-enabled", "false");
    Guard guard = kit.guard("payments", g -> g.killSwitch("payments-enabled"));
    assertThat(guard.call(() -> "live")).isEqualTo("live");
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void aSinkThatThrowsOnEveryEventNeverReachesTheCaller() {
    ObservedApp observed = new ObservedApp();
    try (Shipshape ship =
        observed
            .builder(FlagSource.inMemory())
            .telemetry(
                e -> {
                  throw new StackOverflowError("sink bug on " + e.kind());
                })
            .guard(
                "payments",
                g ->
                    g.circuitBreaker(
                            CircuitBreakerConfig.custom()
                                .slidingWindow(2, 2, SlidingWindowType.COUNT_BASED)
                                .build())
                        .executor(Runnable::run))
            .build()) {
      Guard guard = ship.guard("payments");
      assertThat(guard.call(() -> "ok")).isEqualTo("ok");
      IllegalStateException down = new IllegalStateException("down");
      // the breaker opens on this one, and the sink throws on that news too
      CompletableFuture<String> failed =
          guard.<String>callAsync(() -> CompletableFuture.failedFuture(down)).toCompletableFuture();
      assertThatThrownBy(failed::join).hasCause(down);
      assertThat(guard.call(() -> "live", e -> "fallback")).isEqualTo("fallback");
      assertThat(
              guard
                  .callAsync(() -> CompletableFuture.completedFuture("live"), e -> "fallback")
                  .toCompletableFuture())
          .isCompletedWithValue("fallback");
      assertThat(observed.recorder.events(GuardedCallCompleted.class)).hasSize(4);
      assertThat(observed.recorder.events(CircuitBreakerStateChanged.class)).hasSize(1);
    }
  }

  @Test
  void perCallFallbackTakesPrecedenceAndReceivesWhatEndedTheCall() {
    Guard guard =
        kit.guard(
            "payments",
            g ->
                g.fallback(e -> "guard fallback")
                    .circuitBreaker()
                    .rateLimiter(1, Duration.ofHours(1)));
    IllegalStateException down = new IllegalStateException("down");
    assertThat(
            guard.<String>call(
                () -> {
                  throw down;
                },
                e -> e == down ? "saw the callee's exception" : "other"))
        .isEqualTo("saw the callee's exception");
    assertThat(
            guard.<String>call(
                () -> "no permit left",
                e ->
                    e instanceof GuardException
                        ? ((GuardException) e).outcome().label()
                        : "other"))
        .isEqualTo("rejected_by_rate_limiter");
    assertThat(guard.<String>call(() -> "no permit left")).isEqualTo("guard fallback");
  }

  @Test
  void uncheckedFailuresReachTheCallerUnchangedAndCheckedAsyncFailuresAreWrapped() {
    Guard guard = kit.guard("payments", g -> {});
    IllegalArgumentException bad = new IllegalArgumentException("bad request");
    assertThatThrownBy(
            () ->
                guard.call(
                    () -> {
                      throw bad;
                    }))
        .isSameAs(bad);

    IOException io = new IOException("connection reset");
    CompletableFuture<String> result =
        guard.callAsync(() -> CompletableFuture.<String>failedFuture(io)).toCompletableFuture();
    assertThatThrownBy(result::join)
        .cause()
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> {
              assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
              assertThat(e.getCause()).isSameAs(io);
            });
  }

  @Test
  void asyncCallsFeedTelemetryAndTheFallbackLikeSyncCalls() {
    Guard guard = kit.guard("payments", g -> g.slo("payments").fallback(e -> "fallback"));
    CompletableFuture<String> op = new CompletableFuture<>();
    CompletableFuture<String> result = guard.callAsync(() -> op).toCompletableFuture();
    kit.clock.advance(Duration.ofMillis(30));
    op.completeExceptionally(new IllegalStateException("down"));
    assertThat(result).isCompletedWithValue("fallback");
    GuardedCallCompleted e = kit.lastCall();
    assertThat(e.guard()).isEqualTo("payments");
    assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(e.failure()).isInstanceOf(IllegalStateException.class);
    assertThat(e.duration()).isEqualTo(Duration.ofMillis(30));
    assertThat(e.at()).isEqualTo(kit.clock.instant());
    assertThat(sloEvents()).isEqualTo(new WindowEvents(0, 1));
  }

  @Test
  void runRunsTheActionThroughTheGuard() {
    Guard guard = kit.guard("payments", g -> g.retry(2, Duration.ZERO));
    AtomicInteger runs = new AtomicInteger();
    guard.run(
        () -> {
          if (runs.incrementAndGet() == 1) {
            throw new IllegalStateException("first run fails");
          }
        });
    assertThat(runs).hasValue(2);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void closingTheGuardsReleasesACallerWaitingToRetry() throws Exception {
    Guard guard = kit.guard("payments", g -> g.retry(2, Duration.ofHours(1)));
    var caller = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      AtomicInteger attempts = new AtomicInteger();
      var result =
          caller.submit(
              () -> guard.call(failing(attempts, () -> new IllegalStateException("down"))));
      while (attempts.get() == 0) {
        Thread.onSpinWait();
      }
      kit.app().close();
      assertThatThrownBy(() -> result.get(10, java.util.concurrent.TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              GuardException.class, e -> assertThat(e).hasMessageContaining("closed"));
      assertThat(attempts).hasValue(1);
    } finally {
      caller.shutdownNow();
    }
  }

  @Test
  void aTimedCallWithNoFreeThreadIsRejectedByTheExecutorButACallersOwnRejectionIsAFailure() {
    Guard timed =
        kit.guard(
            "payments",
            g ->
                g.timeout(Duration.ofSeconds(1))
                    .executor(
                        r -> {
                          throw new java.util.concurrent.RejectedExecutionException("pool full");
                        }));
    AtomicInteger invoked = new AtomicInteger();
    assertThatThrownBy(() -> timed.call(invoked::incrementAndGet))
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> {
              assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_EXECUTOR);
              assertThat(e).hasMessage("guard 'payments' has no executor thread free to run the"
                  + " call under its timeout");
              assertThat(e.getCause()).hasMessage("pool full");
            });
    assertThat(invoked).hasValue(0);
    assertThat(kit.lastCall().attempts()).isZero();
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.REJECTED_BY_EXECUTOR);
    assertThat(kit.lastCall().outcome().isRejection()).isTrue();

    Guard plain = kit.guard("search", g -> {});
    java.util.concurrent.RejectedExecutionException own =
        new java.util.concurrent.RejectedExecutionException("their queue is full");
    assertThatThrownBy(
            () ->
                plain.call(
                    () -> {
                      throw own;
                    }))
        .isSameAs(own);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.FAILURE);
  }

  @Test
  void anAsyncCallWhoseExecutorRefusesTheNextAttemptIsRejectedByTheExecutor() {
    AtomicInteger executed = new AtomicInteger();
    Guard guard =
        kit.guard(
            "payments",
            g ->
                g.retry(2, Duration.ofSeconds(1))
                    .slo("payments")
                    .executor(
                        r -> {
                          executed.incrementAndGet();
                          throw new java.util.concurrent.RejectedExecutionException("pool full");
                        }));
    CompletableFuture<String> result =
        guard
            .callAsync(
                () -> CompletableFuture.<String>failedFuture(new IllegalStateException("no")))
            .toCompletableFuture();
    kit.clock.advance(Duration.ofSeconds(1));
    assertThat(executed).hasValue(1);
    assertThatThrownBy(result::join)
        .cause()
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_EXECUTOR));
    assertThat(kit.lastCall().attempts()).isEqualTo(1);
    assertThat(sloEvents()).isEqualTo(new WindowEvents(0, 1));
  }

  @Test
  void anErrorFromAnAsyncCallOrItsFallbackFailsTheCallersStageWithThatError() {
    Guard guard = kit.guard("payments", g -> g.slo("payments"));
    AssertionError thrown = new AssertionError("callee broke an invariant");
    CompletableFuture<String> result =
        guard
            .<String>callAsync(
                () -> {
                  throw thrown;
                })
            .toCompletableFuture();
    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(result::join).cause().isSameAs(thrown);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(sloEvents()).isEqualTo(new WindowEvents(0, 1));

    AssertionError fromFallback = new AssertionError("fallback broke an invariant");
    CompletableFuture<String> fellBack =
        guard
            .<String>callAsync(
                () -> CompletableFuture.failedFuture(new IOException("down")),
                e -> {
                  throw fromFallback;
                })
            .toCompletableFuture();
    assertThatThrownBy(fellBack::join).cause().isSameAs(fromFallback);
  }

  @Test
  void anErrorThrownByARetriedAsyncAttemptFailsTheCallersStageWithThatError() {
    Guard guard =
        kit.guard(
            "payments",
            g -> g.retry(2, Duration.ofSeconds(1)).bulkhead(1).executor(Runnable::run));
    StackOverflowError overflow = new StackOverflowError("second attempt");
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<String> result =
        guard
            .<String>callAsync(
                () -> {
                  if (runs.incrementAndGet() == 1) {
                    return CompletableFuture.failedFuture(new IOException("down"));
                  }
                  throw overflow;
                })
            .toCompletableFuture();
    assertThat(result).isNotDone();

    // the second attempt runs from the retry's wait, where no caller can catch what it throws
    kit.clock.advance(Duration.ofSeconds(1));
    assertThat(runs).hasValue(2);
    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(result::join).cause().isSameAs(overflow);
    assertThat(guard.call(() -> "slot free")).isEqualTo("slot free");
  }

  @Test
  void aFallbackThatThrowsHandsItsExceptionToTheCallerAndTheCallIsRecordedOnce() {
    IllegalStateException cacheDown = new IllegalStateException("cache down too");
    Guard guard =
        switchableGuard(
            g ->
                g.fallback(
                    e -> {
                      throw cacheDown;
                    }));
    IllegalArgumentException down = new IllegalArgumentException("gateway down");
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(() -> guard.call(failing(runs, () -> down))).isSameAs(cacheDown);
    assertThat(runs).hasValue(1);
    assertThat(kit.calls()).hasSize(1);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(kit.lastCall().failure()).isSameAs(down);
    assertThat(kit.lastCall().fallbackUsed()).isFalse();
    assertThat(sloEvents()).isEqualTo(new WindowEvents(0, 1));

    // a switched-off call goes to the fallback too: its exception reaches the caller, no SLO event
    kit.flagSource.putBoolean("payments-enabled", false);
    assertThatThrownBy(() -> guard.call(() -> "not called")).isSameAs(cacheDown);
    assertThat(kit.calls()).hasSize(2);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.DISABLED_BY_FLAG);
    assertThat(kit.lastCall().fallbackUsed()).isFalse();
    assertThat(sloEvents()).isEqualTo(new WindowEvents(0, 1));

    // the guard itself is unharmed: the next call is made and answered
    kit.flagSource.putBoolean("payments-enabled", true);
    assertThat(guard.call(() -> "charged")).isEqualTo("charged");
    assertThat(sloEvents()).isEqualTo(new WindowEvents(1, 1));
  }

  /** A call that throws {@code error}. */
  private static <T> Supplier<T> throwing(Error error) {
    return () -> {
      throw error;
    };
  }

  /** Calls {@code guard} {@code times} times each way with a callee that overflows its stack. */
  private static void stackOverflowsReachTheCallerUnchanged(Guard guard, int times) {
    for (int i = 0; i < times; i++) {
      StackOverflowError sync = new StackOverflowError("sync " + i);
      assertThatThrownBy(() -> guard.call(throwing(sync))).isSameAs(sync);
      StackOverflowError async = new StackOverflowError("async " + i);
      assertThatThrownBy(() -> guard.callAsync(throwing(async))).isSameAs(async);
    }
  }

  @Test
  void aCalleeThatThrowsAVirtualMachineErrorGivesBackItsBulkheadSlot() {
    Guard guard = kit.guard("payments", g -> g.bulkhead(1).executor(Runnable::run));
    stackOverflowsReachTheCallerUnchanged(guard, 3);
    // with one slot, every call above would have been refused had any of them kept it
    assertThat(guard.call(() -> "slot free")).isEqualTo("slot free");
    assertThat(kit.calls())
        .extracting(GuardedCallCompleted::outcome)
        .doesNotContain(Outcome.REJECTED_BY_BULKHEAD);
  }

  @Test
  void aCalleeThatThrowsAVirtualMachineErrorGivesBackItsHalfOpenBreakersTrialPermission() {
    CircuitBreakerConfig twoTrials =
        CircuitBreakerConfig.custom()
            .initialState(CircuitBreaker.State.HALF_OPEN)
            .permittedNumberOfCallsInHalfOpenState(2)
            .build();
    Guard guard =
        kit.guard("payments", g -> g.circuitBreaker(twoTrials).executor(Runnable::run));
    stackOverflowsReachTheCallerUnchanged(guard, 2);
    // two trial permissions: had the errors kept theirs, the breaker would refuse every call now
    assertThat(guard.call(() -> "trial 1")).isEqualTo("trial 1");
    assertThat(guard.call(() -> "trial 2")).isEqualTo("trial 2");
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.CLOSED);
    assertThat(kit.calls())
        .extracting(GuardedCallCompleted::outcome)
        .doesNotContain(Outcome.REJECTED_BY_CIRCUIT_BREAKER);
  }

  @Test
  void anAsyncCallWithNoThreadToContinueAfterARateLimitWaitGivesBackItsBreakerPermission() {
    AtomicBoolean refuse = new AtomicBoolean();
    Guard guard =
        kit.guard(
            "payments",
            g ->
                g.circuitBreaker(
                        CircuitBreakerConfig.custom()
                            .initialState(CircuitBreaker.State.HALF_OPEN)
                            .permittedNumberOfCallsInHalfOpenState(3)
                            .build())
                    .rateLimiter(
                        RateLimiterConfig.custom()
                            .limitForPeriod(1)
                            .limitRefreshPeriod(Duration.ofSeconds(1))
                            .timeoutDuration(Duration.ofSeconds(5))
                            .build())
                    .executor(
                        r -> {
                          if (refuse.get()) {
                            throw new RejectedExecutionException("pool full");
                          }
                          r.run();
                        }));
    // the first trial call takes the period's permit and succeeds
    assertThat(guard.callAsync(() -> CompletableFuture.completedFuture("a")).toCompletableFuture())
        .isCompletedWithValue("a");
    // the second waits for the next period's permit, then finds no thread to go on with
    refuse.set(true);
    CompletableFuture<String> refused =
        guard.callAsync(() -> CompletableFuture.completedFuture("b")).toCompletableFuture();
    kit.advanceUntilDone(refused, Duration.ofMillis(100));
    assertThatThrownBy(refused::join)
        .cause()
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_EXECUTOR));
    refuse.set(false);
    // two more trial calls fit in the half-open state: the refused call's permission came back
    for (String v : new String[] {"c", "d"}) {
      kit.clock.advance(Duration.ofSeconds(1));
      assertThat(guard.callAsync(() -> CompletableFuture.completedFuture(v)).toCompletableFuture())
          .isCompletedWithValue(v);
    }
  }
}
