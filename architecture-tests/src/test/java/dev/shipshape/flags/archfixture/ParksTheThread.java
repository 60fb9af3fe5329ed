package dev.shipshape.flags.archfixture;

import java.util.concurrent.locks.LockSupport;

/** A flags class that waits by parking the thread for a time instead of using the scheduler. */
public final class ParksTheThread {
  /** Parks for a duration, the forbidden way. */
  public void parkFor() {
    LockSupport.parkNanos(1_000_000L);
  }

  /** Parks for a duration with a blocker, the forbidden way. */
  public void parkForWithBlocker() {
    LockSupport.parkNanos(this, 1_000_000L);
  }

  /** Parks until a wall-clock deadline, the forbidden way. */
  public void parkUntilDeadline() {
    LockSupport.parkUntil(1_000L);
  }

  /** Parks until a wall-clock deadline with a blocker, the forbidden way. */
  public void parkUntilDeadlineWithBlocker() {
    LockSupport.parkUntil(this, 1_000L);
  }
}
