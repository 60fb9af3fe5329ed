package dev.shipshape.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.x by hand over plain loopback sockets, for tests that play the clients no HTTP library
 * would: requests that stop half-way, oversized or malformed heads, connections held open or
 * reset. Text goes out and comes back as ISO-8859-1, one byte per character, so any byte can be
 * sent and the answer is returned byte for byte.
 */
public final class RawHttp {

  /** How long {@link #connect} waits for the connection to be established. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private RawHttp() {}

  /**
   * Opens a connection to {@code port} on the loopback address.
   *
   * @param port the server's port
   * @param readTimeout how long each read on the socket may block before it throws {@link
   *     java.net.SocketTimeoutException}
   * @return the connected socket; the caller closes it
   * @throws IOException if the connection is refused or not established within {@link
   *     #CONNECT_TIMEOUT}
   */
  public static Socket connect(int port, Duration readTimeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
      socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Opens a connection as {@link #connect} does and sends {@code sent}, such as the start of a
   * request that never ends, then leaves the connection open.
   *
   * @param port the server's port
   * @param sent what to send, one byte per character; empty for a connection that stays idle
   * @param readTimeout how long each read on the socket may block
   * @return the connected socket; the caller closes it
   * @throws IOException if connecting or sending fails (the socket is then closed)
   */
  public static Socket open(int port, String sent, Duration readTimeout) throws IOException {
    Socket socket = connect(port, readTimeout);
    try {
      if (!sent.isEmpty()) {
        write(socket.getOutputStream(), sent);
      }
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends {@code request} on a new connection and reads everything the server sends until it
   * closes the connection.
   *
   * @param port the server's port
   * @param request the bytes of the request, one per character
   * @param readTimeout how long each read may block; a server that neither answers nor closes
   *     within it fails the exchange with {@link java.net.SocketTimeoutException}
   * @return the whole answer, status line, head and body, one character per byte
   * @throws IOException if connecting, sending or reading fails
   */
  public static String exchange(int port, String request, Duration readTimeout)
      throws IOException {
    try (Socket socket = connect(port, readTimeout)) {
      write(socket.getOutputStream(), request);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Writes {@code text} to {@code out}, one byte per character (ISO-8859-1), and flushes it.
   *
   * @param out a socket's stream, of a client or of a scripted server
   * @param text the bytes to write
   * @throws IOException if the write fails, such as when the peer has gone
   */
  public static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }
}
