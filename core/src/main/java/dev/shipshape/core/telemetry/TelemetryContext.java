package dev.shipshape.core.telemetry;

import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.Slo;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TelemetrySink} can read from the application it is bound to, for meters and
 * gauges that poll state instead of counting events. Provided by the facade; not implemented by
 * users.
 */
public interface TelemetryContext {

  /**
   * The application's clock.
   *
   * @return the clock every part reads time from
   */
  Clock clock();

  /**
   * The application's flags.
   *
   * @return the flags client
   */
  Flags flags();

  /**
   * The application's SLOs by name, in registration order.
   *
   * @return an unmodifiable map
   */
  Map<String, Slo> slos();

  /**
   * The application's health probes.
   *
   * @return the health
   */
  Health health();

  /**
   * The application's guards, in registration order: a sink registers each guard's outcome series
   * (and its breaker's states) before the first call.
   *
   * @return the guards' definitions; none by default
   */
  default List<GuardConfig> guardConfigs() {
    return List.of();
  }

  /**
   * The application's progressive rollouts, in registration order.
   *
   * @return the rollouts' definitions; none by default
   */
  default List<RolloutConfig> rolloutConfigs() {
    return List.of();
  }

  /**
   * The names of every registered sink, in registration order.
   *
   * @return the sink names
   */
  List<String> sinkNames();

  /**
   * How many times a sink threw since the application was built.
   *
   * @param sinkName a name from {@link #sinkNames()}
   * @return the failure count, zero for an unknown name
   */
  long sinkFailures(String sinkName);
}
