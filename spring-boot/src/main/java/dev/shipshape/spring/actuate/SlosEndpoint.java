package dev.shipshape.spring.actuate;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.slo.AlertState;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code slos} Actuator endpoint: each SLO's snapshot (SLI, error budget, burn rates) and the
 * state of its burn-rate alerts. Read-only.
 */
@Endpoint(id = "slos")
public final class SlosEndpoint {

  private final Shipshape shipshape;

  /**
   * Creates the endpoint.
   *
   * @param shipshape the application's Shipshape
   */
  public SlosEndpoint(Shipshape shipshape) {
    this.shipshape = shipshape;
  }

  /**
   * Every SLO.
   *
   * @return the SLOs by name
   */
  @ReadOperation
  public Map<String, Object> slos() {
    Map<String, Object> slos = new LinkedHashMap<>();
    for (Slo slo : shipshape.slos()) {
      slos.put(slo.name(), slo(slo));
    }
    return Map.of("slos", slos);
  }

  /**
   * One SLO.
   *
   * @param name the SLO's name
   * @return the SLO, or null (404) when no SLO has that name
   */
  @ReadOperation
  public @Nullable Map<String, @Nullable Object> slo(@Selector String name) {
    for (Slo slo : shipshape.slos()) {
      if (slo.name().equals(name)) {
        return slo(slo);
      }
    }
    return null;
  }

  private static Map<String, @Nullable Object> slo(Slo slo) {
    SloSnapshot s = slo.snapshot();
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("objective", Json.number(s.objective()));
    m.put("window", MeterCatalogue.window(s.window()));
    m.put("budgeting", s.budgeting().name());
    m.put("good", s.counts().good());
    m.put("bad", s.counts().bad());
    m.put("sli", Json.number(s.sli()));
    m.put("budgetRemaining", Json.number(s.budgetRemaining()));
    m.put("exhausted", s.exhausted());
    m.put("noData", s.noData());
    m.put("burnRate", Json.number(s.burnRate()));
    m.put("currentBurnRate", Json.number(s.currentBurnRate()));
    m.put("timeToExhaustion", Json.value(s.timeToExhaustion()));
    m.put("at", s.at().toString());
    List<Object> alerts = new ArrayList<>();
    for (AlertState a : slo.alertStates()) {
      Map<String, @Nullable Object> am = new LinkedHashMap<>();
      am.put("severity", a.alert().severity().label());
      am.put("longWindow", MeterCatalogue.window(a.alert().longWindow()));
      am.put("shortWindow", MeterCatalogue.window(a.alert().shortWindow()));
      am.put("factor", Json.number(a.alert().factor()));
      am.put("firing", a.firing());
      am.put("longBurnRate", Json.number(a.longBurnRate()));
      am.put("shortBurnRate", Json.number(a.shortBurnRate()));
      am.put("since", Json.value(a.since()));
      alerts.add(am);
    }
    m.put("alerts", alerts);
    return m;
  }
}
