package dev.shipshape.core.telemetry;

import dev.shipshape.core.internal.MicrometerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Turns telemetry into Micrometer meters: exactly the meters of the {@link MeterCatalogue}, with
 * its names, descriptions, units and tags. Tags are bounded sets only: flag key, variant, reason,
 * SLO name, alert window, probe, check, guard, outcome. Targeting keys and other per-request
 * values never become tags, and flag keys that no source defines share one {@code _unknown} value
 * after the first {@value MeterCatalogue#MAX_UNKNOWN_FLAG_TAGS}. Every tag value is {@linkplain
 * MeterCatalogue#tagValue cut} at {@value MeterCatalogue#MAX_TAG_VALUE_LENGTH} characters.
 *
 * <p>When the sink is {@linkplain #bind(TelemetryContext) bound}, every series whose tag values are
 * known then (each SLO's outcomes, alert pairs and states; each guard's outcomes and breaker
 * states; each rollout's transitions; each flag source, probe and check) is registered at 0, or at
 * {@value MeterCatalogue#HEALTH_UNKNOWN} for health not yet reported, so that Prometheus'
 * {@code increase()} and {@code rate()} see the first event. Guarded-call durations are a
 * histogram with the catalogue's {@linkplain MeterCatalogue#GUARD_CALL_BUCKETS fixed buckets}.
 * {@link #close()} removes every meter this sink registered that no other open sink uses.
 *
 * <p>Sinks sharing a registry (two applications, say) share the meters of the same name and tags,
 * as Micrometer keeps one meter per name and tags: counters and timers count the events of both,
 * function counters (each SLO's events, each sink's failures) read the sum of both, and a gauge
 * reads the sink bound last, then the one bound before it again once that one closes.
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
    if (event.kind() == TelemetryEvent.Kind.FLAG_EVALUATED) {
      FlagEvaluated f = (FlagEvaluated) event;
      meters.flagEvaluated(f.flagKey(), f.variant(), f.reason(), f.errorCode());
    } else {
      MeterCatalogue.measure(event, meters);
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
