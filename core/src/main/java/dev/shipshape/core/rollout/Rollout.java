package dev.shipshape.core.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A running progressive rollout of one flag: its state, its current percentage, its audit trail,
 * and the controls an application or operator uses (pause, resume, advance, abort). Every change,
 * scheduled or manual, is a telemetry event and an audit entry.
 *
 * <p>Thread-safe. Controls return whether they changed anything instead of throwing, except on
 * a rollout driven by a {@link RolloutGate}: there they would change one instance of a fleet
 * only, so they throw {@link RolloutControlRefusedException} naming the document to edit. Once
 * the application is closed, the controls change nothing and return false.
 */
public interface Rollout {

  /**
   * The key of the flag whose split this rollout moves; also the rollout's name.
   *
   * @return the flag key
   */
  String flagKey();

  /**
   * The rollout's definition; for a rollout driven by a {@link RolloutGate}, as the gate's last
   * applied verdict gives it (the plan's steps and interval).
   *
   * @return the definition
   */
  RolloutConfig config();

  /**
   * The rollout's state.
   *
   * @return the state
   */
  RolloutState state();

  /**
   * The share of subjects the rollout's split serves the rolled-out variant: its current step's
   * percentage while the split is in place, and 0 while it is not (a reload removed the flag's
   * split, or the rollout's override of it was cleared), when the flag serves its source
   * definition instead.
   *
   * @return a percentage in [0, 100]
   */
  double percent();

  /**
   * The index of the current step in {@link RolloutConfig#steps()}, or -1 before the first step
   * (and after a roll back or abort).
   *
   * @return the step index
   */
  int stepIndex();

  /**
   * When the next scheduled step is due, if the rollout is running and has a next step.
   *
   * @return the instant on the application's clock
   */
  Optional<Instant> nextStepAt();

  /**
   * The rollout's transitions, oldest first: every one so far, up to the latest 1,000. A rollout
   * that changes state without end (halted and resumed a million times) keeps only the latest
   * 1,000 here, so its memory stays bounded; each transition is also a telemetry event.
   *
   * @return an immutable copy of the audit trail
   */
  List<RolloutAuditEntry> history();

  /**
   * Pauses a running rollout at its current step.
   *
   * @return true if it was running
   * @throws RolloutControlRefusedException if a {@link RolloutGate} drives the rollout
   */
  boolean pause();

  /**
   * Resumes a paused, halted or rolled-back rollout; the next step is due one interval from now
   * (after a roll back, that is the first step). A rollout halted because its split was lost sets
   * it again first, and stays halted if the flag has no split to set.
   *
   * @return true if it was paused, halted or rolled back and is running now
   * @throws RolloutControlRefusedException if a {@link RolloutGate} drives the rollout
   */
  boolean resume();

  /**
   * Moves to the next step now, whatever the state (an operator's override of a halt), and
   * leaves the rollout running with the next step one interval from now.
   *
   * @return false if the rollout was completed or aborted, or its flag has no split to set
   * @throws RolloutControlRefusedException if a {@link RolloutGate} drives the rollout
   */
  boolean advance();

  /**
   * Aborts the rollout: the split goes to zero percent and stays there.
   *
   * @return false if it was already completed or aborted
   * @throws RolloutControlRefusedException if a {@link RolloutGate} drives the rollout
   */
  boolean abort();
}
