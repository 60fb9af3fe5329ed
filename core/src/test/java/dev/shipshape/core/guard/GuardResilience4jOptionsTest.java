package dev.shipshape.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.slo.WindowEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.TransitionCheckResult;
import io.github.resilience4j.retry.MaxRetriesExceededException;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resilience4j options that look at what a call returned: the breaker's {@code recordResult} and
 * {@code transitionOnResult}, the retry's {@code failAfterMaxAttempts}. Each is pinned against
 * what a plain Resilience4j instance does with the same calls.
 */
class GuardResilience4jOptionsTest {

  private final GuardKit kit = new GuardKit();

  @AfterEach
  void close() {
    kit.close();
  }

  private static CircuitBreakerConfig.Builder countWindowOfFour() {
    return CircuitBreakerConfig.custom()
        .slidingWindow(4, 4, SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(30));
  }

  @Test
  void recordResultCountsReturnedValuesAsFailuresAndOpensTheBreakerAsResilience4jDoes() {
    CircuitBreakerConfig config = countWindowOfFour().recordResult("bad"::equals).build();
    Guard guard = kit.guard("payments", g -> g.circuitBreaker(config));
    CircuitBreaker reference = CircuitBreaker.of("reference", config);

    for (int i = 0; i < 4; i++) {
      // the caller still gets the value, as with Resilience4j's decorators
      assertThat(guard.call(() -> "bad")).isEqualTo("bad");
      assertThat(reference.decorateSupplier(() -> "bad").get()).isEqualTo("bad");
    }
    assertThat(reference.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.OPEN);
    assertThat(guard.circuitBreaker().orElseThrow().failureRate()).isEqualTo(100f);
    assertThat(guard.circuitBreaker().orElseThrow().failedCalls()).isEqualTo(4);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.SUCCESS);
    assertThatThrownBy(() -> guard.call(() -> "good"))
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED_BY_CIRCUIT_BREAKER));
  }

  @Test
  void recordResultAlsoJudgesAsyncResultsAndLeavesOtherValuesSuccesses() {
    CircuitBreakerConfig config = countWindowOfFour().recordResult("bad"::equals).build();
    Guard guard = kit.guard("payments", g -> g.circuitBreaker(config).executor(Runnable::run));
    for (String v : List.of("bad", "good", "bad", "good")) {
      assertThat(guard.callAsync(() -> CompletableFuture.completedFuture(v)).toCompletableFuture())
          .isCompletedWithValue(v);
    }
    CircuitBreakerSnapshot m = guard.circuitBreaker().orElseThrow();
    assertThat(m.failedCalls()).isEqualTo(2);
    assertThat(m.successfulCalls()).isEqualTo(2);
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.OPEN);
  }

  @Test
  void aThrowingRecordResultPredicateCountsTheValueAsASuccess() {
    CircuitBreakerConfig config =
        countWindowOfFour().recordResult(v -> ((String) v).isEmpty()).build();
    Guard guard = kit.guard("payments", g -> g.circuitBreaker(config));
    assertThat(guard.call(() -> 42)).isEqualTo(42);
    assertThat(guard.circuitBreaker().orElseThrow().successfulCalls())
        .isEqualTo(1);
  }

  /** What a predicate does when a class it needs failed to initialise. */
  private static boolean unloadable(Object ignored) {
    throw new ExceptionInInitializerError("NotFoundMapping failed to initialise");
  }

  @Test
  void predicatesThatThrowAnErrorCountAsNoAndAnAsyncCallStillEnds() {
    CircuitBreakerConfig config =
        countWindowOfFour().recordResult(GuardResilience4jOptionsTest::unloadable).build();
    Guard guard =
        kit.guard(
            "payments",
            g ->
                g.circuitBreaker(config)
                    .bulkhead(1)
                    .successOn(GuardResilience4jOptionsTest::unloadable)
                    .executor(Runnable::run));
    IllegalStateException down = new IllegalStateException("down");

    CompletableFuture<String> failed =
        guard.<String>callAsync(() -> CompletableFuture.failedFuture(down)).toCompletableFuture();
    assertThat(failed).isCompletedExceptionally();
    assertThatThrownBy(failed::join).hasCause(down);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(guard.callAsync(() -> CompletableFuture.completedFuture("ok")).toCompletableFuture())
        .isCompletedWithValue("ok");
    assertThatThrownBy(
            () ->
                guard.call(
                    () -> {
                      throw down;
                    }))
        .isSameAs(down);
    assertThat(guard.call(() -> "ok")).isEqualTo("ok");
    // no slot or permission was kept: the breaker saw each call, as a failure or a success
    CircuitBreakerSnapshot m = guard.circuitBreaker().orElseThrow();
    assertThat(m.failedCalls()).isEqualTo(2);
    assertThat(m.successfulCalls()).isEqualTo(2);
    assertThat(kit.calls()).hasSize(4);

    CircuitBreakerConfig throwing =
        countWindowOfFour()
            .recordException(
                e -> {
                  throw new IllegalArgumentException("recordException bug");
                })
            .build();
    Guard other = kit.guard("search", g -> g.circuitBreaker(throwing).executor(Runnable::run));
    CompletableFuture<String> notRecorded =
        other.<String>callAsync(() -> CompletableFuture.failedFuture(down)).toCompletableFuture();
    assertThat(notRecorded).isCompletedExceptionally();
    assertThatThrownBy(notRecorded::join).hasCause(down);
    assertThat(other.circuitBreaker().orElseThrow().bufferedCalls()).isEqualTo(1);
  }

  @Test
  void transitionOnResultOpensTheBreakerOnOneReturnedValueAsResilience4jDoes() {
    CircuitBreakerConfig config =
        countWindowOfFour()
            .transitionOnResult(
                r ->
                    r.isLeft() && "trip".equals(r.getLeft())
                        ? TransitionCheckResult.transitionToOpenAndWaitFor(Duration.ofSeconds(5))
                        : TransitionCheckResult.noTransition())
            .build();
    Guard guard = kit.guard("payments", g -> g.circuitBreaker(config));
    CircuitBreaker reference = CircuitBreaker.of("reference", config);

    assertThat(guard.call(() -> "fine")).isEqualTo("fine");
    reference.decorateSupplier(() -> "fine").get();
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.CLOSED);

    assertThat(guard.call(() -> "trip")).isEqualTo("trip");
    reference.decorateSupplier(() -> "trip").get();
    assertThat(reference.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.OPEN);
    assertThat(kit.breakerTransitions()).containsExactly("CLOSED->OPEN");

    // the wait the function asked for runs on the application's clock
    kit.clock.advance(Duration.ofSeconds(5));
    assertThatThrownBy(() -> guard.call(() -> "x")).isInstanceOf(GuardException.class);
    kit.clock.advance(Duration.ofMillis(1));
    assertThat(guard.call(() -> "x")).isEqualTo("x");
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.HALF_OPEN);
  }

  @Test
  void exceptionsMappedToSuccessAreOfferedToTransitionOnResultAndHonourIgnoreExceptions() {
    CircuitBreakerConfig config =
        countWindowOfFour()
            .ignoreExceptions(UnsupportedOperationException.class)
            .transitionOnResult(
                r ->
                    r.isRight() && r.get() instanceof IllegalArgumentException
                        ? TransitionCheckResult.transitionToOpen()
                        : TransitionCheckResult.noTransition())
            .build();
    Guard guard =
        kit.guard(
            "payments",
            g ->
                g.circuitBreaker(config)
                    .successOn(
                        UnsupportedOperationException.class, IllegalArgumentException.class));

    assertThatThrownBy(
            () ->
                guard.call(
                    () -> {
                      throw new UnsupportedOperationException("not here");
                    }))
        .isInstanceOf(UnsupportedOperationException.class);
    // ignored by the breaker's own configuration: neither a success nor a failure
    assertThat(guard.circuitBreaker().orElseThrow().bufferedCalls()).isZero();

    assertThatThrownBy(
            () ->
                guard.call(
                    () -> {
                      throw new IllegalArgumentException("no such order");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(guard.circuitBreaker().orElseThrow().successfulCalls()).isEqualTo(1);
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.OPEN);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.SUCCESS);

    // transitionToOpen() names no wait: the breaker stays open for its configured 30 s
    kit.clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(() -> guard.call(() -> "x")).isInstanceOf(GuardException.class);
    kit.clock.advance(Duration.ofMillis(1));
    assertThat(guard.call(() -> "x")).isEqualTo("x");
    assertThat(guard.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.HALF_OPEN);
  }

  private static RetryConfig againAndAgain(boolean failAfterMaxAttempts) {
    return RetryConfig.<String>custom()
        .maxAttempts(3)
        .waitDuration(Duration.ZERO)
        .retryOnResult("again"::equals)
        .failAfterMaxAttempts(failAfterMaxAttempts)
        .build();
  }

  @Test
  void failAfterMaxAttemptsEndsAResultStillRetriedAsAFailureTheSloCountsBad() {
    Guard guard =
        kit.guard("payments", g -> g.retry(againAndAgain(true)).slo("payments"));
    io.github.resilience4j.retry.Retry reference =
        io.github.resilience4j.retry.Retry.of("reference", againAndAgain(true));
    AtomicInteger ours = new AtomicInteger();
    AtomicInteger theirs = new AtomicInteger();

    assertThatThrownBy(
            () ->
                guard.call(
                    () -> {
                      ours.incrementAndGet();
                      return "again";
                    }))
        .isInstanceOfSatisfying(
            GuardException.class,
            e -> {
              assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
              assertThat(e.getCause()).isInstanceOf(MaxRetriesExceededException.class);
              assertThat(e).hasMessageContaining("gave up after 3 attempts");
            });
    assertThatThrownBy(
            () ->
                reference
                    .decorateSupplier(
                        () -> {
                          theirs.incrementAndGet();
                          return "again";
                        })
                    .get())
        .isInstanceOf(MaxRetriesExceededException.class);

    assertThat(ours).hasValue(3).hasValue(theirs.get());
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(kit.lastCall().attempts()).isEqualTo(3);
    assertThat(kit.slo().events(Duration.ofHours(1))).isEqualTo(new WindowEvents(0, 1));
  }

  @Test
  void failAfterMaxAttemptsGivesTheFallbackTheFailureAndWorksForAsyncCalls() {
    Guard guard =
        kit.guard(
            "payments",
            g -> g.retry(againAndAgain(true)).slo("payments").executor(Runnable::run));
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<String> result =
        guard
            .callAsync(
                () -> CompletableFuture.completedFuture("again"),
                e -> {
                  seen.add(e);
                  return "fallback";
                })
            .toCompletableFuture();
    assertThat(result).isCompletedWithValue("fallback");
    assertThat(seen).singleElement().isInstanceOf(GuardException.class);
    assertThat(seen.get(0).getCause()).isInstanceOf(MaxRetriesExceededException.class);
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(kit.lastCall().fallbackUsed()).isTrue();
    assertThat(kit.slo().events(Duration.ofHours(1))).isEqualTo(new WindowEvents(0, 1));
  }

  @Test
  void withoutFailAfterMaxAttemptsTheLastResultIsReturnedAsResilience4jDoes() {
    Guard guard = kit.guard("payments", g -> g.retry(againAndAgain(false)).slo("payments"));
    io.github.resilience4j.retry.Retry reference =
        io.github.resilience4j.retry.Retry.of("reference", againAndAgain(false));
    assertThat(guard.call(() -> "again")).isEqualTo("again");
    assertThat(reference.decorateSupplier(() -> "again").get()).isEqualTo("again");
    assertThat(kit.lastCall().outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(kit.lastCall().attempts()).isEqualTo(3);
  }
}
