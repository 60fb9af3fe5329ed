package dev.shipshape.spring;

import dev.shipshape.core.guard.GuardConfig;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The {@code shipshape.guards.<name>.*} properties: one guard, the Resilience4j patterns around
 * calls to one dependency. Each pattern is off unless configured.
 */
public class GuardProperties {

  // Defaults are written out so that the configuration metadata shows them;
  // ShipshapePropertiesDefaultsTest holds them equal to the library's.

  /** Deadline of each attempt. */
  private @Nullable Duration timeout;

  /** Circuit breaker settings. */
  private final CircuitBreaker circuitBreaker = new CircuitBreaker();

  /** Retry settings. */
  private final Retry retry = new Retry();

  /** Bulkhead settings. */
  private final Bulkhead bulkhead = new Bulkhead();

  /** Rate limiter settings. */
  private final RateLimiter rateLimiter = new RateLimiter();

  /** The SLO every call is recorded in. */
  private @Nullable String slo;

  /** A boolean flag that, when off, sends calls straight to the fallback. */
  private @Nullable String killSwitch;

  /** How the circuit breaker's state shows up in readiness. */
  private GuardConfig.BreakerCheck breakerCheck = GuardConfig.BreakerCheck.NON_CRITICAL;

  public @Nullable Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(@Nullable Duration timeout) {
    this.timeout = timeout;
  }

  public CircuitBreaker getCircuitBreaker() {
    return circuitBreaker;
  }

  public Retry getRetry() {
    return retry;
  }

  public Bulkhead getBulkhead() {
    return bulkhead;
  }

  public RateLimiter getRateLimiter() {
    return rateLimiter;
  }

  public @Nullable String getSlo() {
    return slo;
  }

  public void setSlo(@Nullable String slo) {
    this.slo = slo;
  }

  public @Nullable String getKillSwitch() {
    return killSwitch;
  }

  public void setKillSwitch(@Nullable String killSwitch) {
    this.killSwitch = killSwitch;
  }

  public GuardConfig.BreakerCheck getBreakerCheck() {
    return breakerCheck;
  }

  public void setBreakerCheck(GuardConfig.BreakerCheck breakerCheck) {
    this.breakerCheck = breakerCheck;
  }

  /** A guard's circuit breaker (Resilience4j defaults where unset). */
  public static class CircuitBreaker {

    /** Whether the guard has a circuit breaker. */
    private boolean enabled = false;

    /** Failure rate in percent (0-100] at or above which the breaker opens. */
    private @Nullable Float failureRateThreshold;

    /** Number of calls in the count-based sliding window. */
    private @Nullable Integer slidingWindowSize;

    /** Calls needed in the window before the failure rate counts. */
    private @Nullable Integer minimumNumberOfCalls;

    /** How long the breaker stays open before letting trial calls through. */
    private @Nullable Duration waitDurationInOpenState;

    /** Trial calls allowed while half-open. */
    private @Nullable Integer permittedNumberOfCallsInHalfOpenState;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable Float getFailureRateThreshold() {
      return failureRateThreshold;
    }

    public void setFailureRateThreshold(@Nullable Float failureRateThreshold) {
      this.failureRateThreshold = failureRateThreshold;
    }

    public @Nullable Integer getSlidingWindowSize() {
      return slidingWindowSize;
    }

    public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
      this.slidingWindowSize = slidingWindowSize;
    }

    public @Nullable Integer getMinimumNumberOfCalls() {
      return minimumNumberOfCalls;
    }

    public void setMinimumNumberOfCalls(@Nullable Integer minimumNumberOfCalls) {
      this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    public @Nullable Duration getWaitDurationInOpenState() {
      return waitDurationInOpenState;
    }

    public void setWaitDurationInOpenState(@Nullable Duration waitDurationInOpenState) {
      this.waitDurationInOpenState = waitDurationInOpenState;
    }

    public @Nullable Integer getPermittedNumberOfCallsInHalfOpenState() {
      return permittedNumberOfCallsInHalfOpenState;
    }

    public void setPermittedNumberOfCallsInHalfOpenState(
        @Nullable Integer permittedNumberOfCallsInHalfOpenState) {
      this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
    }
  }

  /** A guard's retry. */
  public static class Retry {

    /** Attempts in all, including the first; unset means no retry. */
    private @Nullable Integer maxAttempts;

    /** Wait between attempts. */
    private Duration wait = Duration.ofMillis(500);

    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getWait() {
      return wait;
    }

    public void setWait(Duration wait) {
      this.wait = wait;
    }
  }

  /** A guard's bulkhead. */
  public static class Bulkhead {

    /** Calls allowed at once; unset means no bulkhead. */
    private @Nullable Integer maxConcurrentCalls;

    public @Nullable Integer getMaxConcurrentCalls() {
      return maxConcurrentCalls;
    }

    public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
      this.maxConcurrentCalls = maxConcurrentCalls;
    }
  }

  /** A guard's rate limiter. */
  public static class RateLimiter {

    /** Calls allowed per period; unset means no rate limiter. */
    private @Nullable Integer permits;

    /** The period the permits refresh on. */
    private Duration period = Duration.ofSeconds(1);

    public @Nullable Integer getPermits() {
      return permits;
    }

    public void setPermits(@Nullable Integer permits) {
      this.permits = permits;
    }

    public Duration getPeriod() {
      return period;
    }

    public void setPeriod(Duration period) {
      this.period = period;
    }
  }
}
