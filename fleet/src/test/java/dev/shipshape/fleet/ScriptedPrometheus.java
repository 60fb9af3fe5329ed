package dev.shipshape.fleet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Prometheus' query API as a JDK {@code HttpServer} on loopback, answering what a test scripts
 * in the wire format of Prometheus 2.42 ({@code /api/v1/query}), and recording every request.
 */
final class ScriptedPrometheus implements AutoCloseable {

  /** One request as received. */
  record Request(String path, String query, Instant time, Map<String, List<String>> headers) {}

  /** One answer: an HTTP status and a body. */
  record Answer(int status, String body) {}

  private final HttpServer server;
  final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Request, Answer> script = r -> healthy(r.time());
  /** While set, requests for instants from {@link #holdFrom} on wait on it (at most 10 s). */
  volatile @Nullable CountDownLatch hold;

  volatile Instant holdFrom = Instant.MIN;
  final CountDownLatch received = new CountDownLatch(1);

  ScriptedPrometheus() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "scripted-prometheus");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void answer(Function<Request, Answer> script) {
    this.script = script;
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    double seconds = Double.parseDouble(params.getOrDefault("time", "0"));
    Request request =
        new Request(
            exchange.getRequestURI().getPath(),
            params.getOrDefault("query", ""),
            Instant.ofEpochMilli(Math.round(seconds * 1000)),
            Map.copyOf(exchange.getRequestHeaders()));
    requests.add(request);
    received.countDown();
    CountDownLatch h = hold;
    if (h != null && !request.time().isBefore(holdFrom)) {
      try {
        h.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Answer a = script.apply(request);
    byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(a.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      // the client gave up (a timeout): nothing to answer
    }
  }

  private boolean closed;

  @Override
  public synchronized void close() {
    CountDownLatch h = hold;
    if (h != null) {
      h.countDown();
    }
    if (!closed) {
      closed = true;
      server.stop(0);
    }
  }

  // ---------------------------------------------------------------- answers

  /** A sample of one of the gate's signals. */
  record Signal(String kind, Map<String, String> labels, Instant value) {}

  static Signal scraped(Instant at) {
    return new Signal("scraped", Map.of("slo", "checkout"), at);
  }

  static Signal evaluated(Instant at) {
    return new Signal("evaluated", Map.of("sloth_slo", "checkout"), at);
  }

  static Signal recorded(Instant at) {
    return new Signal("recorded", Map.of("sloth_slo", "checkout"), at);
  }

  static Signal page(Instant since) {
    return new Signal(
        "page",
        Map.of("sloth_slo", "checkout", "long_window", "1h", "short_window", "5m"),
        since);
  }

  /** Fresh samples of the counter and the rules, and the plan's history: no alert. */
  static Answer healthy(Instant at) {
    return vector(at, scraped(at.minusSeconds(1)), evaluated(at.minusSeconds(1)), recorded(at));
  }

  static Answer vector(Instant at, Signal... signals) {
    List<String> results = new ArrayList<>();
    for (Signal s : signals) {
      StringBuilder metric = new StringBuilder("{");
      Map<String, String> labels = new LinkedHashMap<>(s.labels());
      labels.put("shipshape_signal", s.kind());
      labels.forEach(
          (k, v) -> metric.append(metric.length() > 1 ? "," : "")
              .append('"').append(k).append("\":\"").append(v).append('"'));
      metric.append('}');
      results.add(
          "{\"metric\":" + metric + ",\"value\":[" + seconds(at) + ",\"" + seconds(s.value())
              + "\"]}");
    }
    return new Answer(
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + String.join(",", results) + "]}}");
  }

  static Answer error(int status, String type, String message) {
    return new Answer(
        status,
        "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message + "\"}");
  }

  private static String seconds(Instant at) {
    long millis = at.toEpochMilli();
    return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
  }
}
