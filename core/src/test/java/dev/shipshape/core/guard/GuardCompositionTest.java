package dev.shipshape.core.guard;

import static dev.shipshape.core.guard.GuardKit.failing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins the fixed order: fallback, retry, circuit breaker, rate limiter, bulkhead, timeout. */
class GuardCompositionTest {

  private final GuardKit kit = new GuardKit();

  @AfterEach
  void close() {
    kit.close();
  }

  private static CircuitBreakerConfig opensAfterTwoFailures() {
    return CircuitBreakerConfig.custom()
        .slidingWindow(2, 2, SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofMinutes(1))
        .build();
  }

  /**
   * Calls the guard with a call that always fails, checks that the guard ends it with {@code
   * outcome}, and returns how many times the call ran.
   */
  private static int invocationsOfAFailingCall(Guard guard, Outcome outcome) {
    AtomicInteger invoked = new AtomicInteger();
    assertThatThrownBy(() -> guard.call(failing(invoked, () -> new IllegalStateException("down"))))
        .isInstanceOfSatisfying(
            GuardException.class, e -> assertThat(e.outcome()).isEqualTo(outcome));
    return invoked.get();
  }

  @Test
  void retryIsOutsideTheBreakerSoEachAttemptCountsAndAnOpenBreakerStopsRetrying() {
    Guard guard =
        kit.guard(
            "payments", g -> g.retry(5, Duration.ZERO).circuitBreaker(opensAfterTwoFailures()));

    assertThat(invocationsOfAFailingCall(guard, Outcome.REJECTED_BY_CIRCUIT_BREAKER)).isEqualTo(2);
    assertThat(kit.lastCall().attempts()).isEqualTo(2);
    assertThat(guard.circuitBreaker().orElseThrow().failedCalls())
        .isEqualTo(2);
  }

  @Test
  void timeoutIsInnermostSoEachAttemptHasItsOwnDeadlineAndTheBreakerSeesTimeouts() {
    Guard guard =
        kit.guard(
            "payments",
            g ->
                g.retry(3, Duration.ZERO)
                    .circuitBreaker(
                        CircuitBreakerConfig.custom()
                            .slidingWindow(10, 10, SlidingWindowType.COUNT_BASED)
                            .build())
                    .timeout(Duration.ofSeconds(2))
                    .executor(Runnable::run));
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<String> result =
        guard
            .callAsync(
                () ->
                    attempts.incrementAndGet() < 3
                        ? new CompletableFuture<String>()
                        : CompletableFuture.completedFuture("third time"))
            .toCompletableFuture();

    assertThat(attempts).hasValue(1);
    kit.clock.advance(Duration.ofSeconds(2));
    assertThat(attempts).hasValue(2);
    assertThat(result).isNotDone();
    kit.clock.advance(Duration.ofSeconds(2));
    assertThat(result).isCompletedWithValue("third time");
    CircuitBreakerSnapshot m = guard.circuitBreaker().orElseThrow();
    assertThat(m.failedCalls()).isEqualTo(2);
    assertThat(m.successfulCalls()).isEqualTo(1);
    assertThat(kit.lastCall().attempts()).isEqualTo(3);
    assertThat(kit.lastCall().duration()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void rateLimiterIsInsideRetrySoEveryAttemptTakesAPermit() {
    Guard guard =
        kit.guard("payments", g -> g.retry(5, Duration.ZERO).rateLimiter(2, Duration.ofMinutes(1)));

    assertThat(invocationsOfAFailingCall(guard, Outcome.REJECTED_BY_RATE_LIMITER)).isEqualTo(2);
  }

  @Test
  void anOpenBreakerSpendsNoRateLimiterPermit() {
    Guard guard =
        kit.guard(
            "payments",
            g ->
                g.circuitBreaker(
                        CircuitBreakerConfig.from(opensAfterTwoFailures())
                            .initialState(CircuitBreaker.State.OPEN)
                            .build())
                    .rateLimiter(1, Duration.ofHours(1)));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> guard.call(() -> "x"))
          .isInstanceOfSatisfying(
              GuardException.class,
              e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_CIRCUIT_BREAKER));
    }
    // the open state's minute ends on the application's clock; the hour's one permit is unspent
    kit.clock.advance(Duration.ofMinutes(1).plusMillis(1));
    assertThat(guard.call(() -> "the one permit")).isEqualTo("the one permit");
  }

  @Test
  void localRejectionsAreNotRecordedAsTheDependencysFailures() {
    Guard guard =
        kit.guard("payments", g -> g.circuitBreaker(opensAfterTwoFailures()).bulkhead(1));
    CompletableFuture<String> held = new CompletableFuture<>();
    guard.callAsync(() -> held);
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> guard.call(() -> "x"))
          .isInstanceOfSatisfying(
              GuardException.class,
              e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_BULKHEAD));
    }
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.CLOSED);
    assertThat(guard.circuitBreaker().orElseThrow().failedCalls()).isZero();
    held.complete("ok");
    assertThat(guard.circuitBreaker().orElseThrow().successfulCalls()).isEqualTo(1);
  }

  @Test
  void fallbackIsOutermostAndSeesTheOutcomeAfterEveryRetry() {
    AtomicInteger invoked = new AtomicInteger();
    Guard guard =
        kit.guard(
            "payments",
            g -> g.retry(3, Duration.ZERO).fallback(e -> "fallback after " + invoked.get()));
    String result = guard.call(failing(invoked, () -> new IllegalStateException("down")));
    assertThat(result).isEqualTo("fallback after 3");
    assertThat(kit.lastCall().fallbackUsed()).isTrue();
    assertThat(kit.lastCall().attempts()).isEqualTo(3);
  }
}
