package dev.shipshape.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.guard.internal.GuardImpl;
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

  @Test
  void retryIsOutsideTheBreakerSoEachAttemptCountsAndAnOpenBreakerStopsRetrying() {
    GuardImpl guard =
        kit.guard("payments", g -> g.retry(5, Duration.ZERO).circuitBreaker(opensAfterTwoFailures()));
    AtomicInteger invoked = new AtomicInteger();

    assertThatThrownBy(
            () ->
                guard.call(
                    () -> {
                      invoked.incrementAndGet();
                      throw new IllegalStateException("down");
                    }))
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_CIRCUIT_BREAKER));

    assertThat(invoked).hasValue(2);
    assertThat(kit.lastCall().attempts()).isEqualTo(2);
    assertThat(guard.circuitBreaker().orElseThrow().getMetrics().getNumberOfFailedCalls())
        .isEqualTo(2);
  }

  @Test
  void timeoutIsInnermostSoEachAttemptHasItsOwnDeadlineAndTheBreakerSeesTimeouts() {
    GuardImpl guard =
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
    CircuitBreaker.Metrics m = guard.circuitBreaker().orElseThrow().getMetrics();
    assertThat(m.getNumberOfFailedCalls()).isEqualTo(2);
    assertThat(m.getNumberOfSuccessfulCalls()).isEqualTo(1);
    assertThat(kit.lastCall().attempts()).isEqualTo(3);
    assertThat(kit.lastCall().duration()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void rateLimiterIsInsideRetrySoEveryAttemptTakesAPermit() {
    GuardImpl guard =
        kit.guard("payments", g -> g.retry(5, Duration.ZERO).rateLimiter(2, Duration.ofMinutes(1)));
    AtomicInteger invoked = new AtomicInteger();
    assertThatThrownBy(
            () ->
                guard.call(
                    () -> {
                      invoked.incrementAndGet();
                      throw new IllegalStateException("down");
                    }))
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_RATE_LIMITER));
    assertThat(invoked).hasValue(2);
  }

  @Test
  void anOpenBreakerSpendsNoRateLimiterPermit() {
    GuardImpl guard =
        kit.guard(
            "payments", g -> g.circuitBreaker(opensAfterTwoFailures()).rateLimiter(1, Duration.ofHours(1)));
    CircuitBreaker breaker = guard.circuitBreaker().orElseThrow();
    breaker.transitionToForcedOpenState();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> guard.call(() -> "x"))
          .isInstanceOfSatisfying(
              GuardException.class,
              e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_CIRCUIT_BREAKER));
    }
    breaker.transitionToClosedState();
    assertThat(guard.call(() -> "the one permit")).isEqualTo("the one permit");
  }

  @Test
  void localRejectionsAreNotRecordedAsTheDependencysFailures() {
    GuardImpl guard =
        kit.guard("payments", g -> g.circuitBreaker(opensAfterTwoFailures()).bulkhead(1));
    CompletableFuture<String> held = new CompletableFuture<>();
    guard.callAsync(() -> held);
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> guard.call(() -> "x"))
          .isInstanceOfSatisfying(
              GuardException.class,
              e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_BULKHEAD));
    }
    CircuitBreaker breaker = guard.circuitBreaker().orElseThrow();
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    held.complete("ok");
    assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
  }

  @Test
  void fallbackIsOutermostAndSeesTheOutcomeAfterEveryRetry() {
    AtomicInteger invoked = new AtomicInteger();
    GuardImpl guard =
        kit.guard(
            "payments",
            g -> g.retry(3, Duration.ZERO).fallback(e -> "fallback after " + invoked.get()));
    String result =
        guard.call(
            () -> {
              invoked.incrementAndGet();
              throw new IllegalStateException("down");
            });
    assertThat(result).isEqualTo("fallback after 3");
    assertThat(kit.lastCall().fallbackUsed()).isTrue();
    assertThat(kit.lastCall().attempts()).isEqualTo(3);
  }
}
