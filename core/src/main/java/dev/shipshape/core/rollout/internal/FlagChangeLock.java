package dev.shipshape.core.rollout.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A rollout's lock, whose holder handles the flag changes that arrived while it was held. Flag
 * changes arrive on whatever thread reloads, holding the flags module's lock, while a rollout
 * calls into the flags module holding its own lock; so a flag change never waits for the
 * rollout's lock: it leaves a mark that the lock's holder handles when it lets go.
 *
 * <p>Before its outermost hold ends, the holder also runs the lock's {@code beforeRelease} (the
 * rollout emits the events of the transitions it recorded), still holding it: a telemetry sink
 * that calls a control of the rollout then acts on a finished transition, not in the middle of
 * one.
 */
final class FlagChangeLock {

  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean changed = new AtomicBoolean();
  private final Runnable onChange;
  private final Runnable beforeRelease;

  /**
   * Creates the lock.
   *
   * @param onChange handles a flag change; runs holding the lock
   * @param beforeRelease runs holding the lock when its outermost hold is about to end; must not
   *     throw
   */
  FlagChangeLock(Runnable onChange, Runnable beforeRelease) {
    this.onChange = onChange;
    this.beforeRelease = beforeRelease;
  }

  void lock() {
    lock.lock();
  }

  /** Releases the lock, then handles a flag change that arrived meanwhile. */
  void unlock() {
    if (lock.getHoldCount() == 1) {
      beforeRelease.run();
    }
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
        beforeRelease.run();
        lock.unlock();
      }
    }
  }
}
