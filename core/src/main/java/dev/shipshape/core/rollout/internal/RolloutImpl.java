package dev.shipshape.core.rollout.internal;

import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.slo.Slo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollout's state machine. Steps are one-shot scheduler tasks, re-armed after each change;
 * halts come from the SLOs' listeners as soon as an alert evaluation sees a page alert fire, and
 * each scheduled step checks the SLOs again before moving on.
 *
 * <p>The rollout's split is an override in the flags module, which drops it when a reload takes
 * the split away. The rollout learns of every change to its flag ({@link #flagsChanged()}) and
 * halts when its override is gone, so {@link #percent()} is always what its split serves; when a
 * reload brings the split back, it re-applies its step and carries on from the state it was in.
 *
 * <p>Locking: see {@link FlagChangeLock}.
 */
final class RolloutImpl extends ManagedRollout {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutImpl.class);

  private final HaltingSlos halting;

  /** Why the rollout's split is not in place. */
  private enum Lost {
    /** The flag no longer has the two-way split (a reload removed or changed it). */
    SPLIT_GONE,
    /** The split is there but the rollout's override of it was cleared. */
    OVERRIDE_CLEARED
  }

  // guarded by lock
  private RolloutState state = RolloutState.RUNNING;
  private int stepIndex = -1;
  /** The percentage the rollout's split is set to, or is to be set to again while it is lost. */
  private double percent;
  private @Nullable Lost lost;
  private RolloutState stateBeforeLoss = RolloutState.RUNNING;
  private final AuditTrail history = new AuditTrail();

  RolloutImpl(
      RolloutConfig config,
      RolloutRuntime.Variants variants,
      List<Slo> halting,
      RolloutRuntime rt) {
    super(
        config,
        variants,
        rt,
        new NextRun(rt, config.flagKey(), "rollout-" + config.flagKey(), "step", LOG));
    this.halting = new HaltingSlos(halting, config.haltOnBudgetExhausted(), this::halt);
  }

  @Override
  void start() {
    lock.lock();
    try {
      halting.listen();
      String burning = halting.haltReason();
      if (burning != null) {
        boolean set = setSplit(0.0);
        state = config.rollBackOnHalt() ? RolloutState.ROLLED_BACK : RolloutState.HALTED;
        record(Transition.HALTED, 0.0, 0.0, "not started: " + burning);
        if (!set) {
          splitLost();
        }
        return;
      }
      moveTo(0, Transition.STARTED, "started");
    } finally {
      lock.unlock();
    }
  }

  @Override
  public RolloutConfig config() {
    return config;
  }

  @Override
  public RolloutState state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public double percent() {
    lock.lock();
    try {
      return served();
    } finally {
      lock.unlock();
    }
  }

  /** What the rollout's split serves now: nothing while the split is lost. */
  private double served() {
    return lost == null ? percent : 0.0;
  }

  @Override
  public int stepIndex() {
    lock.lock();
    try {
      return stepIndex;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Instant> nextStepAt() {
    lock.lock();
    try {
      return Optional.ofNullable(next.at());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<RolloutAuditEntry> history() {
    return history.entries();
  }

  @Override
  public boolean pause() {
    lock.lock();
    try {
      if (closed || state != RolloutState.RUNNING) {
        return false;
      }
      next.cancel();
      state = RolloutState.PAUSED;
      record(Transition.PAUSED, percent, percent, "paused by the application");
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean resume() {
    lock.lock();
    try {
      if (closed
          || (state != RolloutState.PAUSED
              && state != RolloutState.HALTED
              && state != RolloutState.ROLLED_BACK)) {
        return false;
      }
      if (lost != null) {
        // a rollout without its split cannot run: set it again first, if the flag has it
        if (!setSplit(percent)) {
          return false;
        }
        lost = null;
        state =
            stateBeforeLoss == RolloutState.COMPLETED
                ? RolloutState.COMPLETED
                : RolloutState.RUNNING;
        record(Transition.RESUMED, 0.0, percent, "resumed by the application: split set again");
      } else {
        state = RolloutState.RUNNING;
        record(Transition.RESUMED, percent, percent, "resumed by the application");
      }
      if (state == RolloutState.RUNNING) {
        arm();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean advance() {
    lock.lock();
    try {
      if (closed || !state.isActive()) {
        return false;
      }
      return moveTo(stepIndex + 1, Transition.ADVANCED, "advanced by the application");
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean abort() {
    lock.lock();
    try {
      if (closed || !state.isActive()) {
        return false;
      }
      next.cancel();
      double from = served();
      boolean set = setSplit(0.0);
      percent = 0.0;
      stepIndex = -1;
      state = RolloutState.ABORTED;
      record(Transition.ABORTED, from, 0.0, "aborted by the application");
      if (set) {
        lost = null;
      } else {
        if (lost == null) {
          splitLost();
        }
        // when the split comes back, it is set to zero for good
        stateBeforeLoss = RolloutState.ABORTED;
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  void stop() {
    halting.stopListening();
  }

  /** The scheduled step: halts if a halting SLO burns, otherwise moves to the next step. */
  private void tick() {
    lock.lock();
    try {
      next.ran();
      if (closed || state != RolloutState.RUNNING) {
        return;
      }
      String burning = halting.haltReason();
      if (burning != null) {
        halt(burning);
        return;
      }
      moveTo(
          stepIndex + 1,
          Transition.ADVANCED,
          "step interval of "
              + MeterCatalogue.window(config.interval())
              + " passed with healthy SLOs");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sets the split to step {@code index} and leaves the rollout running there: completed on the
   * last step, otherwise with the next step armed. When the split cannot be set, the rollout
   * halts for that reason (if it had not already) and nothing else changes.
   *
   * @return whether the step was applied
   */
  private boolean moveTo(int index, Transition transition, String reason) {
    next.cancel();
    List<Double> steps = config.steps();
    int target = Math.min(index, steps.size() - 1);
    double from = served();
    double to = steps.get(target);
    if (!setSplit(to)) {
      if (lost == null) {
        splitLost();
      }
      return false;
    }
    lost = null;
    stepIndex = target;
    state = RolloutState.RUNNING;
    record(transition, from, to, reason);
    if (target == steps.size() - 1) {
      state = RolloutState.COMPLETED;
      record(Transition.COMPLETED, to, to, "reached the last step");
      return true;
    }
    arm();
    return true;
  }

  void halt(String reason) {
    lock.lock();
    try {
      if (closed || (state != RolloutState.RUNNING && state != RolloutState.PAUSED)) {
        return;
      }
      next.cancel();
      state = RolloutState.HALTED;
      record(Transition.HALTED, percent, percent, reason);
      if (config.rollBackOnHalt()) {
        double from = percent;
        boolean set = setSplit(0.0);
        percent = 0.0;
        stepIndex = -1;
        state = RolloutState.ROLLED_BACK;
        record(Transition.ROLLED_BACK, from, 0.0, reason);
        if (!set) {
          splitLost();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- the split and flag changes

  /**
   * Halts the rollout when its override is gone, or when the flag no longer has its split while
   * the override still applies (variants renamed or added, the flag disabled); re-applies it when
   * a reload brings back a split that a reload took away.
   */
  @Override
  void checkFlag() {
    if (closed) {
      return;
    }
    boolean inPlace = rt.overridden(config.flagKey());
    if (lost == null) {
      if (!inPlace || !hasItsSplit()) {
        splitLost();
      }
      return;
    }
    if (lost == Lost.SPLIT_GONE && !inPlace && hasItsSplit() && setSplit(percent)) {
      splitBack();
    }
  }

  private boolean hasItsSplit() {
    return rt.hasItsSplit(config, variants);
  }

  /**
   * The rollout's split is gone: it halts (an aborted rollout just stays at zero). An override
   * that still applies to a split that is no longer the rollout's is cleared, so the flag serves
   * its source definition and the split can come back with a later reload.
   */
  private void splitLost() {
    lost = hasItsSplit() ? Lost.OVERRIDE_CLEARED : Lost.SPLIT_GONE;
    stateBeforeLoss = state;
    if (lost == Lost.SPLIT_GONE) {
      rt.dropSplit(config.flagKey());
    }
    if (state == RolloutState.ABORTED) {
      return;
    }
    next.cancel();
    state = RolloutState.HALTED;
    String reason =
        lost == Lost.SPLIT_GONE
            ? rt.splitLostReason(config.flagKey())
            : "the rollout's override of flag '"
                + config.flagKey()
                + "' was cleared; the flag serves its source weights until the rollout is resumed";
    record(Transition.HALTED, percent, 0.0, reason);
  }

  /**
   * The split is back and set to the rollout's percentage again: the rollout returns to the state
   * it was in; a running one re-checks its SLOs and waits a full interval at this step.
   */
  private void splitBack() {
    lost = null;
    state = stateBeforeLoss;
    record(
        state == RolloutState.ABORTED ? Transition.ABORTED : Transition.RESUMED,
        0.0,
        percent,
        RolloutRuntime.splitBackReason(config.flagKey(), percent));
    if (state == RolloutState.RUNNING) {
      String burning = halting.haltReason();
      if (burning != null) {
        halt(burning);
      } else {
        arm();
      }
    }
  }

  private void arm() {
    next.cancel();
    if (closed) {
      return;
    }
    Instant now = rt.clock.instant();
    next.arm(now, now.plus(config.interval()), this::tick);
  }

  /**
   * Sets the split so that {@code p} percent of subjects get the rolled-out variant.
   *
   * @return false when the flag has no split to set (a reload removed or changed it, or disabled
   *     the flag)
   */
  private boolean setSplit(double p) {
    if (!hasItsSplit() || !rt.setSplit(config.flagKey(), variants, p)) {
      return false;
    }
    percent = p;
    return true;
  }

  private void record(Transition transition, double from, double to, String reason) {
    history.add(audit(transition, from, to, state, reason));
  }

  @Override
  public String toString() {
    return "Rollout{" + config.flagKey() + "}";
  }
}
