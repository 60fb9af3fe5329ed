package dev.shipshape.core.health;

import dev.shipshape.core.health.internal.Json;
import dev.shipshape.time.internal.JsonStrings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of one probe: its overall status and every check's latest result, renderable as
 * MicroProfile Health JSON with the matching HTTP status.
 *
 * @param probe the probe, or null for the combined report of all checks ({@code /health})
 * @param status the probe's status: the most severe status of its critical checks, adjusted for
 *     startup gating and draining
 * @param checks the checks' entries, in registration order
 * @param takenAt when the report was assembled, on the health clock
 */
public record HealthReport(
    @Nullable Probe probe, HealthStatus status, List<CheckReport> checks, Instant takenAt) {

  /**
   * Copies the list of checks.
   *
   * @param probe the probe or null
   * @param status the overall status
   * @param checks the check entries
   * @param takenAt when it was assembled
   */
  public HealthReport {
    checks = List.copyOf(checks);
  }

  /**
   * The HTTP status for this report: 200 when {@code UP}, 503 when {@code DOWN} or {@code
   * OUT_OF_SERVICE}. (500 is reserved for a failure of the probe machinery itself and is produced
   * by {@link HealthEndpoint}, never by a report.)
   *
   * @return 200 or 503
   */
  public int httpStatus() {
    return status == HealthStatus.UP ? 200 : 503;
  }

  /**
   * The entry of the named check.
   *
   * @param name a check name
   * @return the entry, or empty if the check is not part of this report
   */
  public Optional<CheckReport> check(String name) {
    for (CheckReport c : checks) {
      if (c.name().equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * This report as MicroProfile Health JSON. Without details it is just {@code
   * {"status":"UP"}}; with details it is {@code {"status":..,"checks":[{"name":..,"status":..,
   * "data":{..}}]}}, where {@code data} holds the check's own details followed by {@code message}
   * (when there is one), {@code durationMs}, {@code ageMs} and, for a non-critical check, {@code
   * "critical":false}. A check detail with one of these names takes precedence.
   *
   * @param includeDetails whether to list the checks
   * @return compact JSON text
   */
  public String toJson(boolean includeDetails) {
    StringBuilder out = new StringBuilder(64);
    out.append("{\"status\":");
    JsonStrings.append(out, status.name());
    if (includeDetails) {
      out.append(",\"checks\":[");
      boolean firstCheck = true;
      for (CheckReport c : checks) {
        if (!firstCheck) {
          out.append(',');
        }
        firstCheck = false;
        out.append("{\"name\":");
        JsonStrings.append(out, c.name());
        out.append(",\"status\":");
        JsonStrings.append(out, c.status().name());
        out.append(",\"data\":{");
        boolean first = true;
        for (Map.Entry<String, Object> d : c.details().entrySet()) {
          first = Json.appendMember(out, first, d.getKey(), d.getValue());
        }
        if (c.message() != null && !c.details().containsKey("message")) {
          first = Json.appendMember(out, first, "message", c.message());
        }
        if (!c.details().containsKey("durationMs")) {
          first = Json.appendMember(out, first, "durationMs", c.duration().toMillis());
        }
        if (!c.details().containsKey("ageMs")) {
          first = Json.appendMember(out, first, "ageMs", c.age().toMillis());
        }
        if (!c.critical() && !c.details().containsKey("critical")) {
          Json.appendMember(out, first, "critical", Boolean.FALSE);
        }
        out.append("}}");
      }
      out.append(']');
    }
    out.append('}');
    return out.toString();
  }
}
