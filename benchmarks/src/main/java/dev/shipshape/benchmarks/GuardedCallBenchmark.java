package dev.shipshape.benchmarks;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.Guard;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.slo.Slo;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.decorators.Decorators;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A successful call through circuit breaker + retry + bulkhead, against the same patterns composed
 * with Resilience4j's {@code Decorators}, the breaker alone, and the direct call. The same guard
 * without an SLO shows the guard's own cost apart from recording the SLO event. Method names are
 * {@code call_<contender>}; {@code call_shipshapeWithMeters} is the first guard in an application
 * with a Micrometer registry.
 *
 * <p>The {@code callAsync_} methods time an asynchronous call through circuit breaker + retry +
 * timeout whose stage has already completed: each attempt starts its deadline on a real scheduler
 * and cancels it, as every asynchronous call under a timeout does, against Resilience4j's {@code
 * Decorators.ofCompletionStage} with a time limiter on a scheduled executor. {@code
 * callAsyncFailing_shipshape} is an asynchronous call under a timeout alone whose stage has
 * already failed: what a failing dependency costs per call; {@code callTimedFailing_shipshape} the
 * same for a synchronous call under a timeout, run on the caller's thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GuardedCallBenchmark {

  /** The guarded operation: cheap, always succeeds, its result depends on state. */
  @State(Scope.Benchmark)
  public static class Work {
    int value = 42;
    Supplier<Integer> operation;
    IllegalStateException declined = new IllegalStateException("payment declined");

    /** Builds the operation. */
    @Setup(Level.Trial)
    public void setUp() {
      operation = () -> value;
    }
  }

  /**
   * A Shipshape guard with circuit breaker + retry + bulkhead feeding an SLO, with no telemetry
   * sink (logging off, no meter registry); the same without the SLO; an asynchronous guard with
   * circuit breaker + retry + a one-second timeout, running on the caller's thread; and one with
   * the timeout alone.
   */
  @State(Scope.Benchmark)
  public static class ShipshapeGuard {
    Shipshape ship;
    Guard guard;
    Guard withoutSlo;
    Guard async;
    Guard asyncTimeoutOnly;

    /** Builds the facade with one SLO and one guard. */
    @Setup(Level.Trial)
    public void setUp() {
      ship =
          Shipshape.builder()
              .logging(false)
              .slo(Slo.named("payments").objective(0.999))
              .guard("payments", ShipshapeGuard::payments)
              .guard(
                  "payments-without-slo",
                  g -> g.circuitBreaker().retry(3, Duration.ofMillis(10)).bulkhead(25))
              .guard(
                  "payments-async",
                  g ->
                      g.circuitBreaker()
                          .retry(3, Duration.ofMillis(10))
                          .timeout(Duration.ofSeconds(1))
                          .executor(Runnable::run)
                          .slo("payments"))
              .guard(
                  "payments-async-timeout",
                  g -> g.timeout(Duration.ofSeconds(1)).executor(Runnable::run).slo("payments"))
              .build();
      guard = ship.guard("payments");
      withoutSlo = ship.guard("payments-without-slo");
      async = ship.guard("payments-async");
      asyncTimeoutOnly = ship.guard("payments-async-timeout");
    }

    /** Closes the facade. */
    @TearDown(Level.Trial)
    public void tearDown() {
      ship.close();
    }

    /** The guarded payments call: circuit breaker + retry + bulkhead, feeding the SLO. */
    static void payments(GuardConfig.Builder g) {
      g.circuitBreaker().retry(3, Duration.ofMillis(10)).bulkhead(25).slo("payments");
    }
  }

  /**
   * The same guard in an application that exports its meters to Micrometer: each call also
   * records the {@code shipshape.guard.calls} timer of its outcome.
   */
  @State(Scope.Benchmark)
  public static class MeteredGuard {
    SimpleMeterRegistry registry;
    Shipshape ship;
    Guard guard;

    /** Builds the facade with a Micrometer registry, one SLO and one guard. */
    @Setup(Level.Trial)
    public void setUp() {
      registry = new SimpleMeterRegistry();
      ship =
          Shipshape.builder()
              .logging(false)
              .meterRegistry(registry)
              .slo(Slo.named("payments").objective(0.999))
              .guard("payments", ShipshapeGuard::payments)
              .build();
      guard = ship.guard("payments");
    }

    /** Closes the facade. */
    @TearDown(Level.Trial)
    public void tearDown() {
      ship.close();
    }
  }

  /**
   * Resilience4j with the same three patterns, composed by {@code Decorators}, and the
   * asynchronous patterns with a time limiter on a scheduled executor.
   */
  @State(Scope.Benchmark)
  public static class Resilience4j {
    Supplier<Integer> decorated;
    Supplier<Integer> breakerOnly;
    Supplier<CompletionStage<Integer>> decoratedAsync;
    ScheduledExecutorService timers;

    /**
     * Builds the decorated suppliers.
     *
     * @param work the guarded operation
     */
    @Setup(Level.Trial)
    public void setUp(Work work) {
      CircuitBreaker breaker = CircuitBreaker.of("payments", CircuitBreakerConfig.ofDefaults());
      Retry retry =
          Retry.of(
              "payments",
              RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10)).build());
      Bulkhead bulkhead =
          Bulkhead.of("payments", BulkheadConfig.custom().maxConcurrentCalls(25).build());
      decorated =
          Decorators.ofSupplier(work.operation)
              .withCircuitBreaker(breaker)
              .withRetry(retry)
              .withBulkhead(bulkhead)
              .decorate();
      CircuitBreaker alone = CircuitBreaker.of("alone", CircuitBreakerConfig.ofDefaults());
      breakerOnly = CircuitBreaker.decorateSupplier(alone, work.operation);
      timers = Executors.newSingleThreadScheduledExecutor();
      TimeLimiter limiter =
          TimeLimiter.of(
              TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(1)).build());
      decoratedAsync =
          Decorators.ofCompletionStage(() -> CompletableFuture.completedFuture(work.value))
              .withTimeLimiter(limiter, timers)
              .withCircuitBreaker(CircuitBreaker.of("async", CircuitBreakerConfig.ofDefaults()))
              .withRetry(
                  Retry.of(
                      "async",
                      RetryConfig.custom()
                          .maxAttempts(3)
                          .waitDuration(Duration.ofMillis(10))
                          .build()),
                  timers)
              .decorate();
    }

    /** Stops the time limiter's thread. */
    @TearDown(Level.Trial)
    public void tearDown() {
      timers.shutdownNow();
    }
  }

  @Benchmark
  public Integer callAsync_shipshape(ShipshapeGuard s, Work w) {
    return s.async
        .callAsync(() -> CompletableFuture.completedFuture(w.value))
        .toCompletableFuture()
        .join();
  }

  @Benchmark
  public Boolean callAsyncFailing_shipshape(ShipshapeGuard s, Work w) {
    return s.asyncTimeoutOnly
        .<Integer>callAsync(() -> CompletableFuture.failedFuture(w.declined))
        .toCompletableFuture()
        .handle((v, e) -> e != null)
        .join();
  }

  @Benchmark
  public Boolean callTimedFailing_shipshape(ShipshapeGuard s, Work w) {
    try {
      s.asyncTimeoutOnly.call(
          () -> {
            throw w.declined;
          });
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  @Benchmark
  public Integer callAsync_resilience4jDecorators(Resilience4j s) {
    return s.decoratedAsync.get().toCompletableFuture().join();
  }

  @Benchmark
  public Integer call_shipshape(ShipshapeGuard s, Work w) {
    return s.guard.call(w.operation);
  }

  @Benchmark
  public Integer call_shipshapeWithMeters(MeteredGuard s, Work w) {
    return s.guard.call(w.operation);
  }

  @Benchmark
  public Integer call_shipshapeWithoutSlo(ShipshapeGuard s, Work w) {
    return s.withoutSlo.call(w.operation);
  }

  @Benchmark
  public Integer call_direct(Work w) {
    return w.operation.get();
  }

  @Benchmark
  public Integer call_resilience4jDecorators(Resilience4j s) {
    return s.decorated.get();
  }

  @Benchmark
  public Integer call_resilience4jBreakerOnly(Resilience4j s) {
    return s.breakerOnly.get();
  }
}
