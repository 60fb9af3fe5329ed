package dev.shipshape.core.rollout;

import dev.shipshape.flags.FlagDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Decides where a rollout stands from something every instance of the application can read, so
 * that a fleet serves one rollout instead of one per process. A rollout given a gate ({@link
 * RolloutConfig.Builder#gate(RolloutGate)}) no longer runs its own schedule: it asks the gate
 * every {@link #pollInterval()} and applies the answer to the flag's split; flag evaluation only
 * reads that split, never the gate. Its controls ({@link Rollout#pause()} and the others) are
 * refused, because they would change one instance only. Without a gate a rollout is decided in
 * the process, by its own schedule and SLOs.
 *
 * <p>The rollout enforces one rule whatever the gate answers: an {@linkplain
 * RolloutVerdict#confirmed() unconfirmed} verdict never raises the share the rollout serves.
 */
public interface RolloutGate {

  /**
   * How often a rollout asks the gate. Polls fall on whole multiples of this interval since the
   * epoch, so instances with synchronised clocks ask at the same instants.
   *
   * @return a positive duration of at most 100 years (longer is refused when the application is
   *     built)
   */
  Duration pollInterval();

  /**
   * Where the rollout stands at {@code at}. Called by the rollout's poll, at most once per poll
   * and never while an earlier call is still running, never on the flag evaluation path. The
   * gate bounds the time its answer takes (it may ask a remote server); a stage that fails is
   * taken as an unreadable verdict.
   *
   * @param rollout the rollout's definition as configured in the application
   * @param flag the rollout's flag as the flag sources define it now
   * @param at the poll's instant on the application's clock
   * @return the verdict, completed by the gate
   */
  CompletionStage<RolloutVerdict> verdict(RolloutConfig rollout, FlagDefinition flag, Instant at);

  /**
   * Where the rollout stands at {@code at} from the flag's definition alone, without asking
   * anything remote; the rollout applies it at once when its flag changes between polls (a plan
   * paused or aborted by an edit of the flag document). Such a verdict is unconfirmed, so it can
   * only lower what the rollout serves.
   *
   * @param rollout the rollout's definition as configured in the application
   * @param flag the rollout's flag as the flag sources define it now
   * @param at the current instant on the application's clock
   * @return an unconfirmed verdict
   */
  RolloutVerdict planned(RolloutConfig rollout, FlagDefinition flag, Instant at);

  /**
   * Why a control of one instance is refused, naming the document to edit instead.
   *
   * @param rollout the rollout's definition
   * @param control the refused control: {@code pause}, {@code resume}, {@code advance} or {@code
   *     abort}
   * @param flagSources the names of the application's flag sources, one of which holds the plan
   * @return the message of the {@link RolloutControlRefusedException}
   */
  String refusal(RolloutConfig rollout, String control, List<String> flagSources);
}
