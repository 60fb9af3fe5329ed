package dev.shipshape.examples;

import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.core.telemetry.SloAlertChange;
import dev.shipshape.core.telemetry.SloBudgetExhausted;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Turns the simulated service's telemetry stream into timeline lines. */
final class TimelineSink implements TelemetrySink {
  private final List<TimelineEntry> timeline;
  Consumer<RolloutStepChanged> onRollout = e -> {};

  /**
   * A sink that appends to {@code timeline}.
   *
   * @param timeline the simulation's timeline, in the order things happen
   */
  TimelineSink(List<TimelineEntry> timeline) {
    this.timeline = timeline;
  }

  @Override
  public boolean wants(TelemetryEvent.Kind kind) {
    return kind != TelemetryEvent.Kind.FLAG_EVALUATED
        && kind != TelemetryEvent.Kind.GUARDED_CALL_COMPLETED;
  }

  @Override
  public String name() {
    return "timeline";
  }

  @Override
  public void accept(TelemetryEvent event) {
    if (event instanceof RolloutStepChanged e) {
      String text =
          "rollout "
              + e.flag()
              + " "
              + e.transition().label()
              + ": "
              + TimelineText.pct(e.fromPercent())
              + "% -> "
              + TimelineText.pct(e.toPercent())
              + "%";
      if (e.transition() != Transition.ADVANCED && e.transition() != Transition.STARTED
          && !e.reason().isBlank()) {
        text += " (" + e.reason() + ")";
      }
      add(e.at(), TimelineEntry.Kind.ROLLOUT, text);
      onRollout.accept(e);
    } else if (event instanceof SloAlertChange e) {
      add(
          e.at(),
          e.firing() ? TimelineEntry.Kind.ALERT_FIRED : TimelineEntry.Kind.ALERT_RESOLVED,
          String.format(
              Locale.ROOT,
              "%s %s alert %s: window pair %s/%s, burn rates %.1f (%s) and %.1f (%s) vs"
                  + " threshold %.2f; %.1f%% of the period's budget spent so far",
              e.slo(),
              e.severity().label(),
              e.firing() ? "FIRED" : "resolved",
              TimelineText.human(e.longWindow()),
              TimelineText.human(e.shortWindow()),
              e.longBurnRate(),
              TimelineText.human(e.longWindow()),
              e.shortBurnRate(),
              TimelineText.human(e.shortWindow()),
              e.factor(),
              e.periodBudgetConsumed() * 100));
    } else if (event instanceof HealthStatusChanged e) {
      if (e.previous() == null) {
        return;
      }
      String what =
          e.isProbe()
              ? String.valueOf(e.probe()).toLowerCase(Locale.ROOT) + " probe"
              : "check " + e.check();
      add(
          e.at(),
          TimelineEntry.Kind.HEALTH,
          what + " " + e.previous() + " -> " + e.current()
              + (e.message() == null ? "" : " (" + e.message() + ")"));
    } else if (event instanceof CircuitBreakerStateChanged e) {
      add(
          e.at(),
          TimelineEntry.Kind.BREAKER,
          "circuit breaker " + e.guard() + " " + e.from() + " -> " + e.to());
    } else if (event instanceof SloBudgetExhausted e) {
      add(e.at(), TimelineEntry.Kind.ALERT_FIRED, "SLO " + e.slo() + " error budget exhausted");
    }
  }

  private void add(Instant at, TimelineEntry.Kind kind, String text) {
    timeline.add(new TimelineEntry(at, kind, text));
  }
}
