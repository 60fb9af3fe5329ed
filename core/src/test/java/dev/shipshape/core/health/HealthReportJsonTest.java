package dev.shipshape.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MicroProfile Health JSON shape and string escaping, checked with a real JSON parser. */
class HealthReportJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static CheckReport check(String name, HealthStatus status, String message, Map<String, Object> details) {
    return new CheckReport(
        name, status, message, details, Duration.ofMillis(12), T, Duration.ofSeconds(3), true);
  }

  @Test
  void withoutDetailsOnlyTheStatusIsShown() {
    HealthReport r =
        new HealthReport(
            Probe.READINESS,
            HealthStatus.DOWN,
            List.of(check("db", HealthStatus.DOWN, "refused", Map.of())),
            T);
    assertThat(r.toJson(false)).isEqualTo("{\"status\":\"DOWN\"}");
  }

  @Test
  void withDetailsChecksHaveNameStatusAndData() throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("pool", "primary");
    details.put("active", 7);
    details.put("ratio", 0.25);
    details.put("ok", true);
    HealthReport r =
        new HealthReport(
            Probe.READINESS,
            HealthStatus.UP,
            List.of(
                check("db", HealthStatus.UP, null, details),
                new CheckReport(
                    "replica",
                    HealthStatus.DOWN,
                    "lagging",
                    Map.of(),
                    Duration.ZERO,
                    T,
                    Duration.ZERO,
                    false)),
            T);
    assertThat(r.toJson(true))
        .isEqualTo(
            "{\"status\":\"UP\",\"checks\":["
                + "{\"name\":\"db\",\"status\":\"UP\",\"data\":{\"pool\":\"primary\",\"active\":7,"
                + "\"ratio\":0.25,\"ok\":true,\"durationMs\":12,\"ageMs\":3000}},"
                + "{\"name\":\"replica\",\"status\":\"DOWN\",\"data\":{\"message\":\"lagging\","
                + "\"durationMs\":0,\"ageMs\":0,\"critical\":false}}]}");
    JsonNode parsed = MAPPER.readTree(r.toJson(true));
    assertThat(parsed.get("checks").get(0).get("data").get("active").asInt()).isEqualTo(7);
  }

  @Test
  void emptyProbeHasAnEmptyChecksArray() {
    HealthReport r = new HealthReport(Probe.LIVENESS, HealthStatus.UP, List.of(), T);
    assertThat(r.toJson(true)).isEqualTo("{\"status\":\"UP\",\"checks\":[]}");
  }

  @Test
  void specialCharactersAreEscaped() {
    String nasty = "a\"b\\c\nd\re\tf\u0000g\u001fh\u2028i/\u00e9\ud83d\ude00";
    HealthReport r =
        new HealthReport(
            Probe.LIVENESS,
            HealthStatus.DOWN,
            List.of(check(nasty, HealthStatus.DOWN, nasty, Map.of(nasty, nasty))),
            T);
    String json = r.toJson(true);
    assertThat(json)
        .contains("a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001fh\\u2028i/\u00e9\ud83d\ude00")
        .doesNotContain("\n")
        .doesNotContain("\u0000");
  }

  @Test
  void loneSurrogatesBecomeReplacementCharactersSoTheTextStaysValidUnicode() throws Exception {
    HealthReport r =
        new HealthReport(
            Probe.LIVENESS,
            HealthStatus.UP,
            List.of(check("x\ud800y\udc00", HealthStatus.UP, null, Map.of("x\ud800", 1))),
            T);
    assertThat(r.toJson(true)).contains("\"x\ufffdy\ufffd\"");
    assertThat(MAPPER.readTree(r.toJson(true)).get("checks").get(0).get("data").get("x\ufffd").asInt())
        .isEqualTo(1);
  }

  @Test
  void numbersThatJsonCannotRepresentAreWrittenAsStrings() throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("nan", Double.NaN);
    details.put("inf", Float.POSITIVE_INFINITY);
    details.put("big", new BigDecimal("12345678901234567890.5"));
    details.put("long", Long.MAX_VALUE);
    HealthReport r =
        new HealthReport(
            Probe.LIVENESS, HealthStatus.UP, List.of(check("n", HealthStatus.UP, null, details)), T);
    JsonNode data = MAPPER.readTree(r.toJson(true)).get("checks").get(0).get("data");
    assertThat(data.get("nan").asText()).isEqualTo("NaN");
    assertThat(data.get("inf").asText()).isEqualTo("Infinity");
    assertThat(r.toJson(true)).contains("\"big\":12345678901234567890.5");
    assertThat(data.get("long").asLong()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void anyStringRoundTripsThroughAJsonParser() {
    qt().withExamples(500)
        .forAll(strings().allPossible().ofLengthBetween(0, 40))
        .checkAssert(
            s -> {
              HealthReport r =
                  new HealthReport(
                      Probe.READINESS,
                      HealthStatus.DOWN,
                      List.of(check(s, HealthStatus.DOWN, s, Map.of("k" + s, s))),
                      T);
              JsonNode parsed;
              try {
                parsed = MAPPER.readTree(r.toJson(true));
              } catch (Exception e) {
                throw new AssertionError("not valid JSON for " + escapeForMessage(s), e);
              }
              JsonNode c = parsed.get("checks").get(0);
              String text = withLoneSurrogatesReplaced(s);
              assertThat(c.get("name").asText()).as(escapeForMessage(s)).isEqualTo(text);
              assertThat(c.get("data").get("k" + text).asText()).isEqualTo(text);
              assertThat(c.get("data").get("message").asText()).isEqualTo(text);
            });
  }

  /** The naive model of what survives: well-formed text as is, lone surrogates as U+FFFD. */
  private static String withLoneSurrogatesReplaced(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\ufffd');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String escapeForMessage(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
    return out.toString();
  }

  @Test
  void httpStatusIs200OnlyWhenUp() {
    assertThat(new HealthReport(null, HealthStatus.UP, List.of(), T).httpStatus()).isEqualTo(200);
    assertThat(new HealthReport(null, HealthStatus.DOWN, List.of(), T).httpStatus()).isEqualTo(503);
    assertThat(new HealthReport(null, HealthStatus.OUT_OF_SERVICE, List.of(), T).httpStatus())
        .isEqualTo(503);
  }
}
