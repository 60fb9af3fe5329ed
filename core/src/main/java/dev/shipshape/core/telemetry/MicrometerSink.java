package dev.shipshape.core.telemetry;

import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.internal.Durations;
import dev.shipshape.core.internal.MicrometerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Turns telemetry into Micrometer meters. Tags are bounded sets only: flag key, variant, reason,
 * SLO name, alert window, probe, check, guard, outcome. Targeting keys and other per-request
 * values never become tags, and flag keys that no source defines share one {@code _unknown}
 * value after the first {@value #MAX_UNKNOWN_FLAG_TAGS}.
 *
 * <p>Meters (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code shipshape.slo.events} ({@code shipshape_slo_events_total}), tags {@code slo},
 *       {@code outcome} = {@code good}|{@code bad}: the SLO counter the generated Prometheus rules
 *       read, exactly as the slo module defines it;
 *   <li>{@code shipshape.slo.budget.remaining}, tag {@code slo}: the fraction of the error budget
 *       left over the SLO window (1 without traffic, negative when overspent);
 *   <li>{@code shipshape.slo.burn.rate}, tags {@code slo}, {@code window}: the burn rate over the
 *       5-minute window and every alert window;
 *   <li>{@code shipshape.slo.alert.firing}, tags {@code slo}, {@code severity}, {@code
 *       long_window}, {@code short_window}: 1 while the pair fires, else 0;
 *   <li>{@code shipshape.flag.evaluations}, tags {@code flag}, {@code variant}, {@code reason},
 *       {@code error}: flag evaluations ({@code none} stands for a missing variant or error);
 *   <li>{@code shipshape.flag.set.changes} and {@code shipshape.flag.source.failures} (tag {@code
 *       source});
 *   <li>{@code shipshape.health.status}, tag {@code probe}, and {@code
 *       shipshape.health.check.status}, tag {@code check}: 1 when {@code UP}, 0 when {@code DOWN}
 *       or {@code OUT_OF_SERVICE}, NaN before the first report;
 *   <li>{@code shipshape.guard.calls} (timer), tags {@code guard}, {@code outcome}; {@code
 *       shipshape.guard.circuit.transitions}, tags {@code guard}, {@code to};
 *   <li>{@code shipshape.rollout.percent}, tags {@code rollout}, {@code flag}; {@code
 *       shipshape.rollout.transitions}, tags {@code rollout}, {@code transition};
 *   <li>{@code shipshape.telemetry.sink.failures}, tag {@code sink}: how often each sink threw.
 * </ul>
 *
 * <p>Meters that poll state (SLO counters and gauges, sink failures) are registered by {@link
 * #bind(TelemetryContext)} and every meter this sink registered is removed by {@link #close()}.
 */
public final class MicrometerSink implements TelemetrySink {

  /** How many distinct undefined flag keys get their own {@code flag} tag value. */
  public static final int MAX_UNKNOWN_FLAG_TAGS = 50;

  private final MicrometerMeters meters;

  private MicrometerSink(MeterRegistry registry) {
    this.meters = new MicrometerMeters(registry, MAX_UNKNOWN_FLAG_TAGS);
  }

  /**
   * A sink registering its meters in {@code registry}.
   *
   * @param registry the registry, such as a {@code PrometheusMeterRegistry}
   * @return the sink
   */
  public static MicrometerSink of(MeterRegistry registry) {
    return new MicrometerSink(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * The registry this sink registers in.
   *
   * @return the registry
   */
  public MeterRegistry registry() {
    return meters.registry();
  }

  @Override
  public String name() {
    return "micrometer";
  }

  @Override
  public void accept(TelemetryEvent event) {
    switch (event.kind()) {
      case FLAG_EVALUATED:
        FlagEvaluated f = (FlagEvaluated) event;
        meters.flagEvaluated(f.flagKey(), f.variant(), f.reason(), f.errorCode());
        break;
      case FLAG_SET_CHANGED:
        meters.count("shipshape.flag.set.changes", "Changes of the effective flags");
        break;
      case FLAG_SOURCE_FAILED:
        meters.count(
            "shipshape.flag.source.failures",
            "Failed reads of a flag source",
            "source",
            ((FlagSourceFailed) event).source());
        break;
      case SLO_ALERT_FIRED:
      case SLO_ALERT_RESOLVED:
        SloAlertChange a = (SloAlertChange) event;
        meters.alert(
            a.slo(),
            a.severity(),
            Durations.label(a.longWindow()),
            Durations.label(a.shortWindow()),
            a.firing());
        break;
      case SLO_BUDGET_EXHAUSTED:
        meters.count(
            "shipshape.slo.budget.exhaustions",
            "Times an SLO's error budget became exhausted",
            "slo",
            ((SloBudgetExhausted) event).slo());
        break;
      case HEALTH_STATUS_CHANGED:
        HealthStatusChanged h = (HealthStatusChanged) event;
        double value = h.current() == HealthStatus.UP ? 1.0 : 0.0;
        Probe probe = h.probe();
        String check = h.check();
        if (probe != null) {
          meters.probeStatus(probe.label(), value);
        } else if (check != null) {
          meters.checkStatus(check, value);
        }
        break;
      case GUARDED_CALL_COMPLETED:
        GuardedCallCompleted g = (GuardedCallCompleted) event;
        meters.guardedCall(g.guard(), g.outcome().label(), g.duration());
        break;
      case CIRCUIT_BREAKER_STATE_CHANGED:
        CircuitBreakerStateChanged c = (CircuitBreakerStateChanged) event;
        meters.count(
            "shipshape.guard.circuit.transitions",
            "Circuit breaker state transitions",
            "guard",
            c.guard(),
            "to",
            c.to());
        break;
      case ROLLOUT_STEP_CHANGED:
        RolloutStepChanged r = (RolloutStepChanged) event;
        meters.rollout(r.rollout(), r.flag(), r.transition().label(), r.toPercent());
        break;
    }
  }

  @Override
  public void bind(TelemetryContext context) {
    meters.bind(context);
  }

  @Override
  public void close() {
    meters.close();
  }
}
