package dev.shipshape.core.guard;

import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link Guard} (or passed to its fallback) when a call was not made or did not
 * finish: it was rejected by the circuit breaker, bulkhead or rate limiter, it timed out, the
 * guard's kill-switch flag was off, or it failed with a checked exception. A call that fails with
 * an unchecked exception gets that exception back unchanged, so existing {@code catch} blocks keep
 * working.
 */
public final class GuardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String guard;
  private final Outcome outcome;

  /**
   * Creates an exception for a call that ended with {@code outcome}.
   *
   * @param guard the guard's name
   * @param outcome how the call ended; never {@link Outcome#SUCCESS}
   * @param message what happened
   * @param cause the underlying exception (Resilience4j's rejection, the timeout, the failure), or
   *     null
   */
  public GuardException(
      String guard, Outcome outcome, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.guard = Objects.requireNonNull(guard, "guard");
    this.outcome = Objects.requireNonNull(outcome, "outcome");
  }

  /**
   * The name of the guard that ended the call.
   *
   * @return the guard's name
   */
  public String guard() {
    return guard;
  }

  /**
   * How the call ended.
   *
   * @return the outcome, for example {@link Outcome#REJECTED_BY_CIRCUIT_BREAKER}
   */
  public Outcome outcome() {
    return outcome;
  }
}
