package dev.shipshape.spring.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import dev.shipshape.spring.testkit.RunningApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An HTTP flag source whose URL carries credentials (user info and a token in the query) never
 * shows them over Actuator: not in the flags endpoint's source list, not in the error it reports
 * once the server fails, not in the health details of the flag-source check.
 */
@SpringBootTest(
    classes = FlagSourceCredentialsTest.App.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,flags",
      "management.endpoint.health.show-details=always",
      "shipshape.flags.poll-interval=100ms"
    })
class FlagSourceCredentialsTest {

  private static final String PASSWORD = "pa55-7f1c";
  private static final String TOKEN = "t0k-9e2b";
  private static final String FLAGS =
      "{\"flags\":{\"greeting\":{\"state\":\"ENABLED\",\"variants\":{\"hello\":\"hello\"},"
          + "\"defaultVariant\":\"hello\"}}}";

  /** Serves the flags once, then fails every later poll. */
  private static final AtomicInteger REQUESTS = new AtomicInteger();

  private static HttpServer server;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @DynamicPropertySource
  static void flagServer(DynamicPropertyRegistry registry) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/flags.json",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (REQUESTS.incrementAndGet() == 1) {
              byte[] body = FLAGS.getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            } else {
              exchange.sendResponseHeaders(503, -1);
            }
          }
        });
    server.start();
    String url =
        "http://deploy:" + PASSWORD + "@127.0.0.1:" + server.getAddress().getPort()
            + "/flags.json?access_token=" + TOKEN;
    registry.add("shipshape.flags.sources[0]", () -> url);
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  @LocalServerPort int port;

  private final RunningApp app = RunningApp.onPort(() -> port);

  @Test
  void credentialsInAFlagSourceUrlNeverReachActuator() throws Exception {
    String flags = awaitFailedSource();
    assertThat(JsonPath.parse(flags).read("$.sources[0].name", String.class))
        .isEqualTo(
            "http://***@127.0.0.1:" + server.getAddress().getPort()
                + "/flags.json?access_token=***");
    assertThat(JsonPath.parse(flags).read("$.sources[0].lastError", String.class))
        .as(flags)
        .contains("503");
    HttpResponse<String> health = app.get("/actuator/health");
    assertThat(health.body()).as(health.body()).contains("127.0.0.1");
    for (String body : new String[] {flags, health.body()}) {
      assertThat(body).doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }
  }

  /** The flags endpoint once the source has failed at least once after its first load. */
  private String awaitFailedSource() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      HttpResponse<String> response = app.get("/actuator/flags");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      String lastError = JsonPath.parse(response.body()).read("$.sources[0].lastError");
      if (lastError != null) {
        return response.body();
      }
      assertThat(Instant.now()).as("the source reports its failure").isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
