package dev.shipshape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartServiceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private Path flags;
  private QuickstartService service;

  @BeforeEach
  void start() throws Exception {
    flags = dir.resolve("flags.json");
    service =
        QuickstartService.start(
            new QuickstartService.Options(
                InetAddress.getLoopbackAddress(), 0, 0, flags, Duration.ofMillis(100)));
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void checkoutPaysThroughTheGuardAndFeedsTheSlo() throws Exception {
    HttpResponse<String> r = get(service.port(), "/checkout?user=alice");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("paid");
    assertThat(body.get("path").asText()).isIn("old", "new");
    assertThat(body.get("receipt").asText()).startsWith("rcpt-");

    JsonNode slos = JSON.readTree(get(service.port(), "/slos").body());
    assertThat(slos.get(0).get("name").asText()).isEqualTo("checkout");
    assertThat(slos.get(0).get("good").asLong()).isEqualTo(1);
    assertThat(slos.get(0).get("alerts")).hasSize(4);
  }

  @Test
  void writesTheDefaultFlagFileAndReloadsItWhenEdited() throws Exception {
    assertThat(Files.readString(flags)).contains("\"new-checkout\"");
    JsonNode before = JSON.readTree(get(service.port(), "/flags?user=bob").body());
    assertThat(before.at("/sources/0/status").asText()).isEqualTo("FRESH");
    assertThat(before.at("/flags/payments-failure-rate/value").asDouble()).isZero();

    Files.writeString(
        flags,
        QuickstartService.DEFAULT_FLAGS
            .replace("\"defaultVariant\": \"none\"", "\"defaultVariant\": \"all\"")
            .replace("[ \"on\", 10 ], [ \"off\", 90 ]", "[ \"on\", 100 ], [ \"off\", 0 ]"));

    JsonNode after =
        await(
            "/flags?user=bob",
            n -> n.at("/flags/payments-failure-rate/value").asDouble() == 1.0);
    assertThat(after.at("/flags/new-checkout/value").asBoolean()).isTrue();
    assertThat(after.at("/flags/new-checkout/reason").asText()).isEqualTo("SPLIT");

    HttpResponse<String> failing = get(service.port(), "/checkout?user=bob");
    assertThat(failing.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(failing.body()).get("path").asText()).isEqualTo("new");
  }

  @Test
  void aFlagFileThatDoesNotParseIsRefusedAndTheLastGoodFlagsStayInUse() throws Exception {
    JsonNode before = JSON.readTree(get(service.port(), "/flags?user=bob").body());
    String brokenEdit =
        QuickstartService.DEFAULT_FLAGS
            .replace("\"defaultVariant\": \"none\"", "\"defaultVariant\": \"all\"")
            .substring(0, QuickstartService.DEFAULT_FLAGS.length() / 2); // saved half-written
    Files.writeString(flags, brokenEdit);

    JsonNode after =
        await("/flags?user=bob", n -> n.at("/sources/0/status").asText().equals("STALE"));
    assertThat(after.at("/sources/0/lastError").asText()).contains("line").contains("column");
    assertThat(after.at("/flags")).isEqualTo(before.at("/flags"));
    assertThat(get(service.port(), "/checkout?user=bob").statusCode()).isEqualTo(200);

    Files.writeString(
        flags, QuickstartService.DEFAULT_FLAGS.replace("[ \"on\", 10 ]", "[ \"on\", 11 ]"));
    JsonNode fixed =
        await("/flags?user=bob", n -> n.at("/sources/0/status").asText().equals("FRESH"));
    assertThat(fixed.at("/sources/0/lastError").isNull()).isTrue();
  }

  @Test
  void theKillSwitchFlagTurnsPaymentsOff() throws Exception {
    Files.writeString(
        flags,
        QuickstartService.DEFAULT_FLAGS.replace(
            "\"variants\": { \"on\": true, \"off\": false },\n      \"defaultVariant\": \"on\"",
            "\"variants\": { \"on\": true, \"off\": false },\n      \"defaultVariant\": \"off\""));
    await("/flags", n -> !n.at("/flags/payments-enabled/value").asBoolean(true));
    HttpResponse<String> r = get(service.port(), "/checkout?user=carol");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(r.body()).get("outcome").asText()).isEqualTo("disabled_by_flag");
  }

  @Test
  void healthProbesAnswerOnTheirOwnPort() throws Exception {
    assertThat(service.healthPort()).isNotEqualTo(service.port());
    HttpResponse<String> ready = get(service.healthPort(), "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.get("checks").findValuesAsText("name"))
        .contains("event-loop", "circuit-breaker:payments", "flag-sources", "slo-budget:checkout");
    assertThat(get(service.healthPort(), "/health/live").statusCode()).isEqualTo(200);
    assertThat(get(service.healthPort(), "/health/started").statusCode()).isEqualTo(200);
    assertThat(get(service.port(), "/health/ready").statusCode()).isEqualTo(404);
  }

  @Test
  void prometheusScrapeHasTheSloCounterTheRulesRead() throws Exception {
    assertThat(get(service.port(), "/checkout?user=dave").statusCode()).isEqualTo(200);
    String scrape = get(service.port(), "/metrics").body();
    assertThat(scrape)
        .containsPattern(
            "shipshape_slo_events_total\\{[^}]*outcome=\"good\"[^}]*slo=\"checkout\"[^}]*\\} 1");
    String rules = get(service.port(), "/rules").body();
    assertThat(rules).contains("shipshape_slo_events_total{slo=\"checkout\"");
  }

  @Test
  void slosJsonNamesWindowsAndSeveritiesAsTheMetricsAndRulesDo() throws Exception {
    // Regression: /slos said "PT1H" and "PAGE" where the metrics and rules say "1h" and "page".
    String scrape = get(service.port(), "/metrics").body();
    String rules = get(service.port(), "/rules").body();
    JsonNode slo = JSON.readTree(get(service.port(), "/slos").body()).get(0);
    assertThat(rules).contains("sloth_window: \"" + slo.get("window").asText() + "\"");
    assertThat(slo.get("alerts")).hasSize(4);
    for (JsonNode alert : slo.get("alerts")) {
      String series =
          "shipshape_slo_alert_firing{long_window=\"" + alert.get("longWindow").asText()
              + "\",severity=\"" + alert.get("severity").asText()
              + "\",short_window=\"" + alert.get("shortWindow").asText()
              + "\",slo=\"checkout\"}";
      assertThat(scrape).as("the /metrics series of %s", alert).contains(series);
      assertThat(rules)
          .contains(
              "sloth_severity: " + alert.get("severity").asText() + "\n      long_window: \""
                  + alert.get("longWindow").asText() + "\"\n      short_window: \""
                  + alert.get("shortWindow").asText() + "\"\n      burn_rate_factor: \"");
      assertThat(alert.has("factor")).isTrue();
    }
  }

  private JsonNode await(String path, Predicate<JsonNode> condition) {
    return Awaitility.await("GET " + path + " shows the edited flag file")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> JSON.readTree(get(service.port(), path).body()), condition);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
