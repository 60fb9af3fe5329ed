package dev.shipshape.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.flags.SourceState;
import dev.shipshape.slo.AlertState;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The quickstart service's HTTP side: the JSON views of {@code /flags} and {@code /slos}, query
 * parameters and responses.
 */
final class QuickstartHttp {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private QuickstartHttp() {}

  /**
   * The body of {@code /flags}: the flag sources' states and every flag evaluated for {@code
   * user}, with its rollout when one moves it.
   */
  static Map<String, Object> flags(Shipshape ship, String user) {
    EvaluationContext ctx = EvaluationContext.of(user);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", user);
    List<Map<String, Object>> sources = new ArrayList<>();
    for (SourceState s : ship.flags().sourceStates()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.sourceName());
      m.put("status", s.status().name());
      m.put("lastLoaded", s.lastLoaded() == null ? null : s.lastLoaded().toString());
      m.put("lastError", s.lastError());
      sources.add(m);
    }
    body.put("sources", sources);
    Map<String, Object> flags = new LinkedHashMap<>();
    FlagSet flagSet = ship.flags().flagSet();
    for (String key : new TreeSet<>(flagSet.keys())) {
      FlagDefinition def = flagSet.definition(key).orElseThrow();
      EvaluationDetails<?> d = evaluate(ship, key, def, ctx);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("state", def.state().name());
      m.put("value", d.value());
      m.put("variant", d.variant());
      m.put("reason", d.reason().name());
      m.put("defaultVariant", def.defaultVariant().orElse(null));
      m.put("variants", new ArrayList<>(def.variants().keySet()));
      ship.rollouts()
          .find(key)
          .ifPresent(
              r -> m.put("rollout", Map.of("state", r.state().name(), "percent", r.percent())));
      flags.put(key, m);
    }
    body.put("flags", flags);
    return body;
  }

  /** Evaluates a flag with the type of its variants, so the value comes back as its own type. */
  private static EvaluationDetails<?> evaluate(
      Shipshape ship, String key, FlagDefinition def, EvaluationContext ctx) {
    Object sample = def.variants().values().stream().findFirst().orElse(null);
    if (sample instanceof Boolean) {
      return ship.flags().booleanDetails(key, false, ctx);
    }
    if (sample instanceof Number) {
      return ship.flags().doubleDetails(key, 0.0, ctx);
    }
    if (sample instanceof String) {
      return ship.flags().stringDetails(key, "", ctx);
    }
    return ship.flags().objectDetails(key, Map.of(), ctx);
  }

  /** The body of {@code /slos}: every SLO's snapshot and alert states. */
  static List<Map<String, Object>> slos(Shipshape ship) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Slo s : ship.slos()) {
      SloSnapshot snap = s.snapshot();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("service", s.definition().service());
      m.put("objective", snap.objective());
      m.put("window", MeterCatalogue.window(snap.window()));
      m.put("good", snap.counts().good());
      m.put("bad", snap.counts().bad());
      m.put("sli", snap.sli());
      m.put("budgetRemaining", snap.budgetRemaining());
      m.put("burnRate", snap.burnRate());
      m.put("currentBurnRate", snap.currentBurnRate());
      m.put("exhausted", snap.exhausted());
      List<Map<String, Object>> alerts = new ArrayList<>();
      for (AlertState a : s.alertStates()) {
        Map<String, Object> am = new LinkedHashMap<>();
        am.put("severity", a.alert().severity().label());
        am.put("longWindow", MeterCatalogue.window(a.alert().longWindow()));
        am.put("shortWindow", MeterCatalogue.window(a.alert().shortWindow()));
        am.put("factor", a.alert().factor());
        am.put("longBurnRate", a.longBurnRate());
        am.put("shortBurnRate", a.shortBurnRate());
        am.put("firing", a.firing());
        alerts.add(am);
      }
      m.put("alerts", alerts);
      out.add(m);
    }
    return out;
  }

  /** The request's query parameters, decoded, in their order. */
  static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = exchange.getRequestURI().getRawQuery();
    if (q == null) {
      return out;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Sends {@code body} as the response, not to be cached. */
  static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Sends {@code body} as indented JSON. */
  static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsString(body));
  }
}
