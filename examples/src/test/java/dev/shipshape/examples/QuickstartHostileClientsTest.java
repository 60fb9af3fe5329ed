package dev.shipshape.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shipshape.testsupport.RawHttp;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private String checkout() throws Exception {
    return RawHttp.exchange(
        service.port(),
        "GET /checkout?user=alice HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        READ);
  }
}
