package dev.shipshape.spring.internal;

import dev.shipshape.fleet.FleetGate;
import dev.shipshape.fleet.FleetGateConfigException;
import dev.shipshape.spring.InvalidShipshapePropertiesException;
import dev.shipshape.spring.ShipshapeFleetProperties;
import dev.shipshape.time.config.ConfigProblem;
import java.net.URI;
import java.util.List;

/** Builds the fleet gate from {@code shipshape.fleet.*}, naming each bad property. */
public final class FleetGates {

  private static final String PREFIX = "shipshape.fleet";

  private FleetGates() {}

  /**
   * The gate the properties describe.
   *
   * @param p the properties
   * @return the gate
   * @throws InvalidShipshapePropertiesException listing every problem, each naming its property
   */
  public static FleetGate build(ShipshapeFleetProperties p) {
    URI prometheus = p.getPrometheus();
    if (prometheus == null) {
      throw new InvalidShipshapePropertiesException(
          List.of(
              ConfigProblem.of(
                  PREFIX + ".prometheus", "null", "must be the URL of Prometheus' HTTP API")));
    }
    FleetGate.Builder b =
        FleetGate.builder(prometheus)
            .pollInterval(p.getPollInterval())
            .queryTimeout(p.getQueryTimeout())
            .maxSampleAge(p.getMaxSampleAge());
    p.getMatchers().forEach(b::matcher);
    p.getHeaders().forEach(b::header);
    try {
      return b.build();
    } catch (FleetGateConfigException e) {
      throw new InvalidShipshapePropertiesException(
          e.problems().stream().map(problem -> PropertyPaths.under(PREFIX, problem)).toList());
    }
  }
}
