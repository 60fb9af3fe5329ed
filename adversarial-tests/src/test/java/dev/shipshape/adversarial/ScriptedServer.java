package dev.shipshape.adversarial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP server that answers every connection with a script written byte by byte, so a
 * test can send what no well-behaved HTTP server would: endless or dripped bodies, lies about
 * lengths, garbage. Closing it ends every script and connection.
 */
final class ScriptedServer implements AutoCloseable {

  /** What the server does with one connection; {@code n} counts connections from 0. */
  @FunctionalInterface
  interface Script {
    void serve(int n, InputStream in, OutputStream out, ScriptedServer server) throws Exception;
  }

  private final ServerSocket socket;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger connections = new AtomicInteger();
  /** Bytes written by scripts that count them. */
  final AtomicLong written = new AtomicLong();
  /** Counts connections whose peer went away (read -1 or a failed write). */
  final AtomicInteger dropped = new AtomicInteger();

  ScriptedServer(Script script) throws IOException {
    socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket s = socket.accept();
                  open.add(s);
                  int n = connections.getAndIncrement();
                  Thread t =
                      new Thread(
                          () -> {
                            try (s) {
                              script.serve(n, s.getInputStream(), s.getOutputStream(), this);
                            } catch (IOException gone) {
                              dropped.incrementAndGet();
                            } catch (Exception e) {
                              // the script's own failure ends the connection
                            }
                          },
                          "scripted-" + n);
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "scripted-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  int port() {
    return socket.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  /** Waits (at most {@code millis}) unless the server closes first; true when it closed. */
  boolean pause(long millis) throws InterruptedException {
    return closed.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Holds the connection open until the server closes. */
  void holdOpen() throws InterruptedException {
    closed.await(60, TimeUnit.SECONDS);
  }

  /** Reads a request head, up to its blank line. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    int state = 0;
    while ((b = in.read()) >= 0) {
      head.write(b);
      state = (b == '\n') ? state + 1 : (b == '\r' ? state : 0);
      if (state == 2) {
        break;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** A complete 200 response with this body as UTF-8. */
  static String ok(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
        + "\r\nConnection: close\r\n\r\n" + new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    socket.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
