package dev.shipshape.spring.actuate;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.flags.FlagUsageReport;
import dev.shipshape.flags.SourceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;

/**
 * The {@code flags} Actuator endpoint: every flag's definition state and usage, each source's
 * freshness, and a stale-flag report (flags never evaluated or not evaluated for a while, and
 * unknown keys the application asked for). Read-only.
 */
@Endpoint(id = "flags")
public final class FlagsEndpoint {

  private final Shipshape shipshape;
  private final Duration staleAfter;

  /**
   * Creates the endpoint.
   *
   * @param shipshape the application's Shipshape
   * @param staleAfter flags not evaluated for this long are reported stale
   */
  public FlagsEndpoint(Shipshape shipshape, Duration staleAfter) {
    this.shipshape = shipshape;
    this.staleAfter = staleAfter;
  }

  /**
   * Every flag, the sources and the stale-flag report.
   *
   * @return the report as JSON-ready maps
   */
  @ReadOperation
  public Map<String, Object> flags() {
    FlagSet set = shipshape.flags().flagSet();
    FlagUsageReport usage = shipshape.flags().usage();
    Map<String, FlagUsageReport.Entry> byKey = new HashMap<>();
    for (FlagUsageReport.Entry e : usage.flags()) {
      byKey.put(e.key(), e);
    }
    Map<String, Object> flags = new LinkedHashMap<>();
    for (String key : new TreeSet<>(set.keys())) {
      set.definition(key).ifPresent(d -> flags.put(key, flag(d, byKey.get(key))));
    }
    List<Object> sources = new ArrayList<>();
    for (SourceState s : shipshape.flags().sourceStates()) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("name", s.sourceName());
      m.put("status", s.status().name());
      m.put("lastLoaded", Json.value(s.lastLoaded()));
      m.put("staleSince", Json.value(s.staleSince()));
      m.put("lastError", s.lastError());
      sources.add(m);
    }
    Map<String, Object> stale = new LinkedHashMap<>();
    stale.put("neverEvaluated", sorted(usage.neverEvaluated()));
    stale.put("notEvaluatedFor", staleAfter.toString());
    stale.put("notEvaluatedRecently", sorted(usage.notEvaluatedSince(staleAfter)));
    stale.put("unknownKeysRequested", sorted(usage.unknownKeysRequested()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("flags", flags);
    out.put("sources", sources);
    out.put("stale", stale);
    out.put("asOf", usage.asOf().toString());
    return out;
  }

  /**
   * One flag's definition state and usage.
   *
   * @param key the flag's key, in the path's segments ({@code /actuator/flags/team/checkout} for
   *     the key {@code team/checkout}: servers refuse an encoded slash)
   * @return the flag, or null (404) when no flag has that key
   */
  @ReadOperation
  public @Nullable Map<String, Object> flag(@Selector(match = Match.ALL_REMAINING) String... key) {
    return flag(String.join("/", key));
  }

  private @Nullable Map<String, Object> flag(String key) {
    Optional<FlagDefinition> d = shipshape.flags().flagSet().definition(key);
    if (d.isEmpty()) {
      return null;
    }
    FlagUsageReport.Entry entry = null;
    for (FlagUsageReport.Entry e : shipshape.flags().usage().flags()) {
      if (e.key().equals(key)) {
        entry = e;
      }
    }
    return flag(d.get(), entry);
  }

  private static Map<String, Object> flag(FlagDefinition d, FlagUsageReport.@Nullable Entry usage) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", d.state().name());
    m.put("variants", List.copyOf(d.variants().keySet()));
    d.defaultVariant().ifPresent(v -> m.put("defaultVariant", v));
    m.put("targeting", d.hasTargeting());
    if (!d.metadata().isEmpty()) {
      m.put("metadata", Json.value(d.metadata()));
    }
    if (usage != null) {
      m.put("evaluations", usage.evaluations());
      if (usage.lastEvaluated() != null) {
        m.put("lastEvaluated", usage.lastEvaluated().toString());
      }
    }
    return m;
  }

  private static List<String> sorted(java.util.Collection<String> keys) {
    return List.copyOf(new TreeSet<>(keys));
  }
}
