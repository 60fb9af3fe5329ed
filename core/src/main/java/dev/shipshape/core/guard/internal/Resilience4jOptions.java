package dev.shipshape.core.guard.internal;

import dev.shipshape.time.config.ConfigProblem;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Resilience4j options a guard refuses rather than replace silently: those that would run on
 * another clock than the application's, or wait in real time.
 */
public final class Resilience4jOptions {

  /** Resilience4j's defaults, to tell which options a configuration sets. */
  private static final CircuitBreakerConfig R4J_DEFAULT_BREAKER = CircuitBreakerConfig.ofDefaults();

  private Resilience4jOptions() {}

  /**
   * Adds a problem for every refused option of a guard's breaker and bulkhead configurations.
   *
   * @param circuitBreaker the breaker's configuration, or null
   * @param bulkhead the bulkhead's configuration, or null
   * @param problems receives the problems
   */
  public static void refusals(
      @Nullable CircuitBreakerConfig circuitBreaker,
      @Nullable BulkheadConfig bulkhead,
      List<ConfigProblem> problems) {
    if (circuitBreaker != null) {
      if (circuitBreaker.getClock() != R4J_DEFAULT_BREAKER.getClock()) {
        problems.add(
            ConfigProblem.of(
                "circuitBreaker.clock",
                circuitBreaker.getClock(),
                "must be left unset (the guard runs its breaker on the application's clock)"));
      }
      if (circuitBreaker.getCurrentTimestampFunction()
          != R4J_DEFAULT_BREAKER.getCurrentTimestampFunction()) {
        problems.add(
            ConfigProblem.of(
                "circuitBreaker.currentTimestampFunction",
                "custom, in " + circuitBreaker.getTimestampUnit(),
                "must be left unset (the guard times every attempt on the application's"
                    + " clock)"));
      }
      if (circuitBreaker.isAutomaticTransitionFromOpenToHalfOpenEnabled()) {
        problems.add(
            ConfigProblem.of(
                "circuitBreaker.automaticTransitionFromOpenToHalfOpenEnabled",
                true,
                "must be false (it runs on Resilience4j's real-time thread; the guard moves to"
                    + " half-open on the first call after the wait, on the application's"
                    + " clock)"));
      }
      Duration halfOpenWait = circuitBreaker.getMaxWaitDurationInHalfOpenState();
      if (!halfOpenWait.isZero()) {
        problems.add(
            ConfigProblem.of(
                "circuitBreaker.maxWaitDurationInHalfOpenState",
                halfOpenWait,
                "must be zero (it runs on Resilience4j's real-time thread)"));
      }
    }
    if (bulkhead != null && !bulkhead.getMaxWaitDuration().isZero()) {
      problems.add(
          ConfigProblem.of(
              "bulkhead.maxWaitDuration",
              bulkhead.getMaxWaitDuration(),
              "must be zero (a full bulkhead rejects at once; waiting would be in real time, not"
                  + " on the application's clock)"));
    }
  }
}
