package dev.shipshape.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hand-written client against a loopback server socket that this test drives itself. */
class RawHttpTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private ServerSocket server;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    server.setSoTimeout(5_000);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** Reads up to and including the blank line that ends a request head. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        break;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void anExchangeSendsTheBytesAsWrittenAndReturnsTheWholeAnswerByteForByte() throws Exception {
    String request = "GET /\u00ff HTTP/1.1\r\nHost: x\r\n\r\n";
    String answer = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody \u00e9\u0000";
    CompletableFuture<String> received =
        CompletableFuture.supplyAsync(
            () -> {
              try (Socket s = server.accept()) {
                String head = readHead(s.getInputStream());
                s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                return head;
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(RawHttp.exchange(server.getLocalPort(), request, READ_TIMEOUT)).isEqualTo(answer);
    assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(request);
  }

  @Test
  void anOpenedConnectionHasSentItsBytesAndStaysOpen() throws Exception {
    try (Socket client =
            RawHttp.open(server.getLocalPort(), "GET / HTTP/1.1\r\nHost: x\r\n", READ_TIMEOUT);
        Socket accepted = server.accept()) {
      accepted.setSoTimeout(5_000);
      byte[] sent = accepted.getInputStream().readNBytes(25);
      assertThat(new String(sent, StandardCharsets.ISO_8859_1))
          .isEqualTo("GET / HTTP/1.1\r\nHost: x\r\n");

      accepted.setSoTimeout(200);
      assertThatThrownBy(() -> accepted.getInputStream().read())
          .as("nothing more is sent and the connection is not closed")
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(client.isClosed()).isFalse();

      RawHttp.write(client.getOutputStream(), "\r\n");
      accepted.setSoTimeout(5_000);
      assertThat(accepted.getInputStream().readNBytes(2)).containsExactly('\r', '\n');
    }
  }

  @Test
  void anIdleConnectionSendsNothingAndReadsFailAtTheReadTimeout() throws Exception {
    try (Socket client = RawHttp.open(server.getLocalPort(), "", Duration.ofMillis(200));
        Socket accepted = server.accept()) {
      assertThat(client.getSoTimeout()).isEqualTo(200);
      accepted.setSoTimeout(200);
      assertThatThrownBy(() -> accepted.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      assertThatThrownBy(() -> client.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      accepted.shutdownOutput();
      client.setSoTimeout(5_000);
      assertThat(client.getInputStream().read())
          .as("the end of the server's output is seen")
          .isEqualTo(-1);
    }
  }

  @Test
  void connectingToAClosedPortFails() throws Exception {
    int port = server.getLocalPort();
    server.close();
    assertThatThrownBy(() -> RawHttp.connect(port, READ_TIMEOUT)).isInstanceOf(IOException.class);
  }
}
