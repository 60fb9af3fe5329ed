package dev.shipshape.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shipshape.testsupport.RawHttp;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart service against clients no browser or curl would be, on loopback sockets. */
@Timeout(30)
class QuickstartHostileClientsTest {

  private static final Duration READ = Duration.ofSeconds(5);

  @TempDir Path dir;
  private QuickstartService service;

  @BeforeEach
  void start() throws Exception {
    service =
        QuickstartService.start(
            new QuickstartService.Options(
                InetAddress.getLoopbackAddress(),
                0,
                0,
                dir.resolve("flags.json"),
                Duration.ofMillis(100)));
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void malformedAndOversizedRequestsAreRefusedAndTheServiceKeepsAnswering() throws Exception {
    List<String> requests =
        List.of(
            "GET /checkout?user=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /flags?user=% HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /checkout HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n",
            "GET /checkout HTTP/1.1\r\nHost: x\r\n" + "X-Many: 1\r\n".repeat(10_000) + "\r\n");
    for (String request : requests) {
      String head = request.substring(0, Math.min(40, request.length()));
      String answer;
      try {
        answer = RawHttp.exchange(service.port(), request, READ);
      } catch (SocketException refusedMidRequest) {
        answer = "HTTP/1.1 400 (connection reset while sending)";
      }
      assertThat(answer).as(head).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
      assertThat(checkout()).as("after " + head).startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void clientsThatStopHalfWayThroughTheirRequestsDoNotStopOthersBeingAnswered() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        stalled.add(RawHttp.open(service.port(), "GET /checkout?user=slow HTTP/1.1\r\nHo", READ));
      }
      assertTimeoutPreemptively(
          Duration.ofSeconds(3), () -> assertThat(checkout()).startsWith("HTTP/1.1 200 "));
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void aRequestThatNeverEndsIsClosedWithinTheRequestTimeLimit() throws Exception {
    long limit = QuickstartService.REQUEST_TIME_LIMIT.toMillis();
    try (Socket stalled =
        RawHttp.open(
            service.port(),
            "GET /checkout?user=slow HTTP/1.1\r\nHo",
            Duration.ofMillis(limit + 3_000))) {
      long start = System.nanoTime();
      InputStream in = stalled.getInputStream();
      // closed: end of stream, or a reset; a read timeout means it was held open
      try {
        assertThat(in.read()).isEqualTo(-1);
      } catch (SocketException reset) {
        // closed by the server as well
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(limit + 3_000);
    }
  }

  @Test
  void aFloodOfSlowClientsHoldsAtMostTheCapOfThreadsAndOthersAreStillAnswered() throws Exception {
    int cap = 8;
    List<Socket> stalled = new ArrayList<>();
    try (QuickstartService capped =
        QuickstartService.start(
            new QuickstartService.Options(
                InetAddress.getLoopbackAddress(),
                0,
                0,
                dir.resolve("capped-flags.json"),
                Duration.ofMillis(100),
                cap))) {
      for (int i = 0; i < 5 * cap; i++) {
        stalled.add(RawHttp.open(capped.port(), "GET /checkout?user=slow HTTP/1.1\r\nHo", READ));
      }
      // each slow client beyond the cap makes the server drop the one that has waited longest,
      // well within the request time limit, after which the JDK's server drops them itself; one
      // that arrives while every thread is taken and the queue is full is closed at once, so
      // under load a few more than those beyond the cap may go
      Awaitility.await()
          .atMost(Duration.ofSeconds(3))
          .until(() -> closedByServer(stalled) >= stalled.size() - cap);
      assertTimeoutPreemptively(
          Duration.ofSeconds(3),
          () -> {
            assertThat(get(capped.port(), "/metrics")).startsWith("HTTP/1.1 200 ");
            assertThat(get(capped.port(), "/checkout?user=alice")).startsWith("HTTP/1.1 200 ");
            int health = capped.shipshape().healthEndpoint().orElseThrow().port();
            assertThat(get(health, "/health/ready")).startsWith("HTTP/1.1 200 ");
          });
      int most = 0;
      for (int i = 0; i < 50; i++) {
        most = Math.max(most, liveThreads("quickstart-http-"));
        Thread.sleep(10);
      }
      assertThat(most)
          .as("threads serving the quickstart during a flood of %d slow clients", stalled.size())
          .isLessThanOrEqualTo(cap);
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  /** How many of {@code sockets} the server has closed (end of stream or reset). */
  private static int closedByServer(List<Socket> sockets) throws Exception {
    int closed = 0;
    for (Socket s : sockets) {
      s.setSoTimeout(1);
      try {
        if (s.getInputStream().read() == -1) {
          closed++;
        }
      } catch (SocketTimeoutException open) {
        // still waiting for the rest of its request
      } catch (SocketException reset) {
        closed++;
      }
    }
    return closed;
  }

  private static int liveThreads(String prefix) {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith(prefix)) {
        n++;
      }
    }
    return n;
  }

  private static String get(int port, String path) throws Exception {
    return RawHttp.exchange(
        port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", READ);
  }

  private String checkout() throws Exception {
    return get(service.port(), "/checkout?user=alice");
  }
}
