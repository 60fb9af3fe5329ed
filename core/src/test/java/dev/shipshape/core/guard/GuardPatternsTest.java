package dev.shipshape.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.health.CheckReport;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GuardPatternsTest {

  private final GuardKit kit = new GuardKit();
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void close() {
    callers.shutdownNow();
    kit.close();
  }

  private static String boom() {
    throw new IllegalStateException("downstream failed");
  }

  private static CircuitBreakerConfig smallBreaker() {
    return CircuitBreakerConfig.custom()
        .slidingWindow(4, 4, SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(30))
        .permittedNumberOfCallsInHalfOpenState(2)
        .build();
  }

  /**
   * Calls {@code body} through {@code guard} on a caller thread and returns once the body runs
   * (under a timeout, on the guard's executor), so that a deadline finds it running: on a loaded
   * machine the executor thread may start it late, and a call cancelled before it starts is never
   * run, so there would be nothing to interrupt.
   */
  private Future<Object> startedCall(Guard guard, Supplier<Object> body)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Future<Object> result =
        callers.submit(
            () ->
                guard.call(
                    () -> {
                      started.countDown();
                      return body.get();
                    }));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    return result;
  }

  /** The readiness check of the last guard's breaker, as the application reports it. */
  private CheckReport breakerCheck() {
    return kit.app().health().readiness().check("circuit-breaker:payments").orElseThrow();
  }

  @Test
  void breakerGoesClosedOpenHalfOpenClosedAsTheManualClockAdvances() throws Exception {
    Guard guard = kit.guard("payments", g -> g.circuitBreaker(smallBreaker()));

    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> guard.call(GuardPatternsTest::boom))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.OPEN);
    assertThat(breakerCheck().status()).isEqualTo(HealthStatus.DOWN);

    AtomicInteger invoked = new AtomicInteger();
    assertThatThrownBy(() -> guard.call(invoked::incrementAndGet))
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_CIRCUIT_BREAKER));
    kit.clock.advance(Duration.ofSeconds(29));
    assertThatThrownBy(() -> guard.call(invoked::incrementAndGet))
        .isInstanceOf(GuardException.class);
    assertThat(invoked).hasValue(0);

    kit.clock.advance(Duration.ofSeconds(2));
    assertThat(guard.call(invoked::incrementAndGet)).isEqualTo(1);
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.HALF_OPEN);
    assertThat(breakerCheck().status()).isEqualTo(HealthStatus.UP);
    assertThat(guard.call(invoked::incrementAndGet)).isEqualTo(2);
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.CLOSED);

    assertThat(kit.breakerTransitions())
        .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    CheckReport up = breakerCheck();
    assertThat(up.details()).containsEntry("state", "CLOSED");
  }

  @Test
  void timeBasedBreakerWindowForgetsFailuresAsTheClockMoves() {
    Guard guard =
        kit.guard(
            "payments",
            g ->
                g.circuitBreaker(
                    CircuitBreakerConfig.custom()
                        .slidingWindow(10, 4, SlidingWindowType.TIME_BASED)
                        .failureRateThreshold(50)
                        .build()));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> guard.call(GuardPatternsTest::boom));
    }
    kit.clock.advance(Duration.ofSeconds(11));
    assertThatThrownBy(() -> guard.call(GuardPatternsTest::boom));
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.CLOSED);
    assertThat(guard.circuitBreaker().orElseThrow().failedCalls()).isEqualTo(1);
  }

  @Test
  void retryWaitsOnTheApplicationClockBetweenAttempts() throws Exception {
    Guard guard = kit.guard("payments", g -> g.retry(3, Duration.ofSeconds(1)));
    List<Instant> attemptsAt = new CopyOnWriteArrayList<>();
    Future<String> result =
        callers.submit(
            () ->
                guard.call(
                    () -> {
                      attemptsAt.add(kit.clock.instant());
                      if (attemptsAt.size() < 3) {
                        throw new IllegalStateException("try again");
                      }
                      return "charged";
                    }));
    kit.advanceUntilDone(result, Duration.ofMillis(250));

    assertThat(result.get()).isEqualTo("charged");
    assertThat(attemptsAt).hasSize(3);
    assertThat(Duration.between(attemptsAt.get(0), attemptsAt.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(Duration.between(attemptsAt.get(1), attemptsAt.get(2)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(kit.lastCall().attempts()).isEqualTo(3);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void asyncRetryIsDueExactlyWhenTheClockReachesTheWait() {
    Guard guard =
        kit.guard("payments", g -> g.retry(2, Duration.ofSeconds(1)).executor(Runnable::run));
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<String> result =
        guard
            .callAsync(
                () ->
                    attempts.incrementAndGet() == 1
                        ? CompletableFuture.<String>failedFuture(new IllegalStateException("no"))
                        : CompletableFuture.completedFuture("ok"))
            .toCompletableFuture();

    assertThat(attempts).hasValue(1);
    kit.clock.advance(Duration.ofMillis(999));
    assertThat(result).isNotDone();
    kit.clock.advance(Duration.ofMillis(1));
    assertThat(result).isCompletedWithValue("ok");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void anAsyncCallRetriedAtOnceOnACallerRunsExecutorEndsAfterAHundredThousandAttempts() {
    Guard guard =
        kit.guard(
            "payments",
            g -> g.retry(100_000, Duration.ZERO).executor(Runnable::run).slo("payments"));
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<String> result =
        guard
            .<String>callAsync(
                () ->
                    CompletableFuture.failedFuture(
                        new IllegalStateException("refused " + attempts.incrementAndGet())))
            .toCompletableFuture();

    // every attempt failed at once; none may start the next one deeper in the stack
    assertThat(result)
        .isCompletedExceptionally()
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .withMessage("refused 100000");
    assertThat(attempts).hasValue(100_000);
    assertThat(kit.lastCall().attempts()).isEqualTo(100_000);
    assertThat(kit.slo().events(Duration.ofHours(1)).bad()).isEqualTo(1);
  }

  @Test
  void retryGivesUpAfterMaxAttemptsWithTheLastFailure() {
    Guard guard = kit.guard("payments", g -> g.retry(3, Duration.ZERO));
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                guard.call(
                    () -> {
                      throw new IllegalStateException("attempt " + attempts.incrementAndGet());
                    }))
        .hasMessage("attempt 3");
    assertThat(kit.lastCall().attempts()).isEqualTo(3);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.FAILURE);
  }

  @Test
  void syncTimeoutFiresOnTheSchedulerAndInterruptsTheCall() throws Exception {
    Guard guard = kit.guard("payments", g -> g.timeout(Duration.ofSeconds(2)));
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    Future<Object> result =
        startedCall(
            guard,
            () -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                interrupted.set(true);
              } finally {
                stopped.countDown();
              }
              return "late";
            });
    Duration moved = kit.advanceUntilDone(result, Duration.ofMillis(100));

    assertThat(moved).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(result::get)
        .hasCauseInstanceOf(GuardException.class)
        .cause()
        .satisfies(e -> assertThat(((GuardException) e).outcome()).isEqualTo(Outcome.TIMEOUT));
    assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted).isTrue();
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(kit.lastCall().duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  @Timeout(60)
  void aSyncCallThatIgnoresInterruptsIsAbandonedAtItsDeadlineAndGivesBackItsSlot()
      throws Exception {
    Guard guard = kit.guard("payments", g -> g.timeout(Duration.ofSeconds(2)).bulkhead(1));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicInteger interrupts = new AtomicInteger();
    AtomicBoolean returned = new AtomicBoolean();
    try {
      Future<Object> result =
          startedCall(
              guard,
              () -> {
                // hung: swallows every interrupt and waits until the test lets it go
                while (true) {
                  try {
                    release.await();
                    break;
                  } catch (InterruptedException e) {
                    interrupts.incrementAndGet();
                    interrupted.countDown();
                  }
                }
                returned.set(true);
                return "too late";
              });
      kit.clock.advance(Duration.ofMillis(1999));
      assertThat(result).isNotDone();
      kit.clock.advance(Duration.ofMillis(1));

      assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              GuardException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.TIMEOUT));
      assertThat(kit.lastCall().duration()).isEqualTo(Duration.ofSeconds(2));
      assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(interrupts).hasValue(1);
      assertThat(returned).isFalse();
      // the hung call still runs, but the attempt has ended: the bulkhead's one slot is free
      assertThat(guard.call(() -> "next")).isEqualTo("next");
      // and closing the application does not wait for the thread that will not stop
      kit.app().close();
      assertThat(returned).isFalse();
    } finally {
      release.countDown();
    }
  }

  @Test
  void syncCallWithinTheTimeoutReturnsItsValueFromTheExecutorThread() {
    Guard guard = kit.guard("payments", g -> g.timeout(Duration.ofSeconds(2)));
    String thread = guard.call(() -> Thread.currentThread().getName());
    assertThat(thread).startsWith("shipshape-guard-");
  }

  @Test
  void asyncTimeoutCompletesTheStageAndCancelsTheOperation() {
    Guard guard =
        kit.guard("payments", g -> g.timeout(Duration.ofSeconds(2)).executor(Runnable::run));
    CompletableFuture<String> operation = new CompletableFuture<>();
    CompletableFuture<String> result = guard.callAsync(() -> operation).toCompletableFuture();

    kit.clock.advance(Duration.ofMillis(1999));
    assertThat(result).isNotDone();
    kit.clock.advance(Duration.ofMillis(1));
    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(result::join)
        .hasCauseInstanceOf(GuardException.class)
        .cause()
        .satisfies(e -> assertThat(((GuardException) e).outcome()).isEqualTo(Outcome.TIMEOUT));
    assertThat(operation).isCancelled();
  }

  @Test
  void bulkheadRejectsCallsBeyondItsLimitUntilASlotFrees() {
    Guard guard = kit.guard("payments", g -> g.bulkhead(1));
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> inFlight = guard.callAsync(() -> first).toCompletableFuture();

    AtomicInteger invoked = new AtomicInteger();
    assertThatThrownBy(() -> guard.call(invoked::incrementAndGet))
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_BULKHEAD));
    assertThat(invoked).hasValue(0);
    assertThat(kit.lastCall().attempts()).isZero();

    first.complete("done");
    assertThat(inFlight).isCompletedWithValue("done");
    assertThat(guard.call(invoked::incrementAndGet)).isEqualTo(1);
  }

  @Test
  void rateLimiterRefreshesItsPermitsOnTheApplicationClock() {
    Guard guard = kit.guard("payments", g -> g.rateLimiter(2, Duration.ofSeconds(1)));
    assertThat(guard.call(() -> 1)).isEqualTo(1);
    assertThat(guard.call(() -> 2)).isEqualTo(2);
    assertThatThrownBy(() -> guard.call(() -> 3))
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_RATE_LIMITER));
    kit.clock.advance(Duration.ofSeconds(1));
    assertThat(guard.call(() -> 4)).isEqualTo(4);
  }

  @Test
  void rateLimiterWithATimeoutWaitsForTheNextPeriodOnTheClock() {
    Guard guard =
        kit.guard(
            "payments",
            g ->
                g.executor(Runnable::run)
                    .rateLimiter(
                        RateLimiterConfig.custom()
                            .limitForPeriod(1)
                            .limitRefreshPeriod(Duration.ofSeconds(1))
                            .timeoutDuration(Duration.ofSeconds(5))
                            .build()));
    assertThat(guard.callAsync(() -> CompletableFuture.completedFuture(1)).toCompletableFuture())
        .isCompletedWithValue(1);
    CompletableFuture<Integer> second =
        guard.callAsync(() -> CompletableFuture.completedFuture(2)).toCompletableFuture();
    assertThat(second).isNotDone();
    kit.clock.advance(Duration.ofSeconds(1));
    assertThat(second).isCompletedWithValue(2);
  }
}
