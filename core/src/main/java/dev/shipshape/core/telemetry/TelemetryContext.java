package dev.shipshape.core.telemetry;

import dev.shipshape.core.health.Health;
import java.time.Clock;
import java.util.List;

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
   * The application's health probes.
   *
   * @return the health
   */
  Health health();

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
