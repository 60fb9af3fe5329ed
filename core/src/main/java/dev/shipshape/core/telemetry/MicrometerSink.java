package dev.shipshape.core.telemetry;

import dev.shipshape.core.health.Probe;
import dev.shipshape.core.internal.MicrometerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Turns telemetry into Micrometer meters: exactly the meters of the {@link MeterCatalogue}, with
 * its names, descriptions, units and tags. Tags are bounded sets only: flag key, variant, reason,
 * SLO name, alert window, probe, check, guard, outcome. Targeting keys and other per-request
 * values never become tags, and flag keys that no source defines share one {@code _unknown} value
 * after the first {@value MeterCatalogue#MAX_UNKNOWN_FLAG_TAGS}.
 *
 * <p>When the sink is {@linkplain #bind(TelemetryContext) bound}, every series whose tag values are
 * known then (each SLO's outcomes, alert pairs and states; each guard's outcomes and breaker
 * states; each rollout's transitions; each flag source, probe and check) is registered at 0, or at
 * {@value MeterCatalogue#HEALTH_UNKNOWN} for health not yet reported, so that Prometheus'
 * {@code increase()} and {@code rate()} see the first event. Guarded-call durations are a
 * histogram with the catalogue's {@linkplain MeterCatalogue#GUARD_CALL_BUCKETS fixed buckets}.
 * {@link #close()} removes every meter this sink registered.
 */
public final class MicrometerSink implements TelemetrySink {

  private final MicrometerMeters meters;

  private MicrometerSink(MeterRegistry registry) {
    this.meters = new MicrometerMeters(registry);
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
        meters.count(MeterCatalogue.FLAG_SET_CHANGES);
        break;
      case FLAG_SOURCE_FAILED:
        meters.count(MeterCatalogue.FLAG_SOURCE_FAILURES, ((FlagSourceFailed) event).source());
        break;
      case SLO_ALERT_FIRED:
      case SLO_ALERT_RESOLVED:
        SloAlertChange a = (SloAlertChange) event;
        String[] pair = MeterCatalogue.alertPair(a);
        meters.set(MeterCatalogue.SLO_ALERT_FIRING, a.firing() ? 1.0 : 0.0, pair);
        meters.count(
            MeterCatalogue.SLO_ALERT_CHANGES,
            pair[0],
            pair[1],
            pair[2],
            pair[3],
            MeterCatalogue.alertState(a.firing()));
        break;
      case SLO_BUDGET_EXHAUSTED:
        meters.count(MeterCatalogue.SLO_BUDGET_EXHAUSTIONS, ((SloBudgetExhausted) event).slo());
        break;
      case HEALTH_STATUS_CHANGED:
        HealthStatusChanged h = (HealthStatusChanged) event;
        double value = MeterCatalogue.health(h.current());
        Probe probe = h.probe();
        String check = h.check();
        if (probe != null) {
          meters.set(MeterCatalogue.HEALTH_STATUS, value, probe.label());
        } else if (check != null) {
          meters.set(MeterCatalogue.HEALTH_CHECK_STATUS, value, check);
        }
        break;
      case GUARDED_CALL_COMPLETED:
        GuardedCallCompleted g = (GuardedCallCompleted) event;
        meters.guardedCall(g.guard(), g.outcome().label(), g.duration());
        break;
      case CIRCUIT_BREAKER_STATE_CHANGED:
        CircuitBreakerStateChanged c = (CircuitBreakerStateChanged) event;
        meters.count(
            MeterCatalogue.GUARD_CIRCUIT_TRANSITIONS, c.guard(), MeterCatalogue.label(c.to()));
        break;
      case ROLLOUT_STEP_CHANGED:
        RolloutStepChanged r = (RolloutStepChanged) event;
        meters.set(MeterCatalogue.ROLLOUT_PERCENT, r.toPercent(), r.flag());
        meters.count(MeterCatalogue.ROLLOUT_TRANSITIONS, r.flag(), r.transition().label());
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
