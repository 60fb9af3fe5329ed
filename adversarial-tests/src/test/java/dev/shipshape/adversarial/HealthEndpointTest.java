package dev.shipshape.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthEndpoint;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.time.ManualClock;
import dev.shipshape.testsupport.RawHttp;
import dev.shipshape.time.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile clients of the probe endpoint: idle, half-sent, oversized, malformed and flooding
 * connections. Each gets its exact answer or is dropped at the read deadline, and a real probe on
 * a new connection is answered in its normal time throughout.
 */
class HealthEndpointTest {

  static final String UP =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
          + "Content-Length: 15\r\nConnection: close\r\n\r\n{\"status\":\"UP\"}";

  /** How long a read of the hostile client blocks before it fails. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

  /** A running endpoint over one UP liveness check, on a manual clock. */
  static final class Endpoint implements AutoCloseable {
    final ManualClock clock = ManualClock.create();
    final Scheduler scheduler = Scheduler.forClock(clock);
    final Health health =
        Health.builder()
            .clock(clock)
            .scheduler(scheduler)
            .executor(Runnable::run)
            .check("ok", HealthResult::up, Probe.LIVENESS)
            .build();
    final HealthEndpoint endpoint;

    Endpoint() throws IOException {
      endpoint =
          HealthEndpoint.start(
              health,
              HealthEndpoint.Options.builder()
                  .address(InetAddress.getLoopbackAddress())
                  .port(0)
                  .build());
    }

    /** A new connection that has sent {@code sent} (maybe nothing) and stays open. */
    Socket open(String sent) throws IOException {
      return RawHttp.open(endpoint.port(), sent, READ_TIMEOUT);
    }

    /** Sends {@code request} on a new connection and reads the whole answer. */
    String exchange(String request) throws IOException {
      return RawHttp.exchange(endpoint.port(), request, READ_TIMEOUT);
    }

    /** A real probe, answered UP within two seconds (milliseconds on a quiet machine). */
    void probeAnswered() {
      assertThat(
              assertTimeoutPreemptively(
                  Duration.ofSeconds(2),
                  () -> exchange("GET /health/live HTTP/1.1\r\nHost: k\r\n\r\n")))
          .isEqualTo(UP);
    }

    @Override
    public void close() {
      endpoint.close();
      health.close();
      scheduler.close();
    }
  }

  static Hostile answered(String name, String request, String expectedStart) {
    return Hostile.of(
        name,
        () -> {
          try (Endpoint e = new Endpoint()) {
            assertThat(e.exchange(request)).startsWith(expectedStart);
            e.probeAnswered();
          }
        });
  }

  /** Opens {@code n} connections that send {@code partial} (maybe nothing), then probes. */
  static Hostile held(String name, int n, String partial) {
    return Hostile.of(
        name,
        Duration.ofSeconds(15),
        () -> {
          List<Socket> held = new ArrayList<>();
          try (Endpoint e = new Endpoint()) {
            for (int i = 0; i < n; i++) {
              held.add(e.open(partial));
            }
            for (int i = 0; i < 10; i++) {
              e.probeAnswered();
            }
          } finally {
            for (Socket s : held) {
              s.close();
            }
          }
        });
  }

  static final List<Hostile> CASES = new ArrayList<>();

  static {
    CASES.add(held("200 half-sent requests", 200, "GET /health/live HTTP/1.1\r\nHost: x\r\n"));
    CASES.add(held("200 idle connections", 200, ""));
    CASES.add(held("600 half-sent requests, past the connection cap", 600, "GET / HTTP/1.1\r\n"));
    CASES.add(Hostile.of("a request head sent slowly past the read deadline", () -> {
      try (Endpoint e = new Endpoint(); Socket s = e.open("GET /health/live HTTP/1.1\r\n")) {
        e.probeAnswered(); // both connections accepted before the clock moves
        e.clock.advance(Duration.ofSeconds(2));
        RawHttp.write(s.getOutputStream(), "Host: x\r\n");
        s.setSoTimeout(300);
        assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        e.clock.advance(Duration.ofSeconds(1));
        s.setSoTimeout(3_000);
        assertThat(s.getInputStream().read()).as("dropped, sending more did not help").isEqualTo(-1);
        e.probeAnswered();
      }
    }));
    CASES.add(answered("a request head of 9 KB",
        "GET /health/live HTTP/1.1\r\nX: " + "x".repeat(9_000) + "\r\n\r\n",
        "HTTP/1.1 431 Request Header Fields Too Large\r\n"));
    CASES.add(answered("a URL of 10,000 characters",
        "GET /" + "u".repeat(10_000) + " HTTP/1.1\r\n\r\n",
        "HTTP/1.1 431 Request Header Fields Too Large\r\n"));
    CASES.add(answered("binary garbage", "\u0000\u00ff\u0001garbage\r\n\r\n",
        "HTTP/1.1 400 Bad Request\r\n"));
    CASES.add(answered("the HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "HTTP/1.1 400 Bad Request\r\n"));
    CASES.add(answered("a request line without a version", "GET /health/live\r\n\r\n",
        "HTTP/1.1 400 Bad Request\r\n"));
    CASES.add(answered("a NUL in the path", "GET /health/live\u0000 HTTP/1.1\r\n\r\n",
        "HTTP/1.1 400 Bad Request\r\n"));
    CASES.add(answered("a POST with a body",
        "POST /health/live HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\n"
            + "Cache-Control: no-store\r\nAllow: GET, HEAD\r\n"));
    CASES.add(answered("a lower-case method", "get /health/live HTTP/1.1\r\n\r\n",
        "HTTP/1.1 405 Method Not Allowed\r\n"));
    CASES.add(answered("a path that climbs out", "GET /health/../health/live HTTP/1.1\r\n\r\n",
        "HTTP/1.1 404 Not Found\r\n"));
    CASES.add(answered("an absolute-form target", "GET http://evil/health/live HTTP/1.1\r\n\r\n",
        UP));
    CASES.add(Hostile.of("two pipelined requests get one answer and a close", () -> {
      try (Endpoint e = new Endpoint()) {
        assertThat(e.exchange("GET /livez HTTP/1.1\r\n\r\nGET /livez HTTP/1.1\r\n\r\n")).isEqualTo(UP);
        e.probeAnswered();
      }
    }));
    CASES.add(Hostile.of("a client that resets right after its request", () -> {
      try (Endpoint e = new Endpoint()) {
        for (int i = 0; i < 50; i++) {
          Socket s = e.open("");
          s.setSoLinger(true, 0);
          RawHttp.write(s.getOutputStream(), "GET /livez HTTP/1.1\r\n\r\n");
          s.close();
        }
        e.probeAnswered();
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> hostileClients() {
    return Hostile.run(CASES);
  }
}
