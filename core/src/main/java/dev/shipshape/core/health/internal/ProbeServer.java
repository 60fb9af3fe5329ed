package dev.shipshape.core.health.internal;

import dev.shipshape.time.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server for GET and HEAD probe requests. One selector thread accepts
 * connections and reads request heads without blocking, so idle and half-sent connections cost no
 * thread; a head that has not arrived whole within the read timeout (on the health clock) is
 * dropped, and beyond the connection cap the oldest unfinished connection gives way to a new one.
 * Complete requests are answered by the route on a small worker pool; each response is written by
 * the selector thread and the connection closed ({@code Connection: close}). Nothing here reads
 * or changes JVM-wide settings.
 */
public final class ProbeServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProbeServer.class);

  /**
   * The largest request head accepted, in bytes: the request line, the headers and the blank line
   * that ends them. A head one byte longer is answered 431.
   */
  public static final int MAX_HEAD_BYTES = 8 * 1024;

  /** The most connections open at once; beyond it the oldest unfinished one is dropped. */
  public static final int MAX_CONNECTIONS = 512;

  /** How often, at most, the selector looks at the clock when nothing happens. */
  private static final long IDLE_WAKEUP_MILLIS = 100;


  /** A response to a request, before it is encoded. */
  public record Response(int status, String body, boolean head, @Nullable String allow) {}

  /**
   * Logs, at ERROR on {@code log}, that answering {@code path} failed, and returns the 500 answer.
   *
   * @param log where to log
   * @param path the probe's path
   * @param head whether the request was a HEAD
   * @param failure why it failed
   * @return a 500 response whose body is {@code {"status":"DOWN"}}
   */
  public static Response failed(Logger log, String path, boolean head, Throwable failure) {
    log.atError()
        .setMessage("health probe {} failed; answering 500: {}")
        .addArgument(path)
        .addArgument(String.valueOf(failure))
        .addKeyValue("path", path)
        .setCause(failure)
        .log();
    return new Response(500, "{\"status\":\"DOWN\"}", head, null);
  }

  /** Answers one complete request; runs on a worker thread and may complete later. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Answers a request.
     *
     * @param method the request method
     * @param path the decoded path, without query
     * @return the response, possibly later
     */
    CompletionStage<Response> handle(String method, String path);
  }

  private final ServerSocketChannel server;
  private final Selector selector;
  private final Ticker ticker;
  private final long readTimeoutNanos;
  private final long answerTimeoutNanos;
  private final Handler handler;
  private final ExecutorService workers;
  /**
   * The open connections, oldest first: the order of acceptance, not of deadlines, decides which
   * gives way at the cap, since the health clock may give many connections the same deadline (a
   * manual or coarse clock) or move back.
   */
  private final Set<Conn> connections = new LinkedHashSet<>();
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  /** The earliest deadline of any connection (selector thread only). */
  private long nextDeadline = Long.MAX_VALUE;

  private ProbeServer(
      ServerSocketChannel server,
      Selector selector,
      Ticker ticker,
      Duration readTimeout,
      Duration answerTimeout,
      Handler handler,
      ExecutorService workers,
      String threadName) {
    this.server = server;
    this.selector = selector;
    this.ticker = ticker;
    this.readTimeoutNanos = readTimeout.toNanos();
    this.answerTimeoutNanos = answerTimeout.toNanos();
    this.handler = handler;
    this.workers = workers;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  /**
   * Binds and starts the server.
   *
   * @param address where to listen
   * @param ticker the health clock's ticker, for deadlines
   * @param readTimeout how long a request head may take to arrive whole
   * @param answerTimeout how long an answer may take once the request is whole
   * @param handler answers requests
   * @param workers runs the handler
   * @param threadName names the selector thread
   * @return the running server
   * @throws IOException if the address cannot be bound
   */
  public static ProbeServer start(
      InetSocketAddress address,
      Ticker ticker,
      Duration readTimeout,
      Duration answerTimeout,
      Handler handler,
      ExecutorService workers,
      String threadName)
      throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    Selector selector = null;
    try {
      channel.bind(address);
      channel.configureBlocking(false);
      selector = Selector.open();
      channel.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
    ProbeServer s =
        new ProbeServer(
            channel, selector, ticker, readTimeout, answerTimeout, handler, workers, threadName);
    s.thread.start();
    return s;
  }

  /**
   * The bound port.
   *
   * @return the port
   */
  public int port() {
    try {
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops accepting, drops every connection, and waits briefly for the selector to end. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---------------------------------------------------------------- the selector thread

  private void run() {
    try {
      while (!closed) {
        long now = ticker.read();
        if (nextDeadline != Long.MAX_VALUE && now - nextDeadline >= 0) {
          expire(now);
        }
        long wait =
            nextDeadline == Long.MAX_VALUE
                ? IDLE_WAKEUP_MILLIS
                : TimeUnit.NANOSECONDS.toMillis(Math.max(0, nextDeadline - now)) + 1;
        selector.select(Math.max(1, Math.min(wait, IDLE_WAKEUP_MILLIS)));
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept();
          } else {
            Conn c = (Conn) key.attachment();
            if (key.isReadable()) {
              read(c);
            } else if (key.isWritable()) {
              write(c);
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.atError()
            .setMessage("health endpoint on port {} stopped: {}")
            .addArgument(port())
            .addArgument(String.valueOf(e))
            .setCause(e)
            .log();
      }
    } finally {
      for (Conn c : new ArrayList<>(connections)) {
        c.close();
      }
      try {
        server.close();
        selector.close();
      } catch (IOException e) {
        LOG.atDebug().setMessage("closing the health endpoint failed").setCause(e).log();
      }
    }
  }

  /** Drops connections past their deadline and finds the next deadline. */
  private void expire(long now) {
    long next = Long.MAX_VALUE;
    List<Conn> expired = null;
    for (Conn c : connections) {
      if (c.deadline - now <= 0) {
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(c);
      } else {
        next = Math.min(next, c.deadline);
      }
    }
    if (expired != null) {
      expired.forEach(Conn::close);
    }
    nextDeadline = next;
  }

  /** Sets a connection's deadline (selector thread only). */
  private void deadline(Conn c, long at) {
    c.deadline = at;
    nextDeadline = Math.min(nextDeadline, at);
  }

  private void accept() throws IOException {
    SocketChannel ch;
    while ((ch = server.accept()) != null) {
      if (connections.size() >= MAX_CONNECTIONS) {
        dropOldestUnfinished();
      }
      try {
        ch.configureBlocking(false);
        Conn c = new Conn(ch);
        deadline(c, ticker.read() + readTimeoutNanos);
        c.key = ch.register(selector, SelectionKey.OP_READ, c);
        connections.add(c);
      } catch (IOException e) {
        ch.close();
      }
    }
  }

  /** Closes the earliest accepted connection whose request has not arrived whole, if any. */
  private void dropOldestUnfinished() {
    for (Conn c : connections) {
      if (c.reading) {
        c.close();
        return;
      }
    }
  }

  private void read(Conn c) {
    int n;
    try {
      n = c.channel.read(c.in);
    } catch (IOException e) {
      c.close();
      return;
    }
    if (n < 0) {
      c.close();
      return;
    }
    int end = ProbeHttp.headEnd(c.in.array(), c.scanned - 2, c.in.position());
    if (end < 0) {
      c.scanned = c.in.position();
      if (!c.in.hasRemaining()) {
        respond(
            c, new Response(431, "{\"error\":\"request header fields too large\"}", false, null));
      }
      return;
    }
    String head = new String(c.in.array(), 0, end, StandardCharsets.ISO_8859_1);
    c.reading = false;
    if (c.key != null) {
      c.key.interestOps(0);
    }
    deadline(c, ticker.read() + answerTimeoutNanos);
    ProbeHttp.Request request = ProbeHttp.request(head);
    if (request == null) {
      respond(c, new Response(400, "{\"error\":\"bad request\"}", false, null));
      return;
    }
    try {
      workers.execute(() -> answer(c, request.method(), request.path()));
    } catch (RejectedExecutionException e) {
      respond(
          c, new Response(503, "{\"status\":\"DOWN\"}", "HEAD".equals(request.method()), null));
    }
  }

  private void answer(Conn c, String method, String path) {
    CompletionStage<Response> stage;
    try {
      stage = handler.handle(method, path);
    } catch (Throwable e) { // the handler reports its own failures; this is a last resort
      stage =
          java.util.concurrent.CompletableFuture.completedFuture(
              failed(LOG, path, "HEAD".equals(method), e));
    }
    stage.whenComplete(
        (r, e) -> {
          Response out =
              r != null
                  ? r
                  : new Response(500, "{\"status\":\"DOWN\"}", "HEAD".equals(method), null);
          tasks.add(() -> respond(c, out));
          selector.wakeup();
        });
  }

  private void respond(Conn c, Response r) {
    if (!c.channel.isOpen()) {
      return;
    }
    c.out = ProbeHttp.encode(r);
    c.reading = false;
    deadline(c, ticker.read() + readTimeoutNanos);
    try {
      if (c.key != null) {
        c.key.interestOps(SelectionKey.OP_WRITE);
      }
    } catch (RuntimeException e) {
      c.close();
      return;
    }
    write(c);
  }

  private void write(Conn c) {
    ByteBuffer out = c.out;
    if (out == null) {
      return;
    }
    try {
      c.channel.write(out);
    } catch (IOException e) {
      c.close();
      return;
    }
    if (!out.hasRemaining()) {
      c.close();
    }
  }

  /** One connection: its request head so far, its deadline, and its response once known. */
  private final class Conn {
    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(MAX_HEAD_BYTES);
    long deadline;
    boolean reading = true;
    @Nullable SelectionKey key;
    @Nullable ByteBuffer out;
    /** How far the head has been searched for its end. */
    int scanned;

    Conn(SocketChannel channel) {
      this.channel = channel;
    }

    void close() {
      connections.remove(this);
      if (key != null) {
        key.cancel();
      }
      try {
        channel.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }
}
