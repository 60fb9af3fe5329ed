package dev.shipshape.flags.internal.logic;

/**
 * The steps that the rule being evaluated on this thread may still take ({@code
 * FlagLimits.maxEvaluationSteps}): one per item that an operator looping over a list visits, and
 * one per item that {@code in}, {@code merge}, {@code missing} or {@code missing_some} walks
 * inside such a loop. A rule without loops never touches it; a rule with loops has a {@link
 * Metered} root that sets the budget each time it is evaluated. One instance per thread, made the
 * first time the thread evaluates a rule with loops, so evaluating allocates nothing.
 */
final class Steps {
  private static final ThreadLocal<Steps> CURRENT = ThreadLocal.withInitial(Steps::new);

  private long left;

  private Steps() {}

  /** The budget of the evaluation running on this thread. */
  static Steps current() {
    return CURRENT.get();
  }

  /** Starts an evaluation that may take {@code max} steps. */
  void allow(long max) {
    left = max;
  }

  /**
   * Takes {@code n} steps, aborting the evaluation when that is more than it has left.
   *
   * @param n the items about to be visited
   */
  void take(long n) {
    left -= n;
    if (left < 0) {
      throw Node.Abort.TOO_COSTLY;
    }
  }
}
