package dev.shipshape.core.rollout.internal;

import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.rollout.RolloutVerdict;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;

/** The audit entries a gated rollout records when it applies a gate's verdict over the last. */
final class VerdictTransitions {

  /** Records one audit entry. */
  @FunctionalInterface
  interface Recorder {
    void record(Transition transition, double from, double to, RolloutState state, String reason);
  }

  private VerdictTransitions() {}

  /**
   * Records what changed from verdict {@code a} to verdict {@code v}, the split moving from
   * {@code from} to {@code to} percent; nothing when neither state, step nor share changed.
   */
  static void record(RolloutVerdict a, RolloutVerdict v, double from, double to, Recorder out) {
    RolloutState s0 = a.state();
    RolloutState s1 = v.state();
    int i0 = a.stepIndex();
    int i1 = v.stepIndex();
    if (s0 == s1 && i0 == i1 && from == to) {
      return;
    }
    String reason = v.reason();
    switch (s1) {
      case ABORTED -> out.record(Transition.ABORTED, from, to, s1, reason);
      case ROLLED_BACK -> {
        if (s0 != RolloutState.HALTED) {
          out.record(Transition.HALTED, from, from, RolloutState.HALTED, reason);
        }
        out.record(Transition.ROLLED_BACK, from, to, s1, reason);
      }
      case HALTED -> out.record(Transition.HALTED, from, to, s1, reason);
      case PAUSED -> out.record(Transition.PAUSED, from, to, s1, reason);
      case COMPLETED -> {
        if (to != from) {
          out.record(moved(s0, i0, i1), from, to, RolloutState.RUNNING, reason);
        }
        out.record(Transition.COMPLETED, to, to, s1, reason);
      }
      default -> out.record(moved(s0, i0, i1), from, to, s1, reason);
    }
  }

  /** How a rollout came to run at step {@code i1}. */
  private static Transition moved(RolloutState s0, int i0, int i1) {
    if (s0 != RolloutState.RUNNING && s0 != RolloutState.COMPLETED) {
      return Transition.RESUMED;
    }
    return i0 >= 0 && i1 > i0 ? Transition.ADVANCED : Transition.STARTED;
  }
}
