package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.GuardException;
import org.jspecify.annotations.Nullable;

/**
 * One pattern's part in a guarded call, as a hook before an attempt and a hook after it (the shape
 * of Failsafe's policy executors). The drivers walk a guard's stages outermost first to acquire,
 * and innermost first to record or release, so the patterns compose in the guard's fixed order.
 */
interface Stage {

  /** {@link #acquire()}: the attempt may go on. */
  long PROCEED = 0;

  /**
   * Takes what an attempt needs from this pattern.
   *
   * @return {@link #PROCEED}; a negative number when the pattern refuses the attempt ({@link
   *     #rejection()} says how); or the nanoseconds to wait on the application's clock before the
   *     attempt may go on
   */
  long acquire();

  /**
   * The exception that ends a call this stage has just refused.
   *
   * @return the rejection
   */
  GuardException rejection();

  /**
   * Records how an attempt that ran ended, giving back what {@link #acquire()} took.
   *
   * @param value what the attempt returned, when it returned
   * @param failure what it threw, or null
   * @param nanos how long it ran
   */
  default void record(@Nullable Object value, @Nullable Throwable failure, long nanos) {}

  /** Gives back what {@link #acquire()} took, for an attempt that did not run. */
  default void release() {}

  /**
   * Frees, for an attempt ended by a {@link VirtualMachineError}, what would otherwise stay taken
   * for good: a bulkhead slot, as Resilience4j's bulkhead decorator frees it, and a circuit
   * breaker's permission, which its breaker decorator keeps.
   */
  default void abandon() {}

  /**
   * Asks each stage once, outermost first, and stops at the first that refuses.
   *
   * @param stages stages that never wait
   * @return the first refusal, or null when every stage lets the call go on
   */
  static @Nullable GuardException refusal(Stage[] stages) {
    for (Stage s : stages) {
      if (s.acquire() < 0) {
        return s.rejection();
      }
    }
    return null;
  }

  /**
   * The refusal of the stage at {@code refused}, after giving back what the stages before it took.
   *
   * @param stages the stages acquired outermost first
   * @param refused the index of the stage whose {@link #acquire()} refused
   * @return its rejection
   */
  static GuardException rejectionAt(Stage[] stages, int refused) {
    GuardException rejection = stages[refused].rejection();
    releaseBefore(stages, refused);
    return rejection;
  }

  /** Gives back what the stages before {@code end} took, innermost first. */
  static void releaseBefore(Stage[] stages, int end) {
    for (int i = end - 1; i >= 0; i--) {
      stages[i].release();
    }
  }

  /** Records an attempt in every stage, innermost first. */
  static void recordAll(
      Stage[] stages, @Nullable Object value, @Nullable Throwable failure, long nanos) {
    for (int i = stages.length - 1; i >= 0; i--) {
      stages[i].record(value, failure, nanos);
    }
  }

  /** {@link #abandon()} for every stage, innermost first. */
  static void abandonAll(Stage[] stages) {
    for (int i = stages.length - 1; i >= 0; i--) {
      stages[i].abandon();
    }
  }
}
