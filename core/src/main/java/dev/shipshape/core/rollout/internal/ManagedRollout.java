package dev.shipshape.core.rollout.internal;

import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.rollout.RolloutConfig;

/**
 * A rollout as its runtime drives it: told about its flag's changes, closed with the runtime. It
 * holds what every kind of rollout has: its definition, the variants of its flag's split, the
 * runtime, its lock ({@link FlagChangeLock}, which hands flag changes to {@link #checkFlag()}) and
 * its next scheduled run.
 */
abstract class ManagedRollout implements Rollout {

  final RolloutConfig config;
  final RolloutRuntime.Variants variants;
  final RolloutRuntime rt;
  final FlagChangeLock lock = new FlagChangeLock(this::checkFlag);

  /** The rollout's next step or poll; used holding the lock. */
  final NextRun next;

  // guarded by lock
  boolean closed;

  /**
   * Creates an unstarted rollout.
   *
   * @param config the rollout's definition
   * @param variants the variants of its flag's split
   * @param rt the runtime
   * @param next its next scheduled run, unarmed
   */
  ManagedRollout(
      RolloutConfig config, RolloutRuntime.Variants variants, RolloutRuntime rt, NextRun next) {
    this.config = config;
    this.variants = variants;
    this.rt = rt;
    this.next = next;
  }

  /** Sets the rollout's first share and schedules its work; called once, after it is registered. */
  abstract void start();

  /** Handles a change of the rollout's flag. Runs holding the lock. */
  abstract void checkFlag();

  /** Stops what the rollout does besides its scheduled runs. Runs holding the lock, on close. */
  void stop() {}

  @Override
  public final String flagKey() {
    return config.flagKey();
  }

  /**
   * The rollout's flag changed (added, removed or redefined by a reload or an override): it is
   * checked as soon as nobody holds the lock.
   */
  final void flagsChanged() {
    lock.flagsChanged();
  }

  /** Stops the rollout's scheduled work and listening; closing twice does nothing. */
  final void close() {
    lock.lock();
    try {
      closed = true;
      next.cancel();
      stop();
    } finally {
      lock.unlock();
    }
  }
}
