package dev.shipshape.core.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call made through a named guard finished, successfully or not.
 *
 * @param guard the guard's name
 * @param outcome how the call ended
 * @param attempts how many times the call was attempted (more than one after retries; zero when
 *     it was rejected before any attempt)
 * @param duration how long the call took in total, retries included, on the application's clock
 * @param failure the exception that ended the call, or null on success
 * @param fallbackUsed whether the guard's fallback produced the caller's result
 * @param at when the call finished
 */
public record GuardedCallCompleted(
    String guard,
    Outcome outcome,
    int attempts,
    Duration duration,
    @Nullable Throwable failure,
    boolean fallbackUsed,
    Instant at)
    implements TelemetryEvent {

  /**
   * Validates the components.
   *
   * @param guard the guard's name
   * @param outcome the outcome
   * @param attempts the number of attempts
   * @param duration the total duration
   * @param failure the exception or null
   * @param fallbackUsed whether the fallback was used
   * @param at when it finished
   */
  public GuardedCallCompleted {
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(at, "at");
  }

  @Override
  public Kind kind() {
    return Kind.GUARDED_CALL_COMPLETED;
  }

  /** How a guarded call ended; a bounded set, safe as a metric tag. */
  public enum Outcome {
    /** The call returned normally. */
    SUCCESS,
    /** The call threw an exception that counts as a failure. */
    FAILURE,
    /** The call did not finish within the guard's timeout. */
    TIMEOUT,
    /** The circuit breaker was open, so the call was not made. */
    REJECTED_BY_CIRCUIT_BREAKER,
    /** The bulkhead was full, so the call was not made. */
    REJECTED_BY_BULKHEAD,
    /** The rate limiter had no permit, so the call was not made. */
    REJECTED_BY_RATE_LIMITER,
    /**
     * The guard's executor had no thread free to run an attempt, so it was not made: a
     * synchronous call under a timeout (which runs on an executor thread), or an asynchronous call
     * continuing after a wait.
     */
    REJECTED_BY_EXECUTOR,
    /** The guard's kill-switch flag was off, so the call went straight to the fallback. */
    DISABLED_BY_FLAG;

    private final String label = name().toLowerCase(Locale.ROOT);

    /**
     * The outcome's lower-case label, as used in tags and attributes.
     *
     * @return for example {@code success} or {@code rejected_by_circuit_breaker}
     */
    public String label() {
      return label;
    }

    /**
     * Whether a pattern refused the call before it was attempted.
     *
     * @return true for the {@code REJECTED_BY_...} outcomes
     */
    public boolean isRejection() {
      return this == REJECTED_BY_CIRCUIT_BREAKER
          || this == REJECTED_BY_BULKHEAD
          || this == REJECTED_BY_RATE_LIMITER
          || this == REJECTED_BY_EXECUTOR;
    }
  }
}
