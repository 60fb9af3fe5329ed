package dev.shipshape.spring.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.CircuitBreakerSnapshot;
import dev.shipshape.core.guard.Guard;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.spring.testkit.RunningApp;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    classes = CheckoutApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,flags,slos,rollouts",
      "management.endpoint.health.show-details=always",
      // Spring Boot 4.0.x puts every contributor in a probe group configured without include.
      "management.endpoint.health.group.liveness.include=livenessState",
      "management.endpoint.health.group.liveness.show-details=always",
      "management.endpoint.health.group.readiness.include=readinessState",
      "management.endpoint.health.group.readiness.show-details=always",
      "shipshape.flags.poll-interval=100ms",
      "shipshape.health.checks.event-loop.probes=liveness",
      "shipshape.health.checks.slow-dependency.timeout=300ms",
      "shipshape.health.checks.slow-dependency.critical=false",
      "shipshape.slo.definitions.checkout.objective=0.999",
      "shipshape.guards.payments.circuit-breaker.enabled=true",
      "shipshape.guards.payments.slo=checkout",
      "shipshape.guards.inventory.circuit-breaker.enabled=true",
      "shipshape.guards.inventory.circuit-breaker.sliding-window-size=2",
      "shipshape.guards.inventory.circuit-breaker.minimum-number-of-calls=2",
      "shipshape.rollouts.new-checkout.steps=10,50,100",
      "shipshape.rollouts.new-checkout.every=1h",
      "shipshape.rollouts.new-checkout.halt-on=checkout"
    })
class ShipshapeWebApplicationTest {

  private static final Path DIR = tempDir();
  private static final Path FLAGS = DIR.resolve("flags.json");

  @DynamicPropertySource
  static void flagFile(DynamicPropertyRegistry registry) throws IOException {
    write(FLAGS, "hello");
    registry.add("shipshape.flags.sources[0]", () -> "file:" + FLAGS);
  }

  @LocalServerPort int port;
  @Autowired Shipshape shipshape;
  @Autowired MeterRegistry meters;

  private final RunningApp app = RunningApp.onPort(() -> port);

  @AfterEach
  void restore() {
    CheckoutApplication.DB_UP.set(true);
    CheckoutApplication.EVENT_LOOP_OK.set(true);
    shipshape.health().undrain();
  }

  @AfterAll
  static void releaseHungCheck() {
    CheckoutApplication.RELEASE_SLOW.countDown();
    // The cached context still polls the file until the JVM ends: delete it then.
    DIR.toFile().deleteOnExit();
    FLAGS.toFile().deleteOnExit();
  }

  @Test
  void readinessShowsShipshapeChecksAndAnswersAHungCheckWithinItsTimeout() throws Exception {
    HttpResponse<String> response = app.get("/actuator/health/readiness");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    DocumentContext json = JsonPath.parse(response.body());
    assertThat(json.read("$.status", String.class)).isEqualTo("UP");
    String checks = "$.components.shipshape.components.readiness.components";
    assertThat(json.read(checks + ".db.status", String.class)).isEqualTo("UP");
    assertThat(json.read(checks + ".slow-dependency.status", String.class)).isEqualTo("DEGRADED");
    assertThat(json.read(checks + ".slow-dependency.details.message", String.class))
        .contains("timed out");
    assertThat(json.read(checks + ".slow-dependency.details.critical", Boolean.class)).isFalse();
    assertThat(json.read("$.components.readinessState.status", String.class)).isEqualTo("UP");
    Map<String, Object> readinessChecks = json.read(checks);
    assertThat(readinessChecks).doesNotContainKey("event-loop");
  }

  @Test
  void requestsSentAtOnceWhileACheckStaysHungAreEachAnsweredAndLeaveTheOtherChecksUp()
      throws Exception {
    List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      requests.add(app.getAsync(i % 3 == 0 ? "/actuator/health" : "/actuator/health/readiness"));
    }
    String checks = "$.components.shipshape.components.readiness.components";
    for (CompletableFuture<HttpResponse<String>> request : requests) {
      HttpResponse<String> response = request.get(20, TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      DocumentContext json = JsonPath.parse(response.body());
      assertThat(json.read(checks + ".db.status", String.class)).isEqualTo("UP");
      assertThat(json.read(checks + ".slow-dependency.details.message", String.class))
          .as(response.body())
          .contains("timed out");
    }
  }

  @Test
  void livenessHoldsOnlyLivenessChecksAndGoesDownWhenOneFails() throws Exception {
    HttpResponse<String> up = app.get("/actuator/health/liveness");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    Map<String, Object> checks =
        JsonPath.parse(up.body()).read("$.components.shipshape.components.liveness.components");
    assertThat(checks).containsOnlyKeys("event-loop");
    CheckoutApplication.EVENT_LOOP_OK.set(false);
    HttpResponse<String> down = app.get("/actuator/health/liveness");
    assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
    DocumentContext json = JsonPath.parse(down.body());
    assertThat(json.read("$.status", String.class)).isEqualTo("DOWN");
    assertThat(
            json.read(
                "$.components.shipshape.components.liveness.components.event-loop.details.message",
                String.class))
        .isEqualTo("stalled");
  }

  @Test
  void aFailingCriticalReadinessCheckTakesReadinessDown() throws Exception {
    CheckoutApplication.DB_UP.set(false);
    HttpResponse<String> response = app.get("/actuator/health/readiness");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(JsonPath.parse(response.body()).read("$.status", String.class)).isEqualTo("DOWN");
    HttpResponse<String> liveness = app.get("/actuator/health/liveness");
    assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
  }

  @Test
  void anOpenCircuitBreakerLeavesReadinessUp() throws Exception {
    Guard inventory = shipshape.guard("inventory");
    for (int i = 0; i < 2; i++) {
      inventory.call(
          () -> {
            throw new IllegalStateException("inventory down");
          },
          e -> "unknown");
    }
    assertThat(inventory.circuitBreaker().orElseThrow().state())
        .isEqualTo(CircuitBreakerSnapshot.State.OPEN);
    HttpResponse<String> response = app.get("/actuator/health/readiness");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    DocumentContext json = JsonPath.parse(response.body());
    assertThat(json.read("$.status", String.class)).isEqualTo("UP");
    Map<String, Object> breaker =
        json.read(
            "$.components.shipshape.components.readiness.components['circuit-breaker:inventory']");
    assertThat(breaker).containsEntry("status", "DEGRADED");
  }

  @Test
  void drainingShipshapeTakesBootReadinessOutOfService() throws Exception {
    shipshape.health().drain();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(app.get("/actuator/health/readiness").statusCode()).isEqualTo(503));
    DocumentContext json = JsonPath.parse(app.get("/actuator/health/readiness").body());
    assertThat(json.read("$.components.readinessState.status", String.class))
        .isEqualTo("OUT_OF_SERVICE");
    shipshape.health().undrain();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(app.get("/actuator/health/readiness").statusCode()).isEqualTo(200));
  }

  @Test
  void aFlagFileEditedOnDiskChangesTheControllersAnswer() throws Exception {
    assertThat(app.get("/greeting").body()).isEqualTo("hello");
    write(FLAGS, "bonjour");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(app.get("/greeting").body()).isEqualTo("bonjour"));
    write(FLAGS, "hello");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(app.get("/greeting").body()).isEqualTo("hello"));
  }

  @Test
  void flagsEndpointReportsDefinitionsSourcesAndStaleFlags() throws Exception {
    app.get("/greeting");
    HttpResponse<String> response = app.get("/actuator/flags");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    DocumentContext json = JsonPath.parse(response.body());
    assertThat(json.read("$.flags.greeting.state", String.class)).isEqualTo("ENABLED");
    assertThat(json.read("$.flags.greeting.defaultVariant", String.class)).isIn("hello", "bonjour");
    assertThat(json.read("$.flags.greeting.evaluations", Long.class)).isPositive();
    assertThat(json.read("$.flags.new-checkout.targeting", Boolean.class)).isTrue();
    assertThat(json.read("$.sources[0].status", String.class)).isEqualTo("FRESH");
    assertThat(json.read("$.sources[0].lastError", String.class)).isNull();
    List<String> never = json.read("$.stale.neverEvaluated");
    assertThat(never).doesNotContain("greeting");
    assertThat(json.read("$.stale.notEvaluatedFor", String.class)).isEqualTo("PT168H");
    assertThat(app.get("/actuator/flags/greeting").statusCode()).isEqualTo(200);
    assertThat(app.get("/actuator/flags/no-such-flag").statusCode()).isEqualTo(404);
  }

  @Test
  void slosEndpointReportsBudgetsAndAlerts() throws Exception {
    shipshape.slo("checkout").record(true);
    HttpResponse<String> response = app.get("/actuator/slos");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    DocumentContext json = JsonPath.parse(response.body());
    assertThat(json.read("$.slos.checkout.objective", Double.class)).isEqualTo(0.999);
    // windows and severities as the meters, the rules and the logs write them
    assertThat(json.read("$.slos.checkout.window", String.class)).isEqualTo("4w");
    assertThat(json.read("$.slos.checkout.good", Long.class)).isPositive();
    assertThat(json.read("$.slos.checkout.exhausted", Boolean.class)).isFalse();
    List<String> severities = json.read("$.slos.checkout.alerts[*].severity");
    assertThat(severities).containsExactly("page", "page", "ticket", "ticket");
    List<Boolean> firing = json.read("$.slos.checkout.alerts[*].firing");
    assertThat(firing).containsOnly(false);
    List<Map<String, Object>> alerts = json.read("$.slos.checkout.alerts");
    for (Map<String, Object> alert : alerts) {
      assertThat(
              meters
                  .get(MeterCatalogue.SLO_ALERT_FIRING.name())
                  .tags(
                      "slo", "checkout",
                      "severity", String.valueOf(alert.get("severity")),
                      "long_window", String.valueOf(alert.get("longWindow")),
                      "short_window", String.valueOf(alert.get("shortWindow")))
                  .gauge()
                  .value())
          .as("the gauge of the pair %s", alert)
          .isZero();
    }
    assertThat(app.get("/actuator/slos/checkout").statusCode()).isEqualTo(200);
    assertThat(app.get("/actuator/slos/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void rolloutsEndpointShowsStateAndPausesAndResumesOverHttp() throws Exception {
    DocumentContext before = JsonPath.parse(app.get("/actuator/rollouts").body());
    assertThat(before.read("$.rollouts.new-checkout.state", String.class)).isEqualTo("RUNNING");
    List<Double> steps = before.read("$.rollouts.new-checkout.steps");
    assertThat(steps).containsExactly(10.0, 50.0, 100.0);

    HttpResponse<String> paused =
        app.postJson("/actuator/rollouts/new-checkout", "{\"action\":\"pause\"}");
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    DocumentContext json = JsonPath.parse(paused.body());
    assertThat(json.read("$.changed", Boolean.class)).isTrue();
    assertThat(json.read("$.rollout.state", String.class)).isEqualTo("PAUSED");
    assertThat(shipshape.rollouts().get("new-checkout").state().name()).isEqualTo("PAUSED");
    List<String> transitions =
        JsonPath.parse(app.get("/actuator/rollouts/new-checkout").body())
            .read("$.history[*].transition");
    assertThat(transitions).last().isEqualTo("PAUSED");

    HttpResponse<String> resumed =
        app.postJson("/actuator/rollouts/new-checkout", "{\"action\":\"resume\"}");
    assertThat(JsonPath.parse(resumed.body()).read("$.rollout.state", String.class))
        .isEqualTo("RUNNING");
    assertThat(app.get("/actuator/rollouts/no-such-flag").statusCode()).isEqualTo(404);
  }

  @Test
  void rolloutsEndpointAnswersAnUnknownFlagWith404AndABadActionWith400AndItsReason()
      throws Exception {
    HttpResponse<String> unknown =
        app.postJson("/actuator/rollouts/no-such-flag", "{\"action\":\"pause\"}");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(JsonPath.parse(unknown.body()).read("$.message", String.class))
        .isEqualTo(
            "rollout was 'no-such-flag' but no flag with that key has a rollout; rollouts:"
                + " [new-checkout]");

    HttpResponse<String> bad =
        app.postJson("/actuator/rollouts/new-checkout", "{\"action\":\"explode\"}");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    DocumentContext json = JsonPath.parse(bad.body());
    assertThat(json.read("$.status", Integer.class)).isEqualTo(400);
    assertThat(json.read("$.message", String.class))
        .isEqualTo("action was 'explode' but must be pause, resume, advance or abort");

    // a huge action is shown by its beginning, not echoed whole
    HttpResponse<String> huge =
        app.postJson(
            "/actuator/rollouts/new-checkout", "{\"action\":\"" + "x".repeat(3_000_000) + "\"}");
    assertThat(huge.statusCode()).isEqualTo(400);
    assertThat(JsonPath.parse(huge.body()).read("$.message", String.class))
        .isEqualTo(
            "action was '" + "x".repeat(57) + "...' but must be pause, resume, advance or abort");

    // a huge key is shown by its beginning too
    HttpResponse<String> long404 =
        app.postJson("/actuator/rollouts/" + "k".repeat(4_000), "{\"action\":\"pause\"}");
    assertThat(long404.statusCode()).as(long404.body()).isEqualTo(404);
    assertThat(JsonPath.parse(long404.body()).read("$.message", String.class))
        .isEqualTo(
            "rollout was '" + "k".repeat(57) + "...' but no flag with that key has a rollout;"
                + " rollouts: [new-checkout]");

    HttpResponse<String> missing = app.postJson("/actuator/rollouts/new-checkout", "{}");
    assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
    assertThat(JsonPath.parse(missing.body()).read("$.message", String.class))
        .isEqualTo("action was '' but must be pause, resume, advance or abort");
    assertThat(shipshape.rollouts().get("new-checkout").state().name()).isEqualTo("RUNNING");
  }

  @Test
  void aBodyThatIsNotAJsonObjectOfStringsNeverChangesTheRollout() throws Exception {
    String path = "/actuator/rollouts/new-checkout";
    long pausedBefore = pausedEntries();
    HttpResponse<String> text = app.post(path, "text/plain", "{\"action\":\"pause\"}");
    assertThat(text.statusCode()).as(text.body()).isEqualTo(415);
    HttpResponse<String> form = app.post(path, "application/x-www-form-urlencoded", "action=pause");
    assertThat(form.statusCode()).as(form.body()).isEqualTo(415);
    for (String body :
        List.of(
            "{\"action\":",
            "[]",
            "\"pause\"",
            "{\"action\":[\"pause\"]}",
            "{\"action\":{\"name\":\"pause\"}}")) {
      HttpResponse<String> refused = app.postJson(path, body);
      assertThat(refused.statusCode()).as(body + " -> " + refused.body()).isEqualTo(400);
    }
    for (String body : List.of("{\"action\":null}", "{\"action\":5}", "{\"action\":true}")) {
      HttpResponse<String> refused = app.postJson(path, body);
      assertThat(refused.statusCode()).as(body + " -> " + refused.body()).isEqualTo(400);
      assertThat(JsonPath.parse(refused.body()).read("$.message", String.class))
          .as(body)
          .endsWith("but must be pause, resume, advance or abort");
    }
    assertThat(shipshape.rollouts().get("new-checkout").state().name()).isEqualTo("RUNNING");
    assertThat(pausedEntries()).isEqualTo(pausedBefore);
  }

  @Test
  void aFlagKeyInTheQueryReplacesTheOneInThePathAsTheReadmeWarns() throws Exception {
    HttpResponse<String> paused =
        app.postJson(
            "/actuator/rollouts/no-such-flag?flagKey=new-checkout", "{\"action\":\"pause\"}");
    try {
      assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
      assertThat(shipshape.rollouts().get("new-checkout").state().name()).isEqualTo("PAUSED");
    } finally {
      shipshape.rollouts().get("new-checkout").resume();
    }
  }

  @Test
  void pausesSentAtOnceChangeTheRolloutExactlyOnce() throws Exception {
    long pausedBefore = pausedEntries();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> pauses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        pauses.add(
            pool.submit(
                () -> app.postJson("/actuator/rollouts/new-checkout", "{\"action\":\"pause\"}")));
      }
      List<Boolean> changed = new ArrayList<>();
      for (Future<HttpResponse<String>> pause : pauses) {
        HttpResponse<String> response = pause.get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        changed.add(JsonPath.parse(response.body()).read("$.changed", Boolean.class));
      }
      assertThat(changed).hasSize(8).containsOnlyOnce(true);
      assertThat(pausedEntries()).as("one PAUSED entry in the history").isEqualTo(pausedBefore + 1);
    } finally {
      pool.shutdownNow();
      shipshape.rollouts().get("new-checkout").resume();
    }
  }

  private long pausedEntries() {
    return shipshape.rollouts().get("new-checkout").history().stream()
        .filter(e -> e.transition().name().equals("PAUSED"))
        .count();
  }

  static void write(Path file, String greeting) throws IOException {
    String json =
        "{\"flags\":{"
            + "\"greeting\":{\"state\":\"ENABLED\",\"variants\":{\"hello\":\"hello\","
            + "\"bonjour\":\"bonjour\"},\"defaultVariant\":\""
            + greeting
            + "\"},"
            + "\"new-checkout\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
            + "\"defaultVariant\":\"off\","
            + "\"targeting\":{\"fractional\":[[\"on\",0],[\"off\",100]]}}}}";
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, json, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("shipshape-spring");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
