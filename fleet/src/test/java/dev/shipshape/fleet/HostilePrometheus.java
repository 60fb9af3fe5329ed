package dev.shipshape.fleet;

import dev.shipshape.testsupport.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Prometheus' query API answered by hand on a loopback {@link ServerSocket}, for the answers no
 * HTTP server library would send: headers and then nothing, a body a byte at a time, a body that
 * never ends, a body over the gate's size limit. Each request is answered on a connection of its
 * own, healthy unless the test scripts otherwise, and recorded with when the gate dropped it. No
 * hostile answer lasts longer than {@link #LONGEST}, so a client that never gives up fails its
 * test instead of hanging it.
 */
final class HostilePrometheus implements AutoCloseable {

  /** The longest any answer lasts before the server ends it itself. */
  static final Duration LONGEST = Duration.ofSeconds(10);

  /** What the server sends on a connection, given the instant the request asks about. */
  @FunctionalInterface
  interface Answer {
    void send(Instant time, OutputStream out, InputStream in)
        throws IOException, InterruptedException;
  }

  /** A connection's output, flushed on every write; the answer has started once a byte is out. */
  private static final class Sent extends OutputStream {
    private final OutputStream out;
    private final Exchange exchange;

    Sent(OutputStream out, Exchange exchange) {
      this.out = out;
      this.exchange = exchange;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      out.flush();
      exchange.started.countDown();
    }
  }

  /** One request and what became of its connection. */
  static final class Exchange {
    final Instant time;
    /** Counted down once the answer's head is sent. */
    final CountDownLatch started = new CountDownLatch(1);
    /** Counted down once the answer ends: sent whole, dropped by the gate, or cut at LONGEST. */
    final CountDownLatch ended = new CountDownLatch(1);
    /** Whether the gate closed the connection before the answer ended. */
    volatile boolean dropped;

    Exchange(Instant time) {
      this.time = time;
    }
  }

  private final ServerSocket server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "hostile-prometheus");
            t.setDaemon(true);
            return t;
          });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private volatile Function<Instant, Answer> script = t -> healthy();

  HostilePrometheus() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  void answer(Function<Instant, Answer> script) {
    this.script = script;
  }

  /** The exchange of the request about {@code time}, once it has arrived (at most 10 s). */
  Exchange awaitRequest(Instant time) throws InterruptedException {
    long deadline = System.nanoTime() + LONGEST.toNanos();
    while (System.nanoTime() < deadline) {
      for (Exchange e : exchanges) {
        if (e.time.equals(time)) {
          return e;
        }
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
    throw new AssertionError("no request about " + time + " within " + LONGEST);
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      open.add(s);
      threads.execute(() -> serve(s));
    }
  }

  private void serve(Socket s) {
    Exchange exchange = null;
    try (s) {
      s.setSoTimeout(Math.toIntExact(LONGEST.toMillis()));
      exchange = new Exchange(time(head(s.getInputStream())));
      exchanges.add(exchange);
      Answer answer = script.apply(exchange.time);
      answer.send(exchange.time, new Sent(s.getOutputStream(), exchange), s.getInputStream());
    } catch (IOException | InterruptedException e) {
      if (exchange != null) {
        exchange.dropped = true; // the gate went away, or the test is over
      }
    } finally {
      open.remove(s);
      if (exchange != null) {
        exchange.started.countDown();
        exchange.ended.countDown();
      }
    }
  }

  /** Reads the request's head, up to the blank line. */
  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the request ended in its head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** The instant a query's {@code time} parameter asks about. */
  private static Instant time(String head) {
    String target = head.substring(head.indexOf(' ') + 1, head.indexOf(" HTTP/"));
    for (String pair : target.substring(target.indexOf('?') + 1).split("&")) {
      if (pair.startsWith("time=")) {
        BigDecimal seconds =
            new BigDecimal(URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8));
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValueExact());
      }
    }
    throw new IllegalArgumentException("no time in " + target);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- answers

  /** Fresh samples and the plan's history, no alert, as {@link ScriptedPrometheus} answers it. */
  static byte[] healthyBody(Instant time) {
    return ScriptedPrometheus.healthy(time).body().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The healthy answer padded to exactly {@code size} bytes with a warning, as Prometheus sends
   * them: still valid JSON of the API's shape, and read whole it would advance the rollout.
   */
  static byte[] paddedBody(Instant time, int size) {
    String body = new String(healthyBody(time), StandardCharsets.ISO_8859_1);
    String prefix = "{\"status\":\"success\",";
    String warning = prefix + "\"warnings\":[\"";
    String rest = "\"]," + body.substring(prefix.length());
    int pad = size - warning.length() - rest.length();
    return (warning + "x".repeat(pad) + rest).getBytes(StandardCharsets.ISO_8859_1);
  }

  static String head(String framing) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + framing + "\r\n";
  }

  static String length(int bytes) {
    return "Content-Length: " + bytes + "\r\n";
  }

  /** The head of a body that ends when the connection does. */
  static final String UNTIL_CLOSE = "Connection: close\r\n";

  static final String CHUNKED = "Transfer-Encoding: chunked\r\n";

  /** The healthy answer, whole, with its length. */
  static Answer healthy() {
    return (time, out, in) -> whole(healthyBody(time), true).send(time, out, in);
  }

  /** {@code body} at once, with its length declared or ending with the connection. */
  static Answer whole(byte[] body, boolean declared) {
    return (time, out, in) -> {
      RawHttp.write(out, head(declared ? length(body.length) : UNTIL_CLOSE));
      out.write(body);
    };
  }

  /** {@code body} in chunks of 64 KiB, then the last chunk. */
  static Answer chunked(byte[] body) {
    return (time, out, in) -> {
      RawHttp.write(out, head(CHUNKED));
      for (int at = 0; at < body.length; at += 1 << 16) {
        int n = Math.min(1 << 16, body.length - at);
        RawHttp.write(out, Integer.toHexString(n) + "\r\n");
        out.write(body, at, n);
        RawHttp.write(out, "\r\n");
      }
      RawHttp.write(out, "0\r\n\r\n");
    };
  }

  /**
   * The head declaring the healthy answer's length and its first bytes, then nothing: the server
   * waits, reading, until the gate closes the connection.
   */
  static Answer stallAfterHeaders() {
    return (time, out, in) -> {
      byte[] body = healthyBody(time);
      RawHttp.write(out, head(length(body.length)));
      out.write(body, 0, 16);
      try {
        if (in.read() < 0) {
          throw new IOException("closed by the gate");
        }
      } catch (SocketTimeoutException e) {
        // LONGEST passed: the server ends the answer itself
      }
    };
  }

  /** The healthy answer with its length, one byte every {@code every}. */
  static Answer trickle(Duration every) {
    return (time, out, in) -> {
      byte[] body = healthyBody(time);
      RawHttp.write(out, head(length(body.length)));
      long end = System.nanoTime() + LONGEST.toNanos();
      for (int i = 0; i < body.length && System.nanoTime() < end; i++) {
        out.write(body[i]);
        Thread.sleep(every.toMillis());
      }
    };
  }

  /** A success that starts a warning and never ends it: 64 bytes every 20 ms, chunked or not. */
  static Answer endless(boolean chunked) {
    return (time, out, in) -> {
      RawHttp.write(out, head(chunked ? CHUNKED : UNTIL_CLOSE));
      String start = "{\"status\":\"success\",\"warnings\":[\"";
      String more = "x".repeat(64);
      RawHttp.write(out, chunked ? frame(start) : start);
      long end = System.nanoTime() + LONGEST.toNanos();
      while (System.nanoTime() < end) {
        RawHttp.write(out, chunked ? frame(more) : more);
        Thread.sleep(20);
      }
    };
  }

  private static String frame(String chunk) {
    return Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n";
  }
}
