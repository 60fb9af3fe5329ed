package dev.shipshape.core.health;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.testsupport.RawHttp;
import dev.shipshape.time.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The probe endpoint over real HTTP on an ephemeral loopback port, with the system scheduler. */
class HealthEndpointTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration SHORT = Duration.ofMillis(200);
  /** How long a read on a hand-written client's connection blocks before it fails. */
  private static final Duration RAW_TIMEOUT = Duration.ofSeconds(5);
  /** A request head that stops before its blank line. */
  private static final String HALF_SENT = "GET /health/live HTTP/1.1\r\nHost: x\r\n";
  /** The read timeout of the connection-cap tests: far longer than they wait for a drop. */
  private static final Duration CAP_READ_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger hungRuns = new AtomicInteger();
  private Scheduler scheduler = Scheduler.system();
  private Health health = Health.builder().scheduler(scheduler).build();
  private HealthEndpoint endpoint;

  @BeforeEach
  void setUp() throws IOException {
    health.close();
    health =
        Health.builder()
            .scheduler(scheduler)
            .check("heap", () -> HealthResult.up().withDetail("usedMb", 12), Probe.LIVENESS)
            .check("db", () -> HealthResult.down("connection \"refused\""), Probe.READINESS)
            .check("migrations", HealthResult::up, Probe.STARTUP)
            .build();
    endpoint = start(false);
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    endpoint.close();
    health.close();
    scheduler.close();
  }

  /** Serves, instead of the default checks, one check "hung" of {@code probe} that blocks. */
  private void restartWithHungCheck(Probe probe, boolean details) throws IOException {
    endpoint.close();
    health.close();
    health =
        Health.builder()
            .scheduler(scheduler)
            .check(
                "hung",
                () -> {
                  hungRuns.incrementAndGet();
                  release.await();
                  return HealthResult.up();
                },
                CheckOptions.builder().probes(probe).timeout(SHORT).build())
            .build();
    endpoint = start(details);
  }

  private HealthEndpoint start(boolean details) throws IOException {
    return HealthEndpoint.start(
        health,
        HealthEndpoint.Options.builder()
            .address(InetAddress.getLoopbackAddress())
            .port(0)
            .showDetails(details)
            .build());
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
            .timeout(Duration.ofSeconds(3))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void livenessIsUpWith200AndOnlyTheStatusByDefault() throws Exception {
    HttpResponse<String> r = send("GET", "/health/live");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void readinessIsDownWith503() throws Exception {
    HttpResponse<String> r = send("GET", "/health/ready");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("{\"status\":\"DOWN\"}");
  }

  @Test
  void startupAnswers503UntilMarkedStartedThen200() throws Exception {
    assertThat(send("GET", "/health/started").statusCode()).isEqualTo(503);
    health.markStarted();
    assertThat(send("GET", "/health/started").statusCode()).isEqualTo(200);
  }

  @Test
  void kubernetesStyleAliasesServeTheSameProbes() throws Exception {
    health.markStarted();
    assertThat(send("GET", "/livez").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/readyz").statusCode()).isEqualTo(503);
    assertThat(send("GET", "/startupz").statusCode()).isEqualTo(200);
  }

  @Test
  void drainedReadinessAnswersOutOfService() throws Exception {
    HealthEndpoint.Options options = HealthEndpoint.Options.port(0);
    endpoint.close();
    health.close();
    health =
        Health.builder()
            .scheduler(scheduler)
            .check("ok", HealthResult::up, Probe.READINESS)
            .build();
    endpoint = HealthEndpoint.start(health, options);
    assertThat(send("GET", "/health/ready").statusCode()).isEqualTo(200);
    health.drain();
    HttpResponse<String> r = send("GET", "/health/ready");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
  }

  @Test
  void detailsAppearOnlyWhenConfigured() throws Exception {
    endpoint.close();
    endpoint = start(true);
    HttpResponse<String> r = send("GET", "/health/ready");
    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode body = MAPPER.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    JsonNode db = body.get("checks").get(0);
    assertThat(db.get("name").asText()).isEqualTo("db");
    assertThat(db.get("status").asText()).isEqualTo("DOWN");
    assertThat(db.get("data").get("message").asText()).isEqualTo("connection \"refused\"");

    JsonNode live = MAPPER.readTree(send("GET", "/health/live").body());
    assertThat(live.get("checks").get(0).get("data").get("usedMb").asInt()).isEqualTo(12);
  }

  @Test
  void combinedHealthListsEveryCheck() throws Exception {
    endpoint.close();
    endpoint = start(true);
    health.markStarted();
    HttpResponse<String> r = send("GET", "/health");
    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode checks = MAPPER.readTree(r.body()).get("checks");
    assertThat(checks).extracting(c -> c.get("name").asText())
        .containsExactly("heap", "db", "migrations");
  }

  @Test
  void headAnswersTheStatusWithoutABody() throws Exception {
    HttpResponse<String> up = send("HEAD", "/health/live");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).isEmpty();
    assertThat(send("HEAD", "/readyz").statusCode()).isEqualTo(503);
  }

  @Test
  void otherMethodsAre405AndUnknownPaths404() throws Exception {
    HttpResponse<String> post = send("POST", "/health/live");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(send("DELETE", "/health").statusCode()).isEqualTo(405);
    assertThat(send("GET", "/health/nope").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/").statusCode()).isEqualTo(404);
  }

  @Test
  void hungCheckIsAnsweredWithinItsTimeoutAndStartedOnlyOnce() throws Exception {
    restartWithHungCheck(Probe.READINESS, true);

    // the client gives up after 3 s, far less than a hung check would take
    HttpResponse<String> first = send("GET", "/health/ready");
    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.body()).contains("\"message\":\"timed out after 200ms\"");
    HttpResponse<String> second = send("GET", "/readyz");
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.body()).contains("timed out after 200ms");
    assertThat(hungRuns).hasValue(1);
  }

  @Test
  void concurrentRequestsOverAHungCheckAreAllAnsweredAndStartItOnce() throws Exception {
    restartWithHungCheck(Probe.LIVENESS, false);
    java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> responses =
        new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      responses.add(
          client.sendAsync(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + endpoint.port() + "/livez"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (java.util.concurrent.CompletableFuture<HttpResponse<String>> r : responses) {
      HttpResponse<String> response = r.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).isEqualTo("{\"status\":\"DOWN\"}");
    }
    assertThat(hungRuns).hasValue(1);
  }

  @Test
  void closingReleasesThePort() throws Exception {
    int port = endpoint.port();
    assertThat(port).isPositive();
    endpoint.close();
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(socket.isBound()).isTrue();
    }
  }

  @Test
  void optionsReportEveryProblemAtOnce() {
    assertThatThrownBy(() -> new HealthEndpoint.Options(null, -1, false, 65))
        .hasMessageContaining("port was '-1'")
        .hasMessageContaining("threads was '65'");
    assertThatThrownBy(() -> HealthEndpoint.Options.builder().port(70000).threads(0).build())
        .hasMessageContaining("port was '70000' but must be between 0 and 65535")
        .hasMessageContaining("threads was '0' but must be between 1 and 64");
  }

  @Test
  void failureOfTheProbeMachineryAnswers500() throws Exception {
    endpoint.close();
    health.close();
    health =
        Health.builder()
            .scheduler(scheduler)
            .check("ok", HealthResult::up, Probe.LIVENESS)
            .listener(
                new HealthListener() {
                  @Override
                  public void probeStatusChanged(ProbeStatusChange change) {
                    // a broken VM is the one failure that is not isolated
                    throw new OutOfMemoryError("simulated");
                  }
                })
            .build();
    endpoint = start(true);
    HttpResponse<String> r = send("GET", "/health/live");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"status\":\"DOWN\"}");
  }

  @Test
  void twoHundredIdleOrHalfSentConnectionsLeaveProbesAnsweredInTheirNormalTime()
      throws Exception {
    // Regression: two connections that sent "GET ... HTTP/1.1\r\nHost: x\r\n" and stopped held
    // both request threads of the JDK server indefinitely; about 120 stopped it accepting.
    java.util.List<java.net.Socket> hostile = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        hostile.add(RawHttp.open(endpoint.port(), i % 2 == 0 ? HALF_SENT : "", RAW_TIMEOUT));
      }
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r =
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(2), () -> send("GET", "/health/live"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"UP\"}");
      }
    } finally {
      for (java.net.Socket socket : hostile) {
        socket.close();
      }
    }
  }

  /** Serves, instead of the default checks, one UP liveness check of {@code health}'s timing. */
  private void restartWithOneCheck(Health.Builder timing, Duration readTimeout)
      throws IOException {
    endpoint.close();
    health.close();
    health = timing.check("ok", HealthResult::up, Probe.LIVENESS).build();
    endpoint =
        HealthEndpoint.start(
            health,
            HealthEndpoint.Options.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .readTimeout(readTimeout)
                .build());
  }

  /** A health on {@code clock}, with its scheduler, that runs checks on the calling thread. */
  private static Health.Builder onManualClock(
      dev.shipshape.time.ManualClock clock, Scheduler manual) {
    return Health.builder().clock(clock).scheduler(manual).executor(Runnable::run);
  }

  @Test
  void aRequestThatHasNotArrivedWholeWithinTheReadTimeoutIsDropped() throws Exception {
    dev.shipshape.time.ManualClock clock = dev.shipshape.time.ManualClock.create();
    Scheduler manual = Scheduler.forClock(clock);
    restartWithOneCheck(onManualClock(clock, manual), Duration.ofSeconds(3));
    try (java.net.Socket half = RawHttp.open(endpoint.port(), HALF_SENT, RAW_TIMEOUT);
        java.net.Socket idle = RawHttp.open(endpoint.port(), "", RAW_TIMEOUT)) {
      // connections are accepted in order: once a later one is answered, both were accepted
      assertThat(send("GET", "/livez").statusCode()).isEqualTo(200);
      clock.advance(Duration.ofMillis(2_999));
      half.setSoTimeout(300);
      assertThatThrownBy(() -> half.getInputStream().read())
          .as("still open just before the deadline")
          .isInstanceOf(java.net.SocketTimeoutException.class);
      clock.advance(Duration.ofMillis(1));
      half.setSoTimeout(5_000);
      idle.setSoTimeout(5_000);
      assertThat(half.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
      assertThat(idle.getInputStream().read()).isEqualTo(-1);
      // a whole request on a new connection is answered as usual
      assertThat(send("GET", "/livez").statusCode()).isEqualTo(200);
    } finally {
      manual.close();
    }
  }

  @Test
  @Timeout(60)
  void pastTheConnectionCapTheOldestUnfinishedConnectionGivesWayToTheNewcomer()
      throws Exception {
    restartWithOneCheck(Health.builder().scheduler(scheduler), CAP_READ_TIMEOUT);
    oldestUnfinishedGivesWayPastTheCap();
  }

  @Test
  @Timeout(60)
  void pastTheConnectionCapTheOldestGivesWayEvenWhenAllArrivedAtOneInstantOfTheHealthClock()
      throws Exception {
    // On a clock that does not move, every connection gets the same read deadline.
    dev.shipshape.time.ManualClock clock = dev.shipshape.time.ManualClock.create();
    Scheduler manual = Scheduler.forClock(clock);
    try {
      restartWithOneCheck(onManualClock(clock, manual), CAP_READ_TIMEOUT);
      oldestUnfinishedGivesWayPastTheCap();
    } finally {
      manual.close();
    }
  }

  /**
   * Opens 512 half-sent connections in order, then one more: the first is dropped for it, the rest
   * stay open, a new whole request drops the next oldest and is answered, and the newcomer is
   * answered once it sends the rest of its request. Reads wait a third of the read timeout, so
   * only the cap can close a connection in time.
   */
  private void oldestUnfinishedGivesWayPastTheCap() throws Exception {
    int cap = 512;
    Duration wait = CAP_READ_TIMEOUT.dividedBy(3);
    java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < cap; i++) {
        held.add(RawHttp.open(endpoint.port(), HALF_SENT, wait));
        if (i % 32 == 31 && i < cap - 32) {
          // answered, so every earlier connection was accepted, in order; few wait in the backlog
          assertThat(raw("GET /livez HTTP/1.1\r\n\r\n")).endsWith("{\"status\":\"UP\"}");
        }
      }
      java.net.Socket newcomer = RawHttp.open(endpoint.port(), HALF_SENT, wait);
      held.add(newcomer);
      assertDroppedWithoutAnswer(held.get(0));
      for (java.net.Socket open : held.subList(1, held.size())) {
        open.setSoTimeout(1);
        assertThatThrownBy(() -> open.getInputStream().read())
            .as("still open")
            .isInstanceOf(java.net.SocketTimeoutException.class);
      }
      assertThat(raw("GET /health/live HTTP/1.1\r\n\r\n"))
          .startsWith("HTTP/1.1 200 OK\r\n")
          .endsWith("{\"status\":\"UP\"}");
      assertDroppedWithoutAnswer(held.get(1));
      newcomer.setSoTimeout(Math.toIntExact(wait.toMillis()));
      RawHttp.write(newcomer.getOutputStream(), "\r\n");
      assertThat(new String(newcomer.getInputStream().readAllBytes(), ISO_8859_1))
          .startsWith("HTTP/1.1 200 OK\r\n")
          .endsWith("{\"status\":\"UP\"}");
    } finally {
      for (java.net.Socket socket : held) {
        socket.close();
      }
    }
  }

  /** Asserts the server closes {@code socket} before its read times out, sending nothing. */
  private static void assertDroppedWithoutAnswer(java.net.Socket socket) throws IOException {
    socket.setSoTimeout(Math.toIntExact(CAP_READ_TIMEOUT.dividedBy(3).toMillis()));
    try {
      assertThat(socket.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("still open after " + socket.getSoTimeout() + " ms", e);
    } catch (java.net.SocketException reset) {
      // closed by a reset: dropped as well
    }
  }

  @Test
  void malformedOversizedAndAbsoluteFormRequestsGetTheirOwnAnswers() throws Exception {
    assertThat(raw("NONSENSE\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n");
    assertThat(raw("GET /health/live SPDY/3\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(raw("GET /health/live HTTP/1.1\r\nX: " + "a".repeat(9_000) + "\r\n\r\n"))
        .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    assertThat(raw("GET http://localhost/health/live?x=1 HTTP/1.1\r\n\r\n"))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("Connection: close\r\n")
        .endsWith("{\"status\":\"UP\"}");
    assertThat(raw("HEAD /health/live HTTP/1.0\n\n"))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("Content-Length: 15\r\n")
        .endsWith("\r\n\r\n");
  }

  @Test
  void aRequestHeadOfExactly8KiBIsAnsweredAndOneByteMoreGets431() throws Exception {
    // The head counts every byte up to and including the blank line that ends it.
    int limit = 8 * 1024;
    assertThat(raw(headOfSize(limit)))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .endsWith("{\"status\":\"UP\"}");
    assertThat(raw(headOfSize(limit + 1)))
        .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    // the 8 KiB head in two parts: a full buffer that has not ended yet is no reason for a 431
    String head = headOfSize(limit);
    try (java.net.Socket s =
        RawHttp.open(endpoint.port(), head.substring(0, limit - 1), RAW_TIMEOUT)) {
      // once a later connection is answered, the first part has been read
      assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
      RawHttp.write(s.getOutputStream(), head.substring(limit - 1));
      assertThat(new String(s.getInputStream().readAllBytes(), ISO_8859_1))
          .startsWith("HTTP/1.1 200 OK\r\n")
          .endsWith("{\"status\":\"UP\"}");
    }
  }

  /** A liveness request whose head, request line to final CRLF CRLF, is {@code size} bytes. */
  private static String headOfSize(int size) {
    String start = "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Pad: ";
    String end = "\r\n\r\n";
    String head = start + "p".repeat(size - start.length() - end.length()) + end;
    assertThat(head).hasSize(size);
    return head;
  }

  private String raw(String request) throws IOException {
    return RawHttp.exchange(endpoint.port(), request, RAW_TIMEOUT);
  }

  @Test
  void startingAndStoppingTheEndpointChangesNoJvmWideProperty() throws Exception {
    java.util.Properties before = (java.util.Properties) System.getProperties().clone();
    endpoint.close();
    endpoint = start(false);
    assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
    endpoint.close();
    assertThat(System.getProperties()).isEqualTo(before);
  }

  @Test
  void theReadTimeoutIsValidatedWithTheOtherOptions() {
    assertThat(HealthEndpoint.Options.port(0).readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(
            () ->
                HealthEndpoint.Options.builder().port(-2).readTimeout(Duration.ZERO).build())
        .hasMessage(
            "invalid health endpoint options: port was '-2' but must be between 0 and 65535;"
                + " readTimeout was 'PT0S' but must be positive and at most PT1M");
  }
}
