package dev.shipshape.core.guard.internal;

import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** How one attempt ended, before it becomes a call's outcome. */
enum Settled {
  SUCCESS,
  SUCCESS_BY_MAPPING,
  FAILURE,
  TIMEOUT;

  /** Classifies an attempt by what it threw: nothing, a deadline, a mapped success, a failure. */
  static Settled of(@Nullable Throwable failure, Predicate<Throwable> successOn) {
    if (failure == null) {
      return SUCCESS;
    }
    if (failure instanceof DeadlineStage.DeadlineExceeded) {
      return TIMEOUT;
    }
    return holds(successOn, failure) ? SUCCESS_BY_MAPPING : FAILURE;
  }

  /**
   * Whether a predicate of the user's ({@code successOn}, {@code recordExceptions}) holds for
   * {@code failure}; a predicate that throws says no, also when it throws an error such as a class
   * that failed to initialise: thrown from an async attempt's callback, it would be lost and the
   * caller's stage would never complete.
   */
  static boolean holds(Predicate<Throwable> predicate, Throwable failure) {
    try {
      return predicate.test(failure);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      return false;
    }
  }

  /** The call's outcome when it ends with this attempt. */
  Outcome outcome() {
    switch (this) {
      case TIMEOUT:
        return Outcome.TIMEOUT;
      case FAILURE:
        return Outcome.FAILURE;
      default:
        return Outcome.SUCCESS;
    }
  }
}
