package dev.shipshape.core.rollout.internal;

import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutControlRefusedException;
import dev.shipshape.core.rollout.RolloutGate;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.rollout.RolloutVerdict;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.flags.SourceState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rollout whose position a {@link RolloutGate} decides. A poll on the application's scheduler,
 * at whole multiples of the gate's poll interval, asks the gate and applies its verdict to the
 * flag's split; between polls a change of the flag applies what the flag alone says (a plan
 * paused or aborted by an edit). Flag evaluation reads only the split.
 *
 * <p>Safety: an unconfirmed verdict never raises the share served; the first one that would is
 * recorded as {@link Transition#HELD}, once per stretch of unconfirmed verdicts. An instance that
 * starts serves 0% until a confirmed verdict arrives. The controls are refused: they would change
 * this instance only.
 *
 * <p>Locking: see {@link FlagChangeLock}. The gate is asked without the lock held; its answer is
 * applied under the lock, on whatever thread completes it.
 */
final class GatedRollout extends ManagedRollout {

  private static final Logger LOG = LoggerFactory.getLogger(GatedRollout.class);

  private final RolloutGate gate;
  private final Duration pollInterval;
  /** Whether a verdict is being asked for: at most one at a time. */
  private final AtomicBoolean asking = new AtomicBoolean();

  // guarded by lock
  private RolloutVerdict applied;
  /** The percentage the split is set to (or is to be set to again while it is lost). */
  private double percent;
  /** Whether the flag lost the split the rollout sets. */
  private boolean lost;
  /** Whether a HELD entry was recorded since the last confirmed verdict. */
  private boolean holding;
  /** The flag's metadata when the plan was last applied: only an edit of it is a plan edit. */
  private @Nullable Map<String, Object> planSeen;

  /** The audit trail: appended under the lock, read without it. */
  private final AuditTrail history = new AuditTrail();

  /** What the rollout serves and why, as readers see it: published under the lock. */
  private volatile View view;

  private record View(
      RolloutConfig plan,
      RolloutState state,
      double percent,
      int stepIndex,
      @Nullable Instant nextStepAt) {}

  GatedRollout(
      RolloutConfig config, RolloutRuntime.Variants variants, RolloutGate gate, RolloutRuntime rt) {
    super(
        config,
        variants,
        rt,
        new NextRun(rt, config.flagKey(), "rollout-gate-" + config.flagKey(), "poll", LOG));
    this.gate = gate;
    this.pollInterval = gate.pollInterval();
    this.applied =
        new RolloutVerdict(
            config, RolloutState.RUNNING, -1, null, false, "waiting for the gate's first verdict");
    this.view = new View(config, RolloutState.RUNNING, 0.0, -1, null);
  }

  /** Publishes the state to readers; called holding the lock after every change. */
  private void publish() {
    view =
        new View(
            applied.plan(),
            lost ? RolloutState.HALTED : applied.state(),
            lost ? 0.0 : percent,
            applied.stepIndex(),
            lost ? null : applied.nextStepAt());
  }

  /** Serves 0% and applies what the flag alone says; asks the gate now and then on each poll. */
  @Override
  void start() {
    lock.lock();
    try {
      if (!rt.setSplit(config.flagKey(), variants, 0.0)) {
        splitLost();
      }
      applyPlanned();
      publish();
      arm(Duration.ZERO, rt.clock.instant());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public RolloutConfig config() {
    return view.plan();
  }

  @Override
  public RolloutState state() {
    return view.state();
  }

  @Override
  public double percent() {
    return view.percent();
  }

  @Override
  public int stepIndex() {
    return view.stepIndex();
  }

  @Override
  public Optional<Instant> nextStepAt() {
    return Optional.ofNullable(view.nextStepAt());
  }

  @Override
  public List<RolloutAuditEntry> history() {
    return history.entries();
  }

  @Override
  public boolean pause() {
    throw refused("pause");
  }

  @Override
  public boolean resume() {
    throw refused("resume");
  }

  @Override
  public boolean advance() {
    throw refused("advance");
  }

  @Override
  public boolean abort() {
    throw refused("abort");
  }

  private RolloutControlRefusedException refused(String control) {
    List<String> sources = new ArrayList<>();
    for (SourceState s : rt.flags.sourceStates()) {
      sources.add(s.sourceName());
    }
    String message;
    try {
      message = gate.refusal(config, control, List.copyOf(sources));
    } catch (RuntimeException e) {
      message =
          control + " of rollout '" + config.flagKey() + "' was refused: its gate decides where"
              + " it stands on every instance; edit the gate's plan in " + sources;
    }
    return new RolloutControlRefusedException(control, message);
  }

  // ---------------------------------------------------------------- polling

  /** Schedules the next poll {@code delay} from now, or at the next whole poll interval. */
  private void arm(@Nullable Duration delay, Instant now) {
    if (closed) {
      return;
    }
    Instant due = delay != null ? now.plus(delay) : NextRun.nextMultiple(now, pollInterval);
    next.arm(now, due, () -> poll(due));
  }

  private void poll(Instant due) {
    FlagDefinition flag;
    lock.lock();
    try {
      next.ran();
      if (closed) {
        return;
      }
      arm(null, rt.clock.instant());
      flag = lost ? null : rt.flags.flagSet().definition(config.flagKey()).orElse(null);
    } finally {
      lock.unlock();
    }
    if (flag == null || !asking.compareAndSet(false, true)) {
      return; // no split to move, or the previous question is still open
    }
    CompletionStage<RolloutVerdict> answer;
    try {
      answer =
          Objects.requireNonNull(
              gate.verdict(config, flag, due), "the gate's verdict() returned no stage");
    } catch (VirtualMachineError e) {
      asking.set(false);
      throw e;
    } catch (RuntimeException | Error e) {
      // an unreadable verdict, not a question left open that keeps every later poll from asking
      answer = CompletableFuture.failedFuture(e);
    }
    FlagDefinition asked = flag;
    answer.whenComplete(
        (verdict, failure) -> {
          asking.set(false);
          lock.lock();
          try {
            if (closed) {
              return;
            }
            RolloutVerdict v = verdict;
            if (v == null) {
              v = failed(asked, due, failure);
            }
            if (v != null) {
              apply(v);
              publish();
            }
          } finally {
            lock.unlock();
          }
        });
  }

  /** What the plan alone says, as the verdict of a gate that failed, or null if that fails too. */
  private @Nullable RolloutVerdict failed(
      FlagDefinition flag, Instant at, @Nullable Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String why = "the gate failed: " + cause;
    try {
      RolloutVerdict p = gate.planned(config, flag, at);
      return new RolloutVerdict(
          p.plan(), p.state(), p.stepIndex(), p.nextStepAt(), false, why);
    } catch (RuntimeException e) {
      LOG.atWarn()
          .setMessage("rollout of flag '{}' keeps its step: {}; and its plan failed: {}")
          .addArgument(config.flagKey())
          .addArgument(why)
          .addArgument(e.toString())
          .addKeyValue("flag", config.flagKey())
          .log();
      return null;
    }
  }

  // ---------------------------------------------------------------- flag changes

  /**
   * The flag changed: the split back or lost, and the plan edited. A flag that no longer has the
   * split the rollout sets (its variants renamed or added to, or the flag disabled) loses the
   * rollout's override as well, so that it serves its source definition as written. Runs holding
   * the lock.
   */
  @Override
  void checkFlag() {
    if (closed) {
      return;
    }
    if (!rt.hasItsSplit(config, variants)) {
      rt.dropSplit(config.flagKey());
      if (!lost) {
        splitLost();
      }
    } else if (!rt.overridden(config.flagKey())) {
      if (rt.setSplit(config.flagKey(), variants, percent)) {
        if (lost) {
          lost = false;
          record(
              Transition.RESUMED,
              0.0,
              percent,
              applied.state(),
              RolloutRuntime.splitBackReason(config.flagKey(), percent));
        }
      } else if (!lost) {
        splitLost();
      }
    }
    if (!lost) {
      applyPlanned();
    }
    publish();
  }

  private void splitLost() {
    lost = true;
    record(
        Transition.HALTED,
        percent,
        0.0,
        RolloutState.HALTED,
        rt.splitLostReason(config.flagKey()));
  }

  /**
   * Applies what the flag's definition alone says, when its metadata changed since last time (a
   * change of the rollout's own split is not an edit of the plan); it can only lower the share.
   */
  private void applyPlanned() {
    FlagDefinition flag = rt.flags.flagSet().definition(config.flagKey()).orElse(null);
    if (flag == null || flag.metadata().equals(planSeen)) {
      return;
    }
    planSeen = flag.metadata();
    try {
      apply(gate.planned(config, flag, rt.clock.instant()));
    } catch (RuntimeException e) {
      LOG.atWarn()
          .setMessage("rollout of flag '{}' could not read its plan: {}")
          .addArgument(config.flagKey())
          .addArgument(e.toString())
          .addKeyValue("flag", config.flagKey())
          .addKeyValue("error", e.toString())
          .log();
    }
  }

  // ---------------------------------------------------------------- applying verdicts

  /** Applies a verdict, recording what changed. Runs holding the lock. */
  private void apply(RolloutVerdict v) {
    double to = v.percent();
    if (!v.confirmed() && to > percent) {
      if (!holding) {
        holding = true;
        record(
            Transition.HELD,
            percent,
            percent,
            applied.state(),
            v.reason() + "; the plan says " + RolloutRuntime.percentLabel(to)
                + "%, the rollout keeps " + RolloutRuntime.percentLabel(percent)
                + "% until the gate confirms it");
      }
      return;
    }
    if (v.confirmed()) {
      holding = false;
    }
    RolloutVerdict before = applied;
    double from = percent;
    if (to != percent && !lost) {
      if (!rt.setSplit(config.flagKey(), variants, to)) {
        splitLost();
        return;
      }
    }
    percent = to;
    applied = v;
    VerdictTransitions.record(before, v, from, to, this::record);
  }

  private void record(
      Transition transition, double from, double to, RolloutState state, String reason) {
    history.add(audit(transition, from, to, state, reason));
  }

  @Override
  public String toString() {
    return "Rollout{" + config.flagKey() + ", gate " + gate + "}";
  }
}
