package dev.shipshape.core.rollout.internal;

import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import java.util.ArrayDeque;

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
  final FlagChangeLock lock = new FlagChangeLock(this::checkFlag, this::emitAudited);

  /** Transitions audited under the lock whose events are not emitted yet; guarded by lock. */
  private final ArrayDeque<RolloutAuditEntry> unemitted = new ArrayDeque<>();

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

  /**
   * An audit entry for a transition now. Its telemetry event is emitted when the lock's outermost
   * hold ends, after the transition is complete, so a sink that calls a control sees the rollout
   * in the state the transition left it in. Called holding the lock.
   */
  final RolloutAuditEntry audit(
      Transition transition, double from, double to, RolloutState state, String reason) {
    RolloutAuditEntry e = rt.entry(transition, from, to, state, reason);
    unemitted.add(e);
    return e;
  }

  /** Emits the audited transitions' events in order, including those a sink's control adds. */
  private void emitAudited() {
    for (RolloutAuditEntry e = unemitted.poll(); e != null; e = unemitted.poll()) {
      rt.emit(config.flagKey(), e);
    }
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
