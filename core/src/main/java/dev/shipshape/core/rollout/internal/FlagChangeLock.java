package dev.shipshape.core.rollout.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A rollout's lock, whose holder handles the flag changes that arrived while it was held. Flag
 * changes arrive on whatever thread reloads, holding the flags module's lock, while a rollout
 * calls into the flags module holding its own lock; so a flag change never waits for the
 * rollout's lock: it leaves a mark that the lock's holder handles when it lets go.
 */
final class FlagChangeLock {

  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean changed = new AtomicBoolean();
  private final Runnable onChange;

  /**
   * Creates the lock.
   *
   * @param onChange handles a flag change; runs holding the lock
   */
  FlagChangeLock(Runnable onChange) {
    this.onChange = onChange;
  }

  void lock() {
    lock.lock();
  }

  /** Releases the lock, then handles a flag change that arrived meanwhile. */
  void unlock() {
    lock.unlock();
    drain();
  }

  /**
   * Notes that the rollout's flag changed and, unless another thread holds the lock (it will
   * look when it lets go) or this one does further up its stack, handles it now.
   */
  void flagsChanged() {
    changed.set(true);
    drain();
  }

  private void drain() {
    while (changed.get() && !lock.isHeldByCurrentThread() && lock.tryLock()) {
      try {
        if (changed.getAndSet(false)) {
          onChange.run();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
