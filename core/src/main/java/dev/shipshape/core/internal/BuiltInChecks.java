package dev.shipshape.core.internal;

import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.SourceState;
import dev.shipshape.flags.SourceStatus;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The health checks the facade registers itself. */
final class BuiltInChecks {

  private BuiltInChecks() {}

  /** DOWN while any flag source is stale or has never loaded; says which and since when. */
  static HealthCheck flagSources(Flags flags) {
    return () -> {
      List<SourceState> states = flags.sourceStates();
      List<String> bad = new ArrayList<>();
      for (SourceState s : states) {
        if (s.status() != SourceStatus.FRESH) {
          StringBuilder b = new StringBuilder(s.sourceName()).append(' ').append(s.status());
          if (s.staleSince() != null) {
            b.append(" since ").append(s.staleSince());
          }
          if (s.lastError() != null) {
            b.append(": ").append(s.lastError());
          }
          bad.add(b.toString());
        }
      }
      HealthStatus status = bad.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
      String message =
          bad.isEmpty() ? null : "serving stale or no flags from " + String.join("; ", bad);
      return new HealthResult(
          status, message, Map.of("sources", states.size(), "stale", bad.size()));
    };
  }

  /** DOWN while the SLO's error budget is exhausted; informational (registered non-critical). */
  static HealthCheck sloBudget(Slo slo) {
    return () -> {
      SloSnapshot s = slo.snapshot();
      HealthStatus status = s.exhausted() ? HealthStatus.DOWN : HealthStatus.UP;
      String message =
          s.exhausted()
              ? "error budget exhausted over " + MeterCatalogue.window(s.window())
              : null;
      return new HealthResult(
          status,
          message,
          Map.of(
              "budgetRemaining", s.budgetRemaining(),
              "sli", s.sli(),
              "burnRate", s.burnRate()));
    };
  }
}
