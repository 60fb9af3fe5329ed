package dev.shipshape.core.internal;

import dev.shipshape.core.health.CheckStatusChange;
import dev.shipshape.core.health.HealthListener;
import dev.shipshape.core.health.ProbeStatusChange;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.FlagSetChanged;
import dev.shipshape.core.telemetry.FlagSourceFailed;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.SloAlertFired;
import dev.shipshape.core.telemetry.SloAlertResolved;
import dev.shipshape.core.telemetry.SloBudgetExhausted;
import dev.shipshape.core.telemetry.TelemetryEvent.Kind;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.SourceFailure;
import dev.shipshape.slo.SloAlertEvent;
import dev.shipshape.slo.SloListener;
import dev.shipshape.slo.SloSnapshot;
import java.time.Clock;

/** Adapts each part's own listener interface into the one telemetry stream. */
final class TelemetryAdapters {

  private TelemetryAdapters() {}

  /**
   * A flag listener feeding {@code hub}. It wants evaluations only when a sink does, so otherwise
   * the flags module builds no evaluation details at all.
   */
  static FlagListener flagListener(TelemetryHub hub, Clock clock) {
    return new FlagAdapter(hub, clock);
  }

  static SloListener sloListener(TelemetryHub hub) {
    return new SloAdapter(hub);
  }

  static HealthListener healthListener(TelemetryHub hub, Clock clock) {
    return new HealthAdapter(hub, clock);
  }

  private record FlagAdapter(TelemetryHub hub, Clock clock) implements FlagListener {

    @Override
    public void flagSetChanged(FlagSetChange change) {
      if (hub.wants(Kind.FLAG_SET_CHANGED)) {
        hub.emit(new FlagSetChanged(change));
      }
    }

    @Override
    public void sourceFailed(SourceFailure failure) {
      if (hub.wants(Kind.FLAG_SOURCE_FAILED)) {
        hub.emit(new FlagSourceFailed(failure, clock.instant()));
      }
    }

    @Override
    public boolean wantsEvaluations() {
      return hub.wants(Kind.FLAG_EVALUATED);
    }

    @Override
    public void evaluated(EvaluationDetails<?> d) {
      hub.emit(new FlagEvaluated(d, clock.instant()));
    }
  }

  private record SloAdapter(TelemetryHub hub) implements SloListener {

    @Override
    public void alertFired(SloAlertEvent e) {
      if (hub.wants(Kind.SLO_ALERT_FIRED)) {
        hub.emit(new SloAlertFired(e));
      }
    }

    @Override
    public void alertResolved(SloAlertEvent e) {
      if (hub.wants(Kind.SLO_ALERT_RESOLVED)) {
        hub.emit(new SloAlertResolved(e));
      }
    }

    @Override
    public void budgetExhausted(SloSnapshot s) {
      if (hub.wants(Kind.SLO_BUDGET_EXHAUSTED)) {
        hub.emit(new SloBudgetExhausted(s));
      }
    }
  }

  private record HealthAdapter(TelemetryHub hub, Clock clock) implements HealthListener {

    @Override
    public void probeStatusChanged(ProbeStatusChange c) {
      if (hub.wants(Kind.HEALTH_STATUS_CHANGED)) {
        hub.emit(HealthStatusChanged.ofProbe(c.probe(), c.previous(), c.current(), clock.instant()));
      }
    }

    @Override
    public void checkStatusChanged(CheckStatusChange c) {
      if (hub.wants(Kind.HEALTH_STATUS_CHANGED)) {
        hub.emit(
            HealthStatusChanged.ofCheck(
                c.check(), c.previous(), c.current(), c.message(), clock.instant()));
      }
    }
  }
}
