package dev.shipshape.core.rollout.internal;

import dev.shipshape.core.internal.Durations;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.slo.AlertState;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloAlertEvent;
import dev.shipshape.slo.SloListener;
import dev.shipshape.slo.SloSnapshot;
import dev.shipshape.time.ScheduledTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollout's state machine. Steps are one-shot scheduler tasks, re-armed after each change;
 * halts come from the SLOs' listeners as soon as an alert evaluation sees a page alert fire, and
 * each scheduled step checks the SLOs again before moving on.
 */
final class RolloutImpl implements Rollout {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutImpl.class);

  /** Weights are set out of this total, so a step can be as fine as 0.01%. */
  static final int TOTAL_WEIGHT = 10_000;

  private final RolloutConfig config;
  private final RolloutRuntime.Variants variants;
  private final List<Slo> halting;
  private final RolloutRuntime rt;
  private final SloListener listener;

  // guarded by this
  private RolloutState state = RolloutState.RUNNING;
  private int stepIndex = -1;
  private double percent;
  private @Nullable ScheduledTask next;
  private @Nullable Instant nextAt;
  private final List<RolloutAuditEntry> history = new ArrayList<>();
  private boolean closed;

  RolloutImpl(
      RolloutConfig config,
      RolloutRuntime.Variants variants,
      List<Slo> halting,
      RolloutRuntime rt) {
    this.config = config;
    this.variants = variants;
    this.halting = List.copyOf(halting);
    this.rt = rt;
    this.listener =
        new SloListener() {
          @Override
          public void alertFired(SloAlertEvent event) {
            if (event.severity() == Severity.PAGE) {
              halt(describe(event));
            }
          }

          @Override
          public void budgetExhausted(SloSnapshot snapshot) {
            if (config.haltOnBudgetExhausted()) {
              halt(describe(snapshot));
            }
          }
        };
  }

  synchronized void start() {
    for (Slo s : halting) {
      s.addListener(listener);
    }
    String burning = haltReason();
    if (burning != null) {
      apply(0.0);
      state = config.rollBackOnHalt() ? RolloutState.ROLLED_BACK : RolloutState.HALTED;
      record(Transition.HALTED, 0.0, 0.0, "not started: " + burning);
      return;
    }
    moveTo(0, Transition.STARTED, "started");
  }

  @Override
  public String flagKey() {
    return config.flagKey();
  }

  @Override
  public RolloutConfig config() {
    return config;
  }

  @Override
  public synchronized RolloutState state() {
    return state;
  }

  @Override
  public synchronized double percent() {
    return percent;
  }

  @Override
  public synchronized int stepIndex() {
    return stepIndex;
  }

  @Override
  public synchronized Optional<Instant> nextStepAt() {
    return Optional.ofNullable(nextAt);
  }

  @Override
  public synchronized List<RolloutAuditEntry> history() {
    return List.copyOf(history);
  }

  @Override
  public synchronized boolean pause() {
    if (state != RolloutState.RUNNING) {
      return false;
    }
    disarm();
    state = RolloutState.PAUSED;
    record(Transition.PAUSED, percent, percent, "paused by the application");
    return true;
  }

  @Override
  public synchronized boolean resume() {
    if (state != RolloutState.PAUSED
        && state != RolloutState.HALTED
        && state != RolloutState.ROLLED_BACK) {
      return false;
    }
    state = RolloutState.RUNNING;
    record(Transition.RESUMED, percent, percent, "resumed by the application");
    arm();
    return true;
  }

  @Override
  public synchronized boolean advance() {
    if (!state.isActive()) {
      return false;
    }
    state = RolloutState.RUNNING;
    moveTo(stepIndex + 1, Transition.ADVANCED, "advanced by the application");
    return true;
  }

  @Override
  public synchronized boolean abort() {
    if (!state.isActive()) {
      return false;
    }
    disarm();
    double from = percent;
    apply(0.0);
    stepIndex = -1;
    state = RolloutState.ABORTED;
    record(Transition.ABORTED, from, 0.0, "aborted by the application");
    return true;
  }

  synchronized void close() {
    closed = true;
    disarm();
    for (Slo s : halting) {
      s.removeListener(listener);
    }
  }

  /** The scheduled step: halts if a halting SLO burns, otherwise moves to the next step. */
  private synchronized void tick() {
    next = null;
    nextAt = null;
    if (closed || state != RolloutState.RUNNING) {
      return;
    }
    String burning = haltReason();
    if (burning != null) {
      halt(burning);
      return;
    }
    moveTo(
        stepIndex + 1,
        Transition.ADVANCED,
        "step interval of " + Durations.label(config.interval()) + " passed with healthy SLOs");
  }

  /** Applies step {@code index}; completes on the last step, otherwise arms the next one. */
  private void moveTo(int index, Transition transition, String reason) {
    disarm();
    List<Double> steps = config.steps();
    int target = Math.min(index, steps.size() - 1);
    double from = percent;
    double to = steps.get(target);
    apply(to);
    stepIndex = target;
    record(transition, from, to, reason);
    if (target == steps.size() - 1) {
      state = RolloutState.COMPLETED;
      record(Transition.COMPLETED, to, to, "reached the last step");
      return;
    }
    arm();
  }

  synchronized void halt(String reason) {
    if (closed || (state != RolloutState.RUNNING && state != RolloutState.PAUSED)) {
      return;
    }
    disarm();
    state = RolloutState.HALTED;
    record(Transition.HALTED, percent, percent, reason);
    if (config.rollBackOnHalt()) {
      double from = percent;
      apply(0.0);
      stepIndex = -1;
      state = RolloutState.ROLLED_BACK;
      record(Transition.ROLLED_BACK, from, 0.0, reason);
    }
  }

  private void arm() {
    disarm();
    if (closed) {
      return;
    }
    try {
      next = rt.scheduler.schedule("rollout-" + config.flagKey(), config.interval(), this::tick);
      nextAt = rt.clock.instant().plus(config.interval());
    } catch (RuntimeException e) {
      LOG.atWarn()
          .setMessage("rollout of flag '{}' could not schedule its next step: {}")
          .addArgument(config.flagKey())
          .addArgument(e.toString())
          .addKeyValue("flag", config.flagKey())
          .addKeyValue("error", e.toString())
          .log();
    }
  }

  private void disarm() {
    ScheduledTask t = next;
    if (t != null) {
      t.cancel();
    }
    next = null;
    nextAt = null;
  }

  /** Sets the split so that {@code p} percent of subjects get the rolled-out variant. */
  private void apply(double p) {
    int on = (int) Math.round(p * TOTAL_WEIGHT / 100.0);
    try {
      rt.flags
          .overrides()
          .setFractionalWeights(
              config.flagKey(), Map.of(variants.on(), on, variants.off(), TOTAL_WEIGHT - on));
      percent = p;
    } catch (RuntimeException e) {
      LOG.atWarn()
          .setMessage(
              "rollout of flag '{}' could not set the split to {}%; the flag serves its source"
                  + " weights: {}")
          .addArgument(config.flagKey())
          .addArgument(p)
          .addArgument(e.getMessage())
          .addKeyValue("flag", config.flagKey())
          .addKeyValue("percent", p)
          .addKeyValue("error", e.getMessage())
          .log();
      percent = p;
    }
  }

  private void record(Transition transition, double from, double to, String reason) {
    Instant at = rt.clock.instant();
    history.add(new RolloutAuditEntry(at, transition, from, to, state, reason));
    if (rt.telemetry.wants(TelemetryEvent.Kind.ROLLOUT_STEP_CHANGED)) {
      rt.telemetry.emit(
          new RolloutStepChanged(
              config.flagKey(), config.flagKey(), transition, from, to, reason, at));
    }
  }

  /** Why the rollout must halt now, or null when every halting SLO is healthy. */
  private @Nullable String haltReason() {
    for (Slo s : halting) {
      for (AlertState a : s.alertStates()) {
        if (a.firing() && a.alert().severity() == Severity.PAGE) {
          return String.format(
              Locale.ROOT,
              "slo '%s' page alert %s/%s firing: burn rates %.2f (%s) and %.2f (%s) above %.2f",
              s.name(),
              MeterCatalogue.window(a.alert().longWindow()),
              MeterCatalogue.window(a.alert().shortWindow()),
              a.longBurnRate(),
              MeterCatalogue.window(a.alert().longWindow()),
              a.shortBurnRate(),
              MeterCatalogue.window(a.alert().shortWindow()),
              a.alert().factor());
        }
      }
      if (config.haltOnBudgetExhausted()) {
        SloSnapshot snap = s.snapshot();
        if (snap.exhausted()) {
          return describe(snap);
        }
      }
    }
    return null;
  }

  private static String describe(SloAlertEvent e) {
    return String.format(
        Locale.ROOT,
        "slo '%s' page alert %s/%s fired: burn rates %.2f (%s) and %.2f (%s) above %.2f",
        e.slo(),
        MeterCatalogue.window(e.longWindow()),
        MeterCatalogue.window(e.shortWindow()),
        e.longBurnRate(),
        MeterCatalogue.window(e.longWindow()),
        e.shortBurnRate(),
        MeterCatalogue.window(e.shortWindow()),
        e.factor());
  }

  private static String describe(SloSnapshot s) {
    return String.format(
        Locale.ROOT,
        "slo '%s' error budget exhausted: %.1f%% remaining over %s",
        s.slo(),
        s.budgetRemaining() * 100.0,
        MeterCatalogue.window(s.window()));
  }

  @Override
  public String toString() {
    return "Rollout{" + config.flagKey() + "}";
  }

}
