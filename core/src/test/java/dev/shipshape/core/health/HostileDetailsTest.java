package dev.shipshape.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.time.Scheduler;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Detail values whose accessors throw (a {@code Number} whose {@code doubleValue()} and {@code
 * toString()} fail, a value whose {@code toString()} fails) are shown as unreadable, and the probe
 * still answers with its checks' status: a broken check never breaks a probe.
 */
class HostileDetailsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  /** A number none of whose accessors can be read. */
  static final class BrokenGauge extends Number {
    private static final long serialVersionUID = 1L;

    @Override
    public int intValue() {
      throw new IllegalStateException("gauge closed");
    }

    @Override
    public long longValue() {
      throw new IllegalStateException("gauge closed");
    }

    @Override
    public float floatValue() {
      throw new IllegalStateException("gauge closed");
    }

    @Override
    public double doubleValue() {
      throw new IllegalStateException("gauge closed");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("gauge closed");
    }
  }

  /** A decimal whose text cannot be read, or would be anything but a number if it could. */
  static final class BrokenDecimal extends BigDecimal {
    private static final long serialVersionUID = 1L;

    BrokenDecimal() {
      super("1.5");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("no text");
    }
  }

  /** A big integer whose text is not a JSON number. */
  static final class InjectingInteger extends BigInteger {
    private static final long serialVersionUID = 1L;

    InjectingInteger() {
      super("42");
    }

    @Override
    public String toString() {
      return "1}],\"injected\":true,\"x\":[{";
    }
  }

  /** Any value whose string form cannot be read. */
  static final class Unprintable {
    @Override
    public String toString() {
      throw new UnsupportedOperationException("no text");
    }
  }

  private static final String UNREADABLE_GAUGE = BrokenGauge.class.getName() + " (unreadable)";

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Scheduler scheduler = Scheduler.system();
  private Health health;
  private HealthEndpoint endpoint;

  @AfterEach
  void tearDown() {
    if (endpoint != null) {
      endpoint.close();
    }
    if (health != null) {
      health.close();
    }
    scheduler.close();
  }

  private void serve(Health h) throws IOException {
    health = h;
    endpoint =
        HealthEndpoint.start(
            h,
            HealthEndpoint.Options.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .showDetails(true)
                .build());
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode data(String json, int check) throws IOException {
    return MAPPER.readTree(json).get("checks").get(check).get("data");
  }

  @Test
  void aNumberWhoseAccessorsThrowIsShownUnreadableOverHttpAndTheProbeKeepsItsStatus()
      throws Exception {
    serve(
        Health.builder()
            .scheduler(scheduler)
            .check(
                "pool",
                () -> HealthResult.up().withDetail("active", new BrokenGauge()).withDetail("max", 8),
                Probe.LIVENESS, Probe.READINESS)
            .check(
                "db",
                () -> HealthResult.down("refused").withDetail("lag", new BrokenGauge()),
                Probe.READINESS)
            .build());

    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
    JsonNode pool = data(live.body(), 0);
    assertThat(MAPPER.readTree(live.body()).get("status").asText()).isEqualTo("UP");
    assertThat(pool.get("active").asText()).isEqualTo(UNREADABLE_GAUGE);
    assertThat(pool.get("max").asInt()).isEqualTo(8);

    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
    assertThat(MAPPER.readTree(ready.body()).get("status").asText()).isEqualTo("DOWN");
    assertThat(data(ready.body(), 1).get("lag").asText()).isEqualTo(UNREADABLE_GAUGE);
    assertThat(data(ready.body(), 1).get("message").asText()).isEqualTo("refused");

    HttpResponse<String> all = get("/health");
    assertThat(all.statusCode()).as(all.body()).isEqualTo(503);
    assertThat(data(all.body(), 0).get("active").asText()).isEqualTo(UNREADABLE_GAUGE);
  }

  @Test
  void theReportOfADetailWhoseAccessorsThrowStillRendersAsJsonAndText() throws Exception {
    try (Health h =
        Health.builder()
            .scheduler(scheduler)
            .executor(Runnable::run)
            .check(
                "pool", () -> HealthResult.up().withDetail("active", new BrokenGauge()), Probe.LIVENESS)
            .build()) {
      HealthReport r = h.liveness();

      assertThat(r.status()).isEqualTo(HealthStatus.UP);
      assertThat(r.httpStatus()).isEqualTo(200);
      assertThat(data(r.toJson(true), 0).get("active").asText()).isEqualTo(UNREADABLE_GAUGE);
      assertThat(r.toJson(false)).isEqualTo("{\"status\":\"UP\"}");
      assertThat(r.toString()).contains("active=" + UNREADABLE_GAUGE);
      CheckReport pool = r.check("pool").orElseThrow();
      assertThat(pool.details().toString()).isEqualTo("{active=" + UNREADABLE_GAUGE + "}");
      assertThat(pool.details().get("active")).isInstanceOf(BrokenGauge.class);
    }
  }

  @Test
  void subclassedBigNumbersAreWrittenAsNumbersWhatEverTheirTextSays() throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("decimal", new BrokenDecimal());
    details.put("integer", new InjectingInteger());
    details.put("plain", new BigDecimal("12345678901234567890.5"));
    HealthReport r = report(details);

    String json = r.toJson(true);
    JsonNode data = data(json, 0);
    assertThat(data.get("decimal").asDouble()).isEqualTo(1.5);
    assertThat(data.get("integer").asDouble()).isEqualTo(42.0);
    assertThat(data.has("injected")).as(json).isFalse();
    assertThat(json).contains("\"plain\":12345678901234567890.5");
  }

  @Test
  void aValueWhoseToStringThrowsIsShownUnreadable() throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("owner", new Unprintable());
    details.put("ok", true);
    HealthReport r = report(details);

    JsonNode data = data(r.toJson(true), 0);
    assertThat(data.get("owner").asText()).isEqualTo(Unprintable.class.getName() + " (unreadable)");
    assertThat(data.get("ok").asBoolean()).isTrue();
    assertThat(r.checks().get(0).toString())
        .contains("owner=" + Unprintable.class.getName() + " (unreadable)");
  }

  @Test
  void aResultRefusesAValueOfAnotherTypeEvenWhenItsToStringThrows() {
    assertThatThrownBy(() -> HealthResult.up().withDetail("owner", new Unprintable()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "detail 'owner' was '"
                + Unprintable.class.getName()
                + " (unreadable)' but must be a String, Number or Boolean");
  }

  private static HealthReport report(Map<String, Object> details) {
    return new HealthReport(
        Probe.LIVENESS,
        HealthStatus.UP,
        List.of(
            new CheckReport(
                "c", HealthStatus.UP, null, details, Duration.ZERO, T, Duration.ZERO, true)),
        T);
  }
}
