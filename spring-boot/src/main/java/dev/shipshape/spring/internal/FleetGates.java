package dev.shipshape.spring.internal;

import dev.shipshape.fleet.FleetGate;
import dev.shipshape.spring.InvalidShipshapePropertiesException;
import dev.shipshape.spring.ShipshapeFleetProperties;
import dev.shipshape.time.config.ConfigProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds the fleet gate from {@code shipshape.fleet.*}, naming each bad property. */
public final class FleetGates {

  private static final String PREFIX = "shipshape.fleet";

  /** How every fleet property's identity begins. */
  private static final String FLEET = KnownProperties.identity(PREFIX) + ".";

  /** Stands in for a Prometheus URL that is missing, so that the other settings are checked. */
  private static final URI NO_URL = URI.create("http://prometheus");

  private FleetGates() {}

  /**
   * The gate the properties describe.
   *
   * <p>A fleet setting named by one of {@code earlier} (a value Boot could not convert, which
   * left the property's default) is not checked again: the gate compares the other settings with
   * a stand-in that passes, never with the default nobody wrote.
   *
   * @param p the properties
   * @param earlier the problems found before the properties were read ({@link
   *     StartupProblems#earlier})
   * @return the gate
   * @throws InvalidShipshapePropertiesException listing {@code earlier} and every problem of the
   *     gate, each naming its property, when a fleet property is among them
   */
  public static FleetGate build(ShipshapeFleetProperties p, List<ConfigProblem> earlier) {
    Set<String> named = StartupProblems.named(earlier);
    List<ConfigProblem> problems = new ArrayList<>();
    URI prometheus = p.getPrometheus();
    if (prometheus == null && !failed(named, "prometheus")) {
      // Boot binds an empty value as no URL
      problems.add(
          ConfigProblem.of(PREFIX + ".prometheus", "", "must be the URL of Prometheus' HTTP API"));
    }
    Duration queryTimeout =
        failed(named, "query-timeout") ? Duration.ofNanos(1) : p.getQueryTimeout();
    Duration pollInterval =
        failed(named, "poll-interval")
            ? queryTimeout.abs().plusNanos(1)
            : p.getPollInterval();
    FleetGate.Builder b =
        FleetGate.builder(prometheus == null ? NO_URL : prometheus)
            .pollInterval(pollInterval)
            .queryTimeout(queryTimeout)
            .maxSampleAge(p.getMaxSampleAge());
    p.getMatchers().forEach(b::matcher);
    p.getHeaders().forEach(b::header);
    for (ConfigProblem problem : b.problems()) {
      ConfigProblem property = PropertyPaths.under(PREFIX, problem);
      if (!named.contains(KnownProperties.identity(property.setting()))) {
        problems.add(property);
      }
    }
    if (problems.isEmpty() && named.stream().noneMatch(s -> s.startsWith(FLEET))) {
      return b.build();
    }
    List<ConfigProblem> all = new ArrayList<>(earlier);
    all.addAll(problems);
    throw new InvalidShipshapePropertiesException(all);
  }

  /** Whether a problem found before names the fleet property {@code name}. */
  private static boolean failed(Set<String> named, String name) {
    return named.contains(KnownProperties.identity(PREFIX + "." + name));
  }
}
