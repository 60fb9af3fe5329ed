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
    return isSuccess(successOn, failure) ? SUCCESS_BY_MAPPING : FAILURE;
  }

  /** Whether {@code successOn} maps {@code failure} to success; a predicate that throws says no. */
  static boolean isSuccess(Predicate<Throwable> successOn, Throwable failure) {
    try {
      return successOn.test(failure);
    } catch (RuntimeException e) {
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
