package dev.shipshape.core.rollout;

/** Where a progressive rollout stands. */
public enum RolloutState {
  /** Moving through its steps on schedule. */
  RUNNING,
  /** Paused at its current step: by the application, or by the plan of its {@link RolloutGate}. */
  PAUSED,
  /**
   * Stopped at its current step because an SLO burned, or because its flag lost the split it sets
   * (it then serves nothing, and returns to where it was when a reload brings the split back);
   * {@link Rollout#resume()} continues.
   */
  HALTED,
  /** Stopped because an SLO burned and sent back to zero percent; resuming starts again. */
  ROLLED_BACK,
  /** Reached its last step; the split stays there. */
  COMPLETED,
  /** Aborted by the application and sent back to zero percent; final. */
  ABORTED;

  /**
   * Whether the rollout can still change on its own or by {@link Rollout#resume()}.
   *
   * @return false for {@link #COMPLETED} and {@link #ABORTED}
   */
  public boolean isActive() {
    return this != COMPLETED && this != ABORTED;
  }
}
