package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import io.github.resilience4j.retry.MaxRetriesExceededException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The retry's decisions between attempts: whether to try again and after what wait, as the
 * Resilience4j configuration says (interval functions, retried and ignored exceptions, {@code
 * retryOnResult}, {@code failAfterMaxAttempts}). The waits themselves are the drivers' business,
 * on the application's scheduler. A call gets its retry context only when an attempt leaves
 * something to decide, so a call that succeeds at once costs the retry nothing.
 */
final class RetryPlan {

  /** {@link #delay}: no further attempt. */
  static final long DONE = -1;

  /** {@link #delay}: the retry ran out of attempts and fails the call. */
  static final long EXHAUSTED = -2;

  private final String name;
  private final Retry retry;
  private final @Nullable Predicate<Object> retryOnResult;

  RetryPlan(String name, RetryConfig config) {
    this.name = name;
    this.retry = Retry.of(name, config);
    this.retryOnResult = retry.getRetryConfig().<Object>getResultPredicate();
  }

  /**
   * The call's retry context after an attempt: {@code rc} when the call has one, a new one when
   * the attempt leaves the retry something to decide, else null.
   */
  Retry.@Nullable AsyncContext<Object> context(
      Retry.@Nullable AsyncContext<Object> rc, Settled s, @Nullable Object value) {
    if (rc != null || doneWithoutRetry(s, value)) {
      return rc;
    }
    return retry.asyncContext();
  }

  /**
   * Whether the first attempt's outcome ends the call without the retry having anything to decide:
   * a success whose result the retry does not ask to retry.
   */
  private boolean doneWithoutRetry(Settled s, @Nullable Object value) {
    if (s == Settled.SUCCESS_BY_MAPPING) {
      return true;
    }
    if (s != Settled.SUCCESS) {
      return false;
    }
    Predicate<Object> onResult = retryOnResult;
    if (onResult == null) {
      return true;
    }
    try {
      return !onResult.test(value);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      // the retry would not retry either (see delay)
      return true;
    }
  }

  /**
   * The wait before the next attempt in milliseconds, {@link #DONE} when there is none, or {@link
   * #EXHAUSTED} when a result was still being retried after the last attempt and the retry is
   * configured to fail then ({@code failAfterMaxAttempts}).
   */
  static long delay(
      Retry.@Nullable AsyncContext<Object> rc,
      Settled s,
      @Nullable Object value,
      @Nullable Throwable failure) {
    if (rc == null) {
      return DONE;
    }
    try {
      switch (s) {
        case FAILURE:
        case TIMEOUT:
          return failure == null ? DONE : Math.max(DONE, rc.onError(failure));
        case SUCCESS:
          long d = rc.onResult(value);
          if (d < 0) {
            try {
              rc.onComplete();
            } catch (MaxRetriesExceededException e) {
              return EXHAUSTED;
            }
          }
          return Math.max(DONE, d);
        case SUCCESS_BY_MAPPING:
        default:
          rc.onComplete();
          return DONE;
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      return DONE;
    }
  }

  /**
   * What ends a call whose retry ran out of attempts on results it retries, when its configuration
   * says {@code failAfterMaxAttempts}: a failure caused by Resilience4j's own exception.
   */
  GuardException exhausted(int attempts) {
    return new GuardException(
        name,
        Outcome.FAILURE,
        "guard '"
            + name
            + "' gave up after "
            + attempts
            + " attempts: the retry's result predicate still matched (failAfterMaxAttempts)",
        MaxRetriesExceededException.createMaxRetriesExceededException(retry));
  }
}
