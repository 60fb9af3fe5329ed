package dev.shipshape.core.rollout.internal;

import dev.shipshape.core.rollout.Rollout;

/** A rollout as its runtime drives it: told about its flag's changes, closed with the runtime. */
interface ManagedRollout extends Rollout {

  /** Sets the rollout's first share and schedules its work; called once, after it is registered. */
  void start();

  /** The rollout's flag changed (added, removed or redefined by a reload or an override). */
  void flagsChanged();

  /** Stops the rollout's scheduled work and listening; closing twice does nothing. */
  void close();
}
