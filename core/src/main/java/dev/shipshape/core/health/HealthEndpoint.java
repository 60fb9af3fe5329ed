package dev.shipshape.core.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shipshape.core.health.internal.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the probes over HTTP on the JDK's built-in server ({@code com.sun.net.httpserver}), for
 * Kubernetes and load balancers. Paths: {@code /health/live} ({@code /livez}), {@code
 * /health/ready} ({@code /readyz}), {@code /health/started} ({@code /startupz}) and {@code /health}
 * (all checks). Responses are MicroProfile Health JSON with 200 for {@code UP}, 503 for {@code
 * DOWN} or {@code OUT_OF_SERVICE} and 500 if the probe machinery failed; only the status is shown
 * unless {@link Options.Builder#showDetails(boolean)} is set. GET and HEAD only; other methods get
 * 405, unknown paths 404. Every answer arrives within the longest check timeout plus a small
 * margin, whatever the checks do.
 */
public final class HealthEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);

  private final HttpServer server;
  private final ExecutorService threads;
  private final Health health;
  private final boolean showDetails;

  private HealthEndpoint(HttpServer server, ExecutorService threads, Health health, boolean details) {
    this.server = server;
    this.threads = threads;
    this.health = health;
    this.showDetails = details;
  }

  /**
   * Starts serving {@code health}'s probes.
   *
   * @param health the probes to serve
   * @param options address, port and whether to show details
   * @return the running endpoint
   * @throws IOException if the address cannot be bound
   */
  public static HealthEndpoint start(Health health, Options options) throws IOException {
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(options, "options");
    InetSocketAddress address =
        options.address() == null
            ? new InetSocketAddress(options.port())
            : new InetSocketAddress(options.address(), options.port());
    HttpServer server = HttpServer.create(address, 0);
    // beyond the queue, the server's dispatcher answers the request itself (still bounded by the
    // check timeouts) rather than leaving the connection unanswered
    ExecutorService threads =
        DaemonThreads.pool(
            "shipshape-health-http",
            options.threads(),
            64,
            new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
    server.setExecutor(threads);
    HealthEndpoint endpoint = new HealthEndpoint(server, threads, health, options.showDetails());
    Map<String, Supplier<CompletionStage<HealthReport>>> routes =
        Map.of(
            "/health/live", () -> health.reportAsync(Probe.LIVENESS),
            "/livez", () -> health.reportAsync(Probe.LIVENESS),
            "/health/ready", () -> health.reportAsync(Probe.READINESS),
            "/readyz", () -> health.reportAsync(Probe.READINESS),
            "/health/started", () -> health.reportAsync(Probe.STARTUP),
            "/startupz", () -> health.reportAsync(Probe.STARTUP),
            "/health", health::reportAllAsync);
    server.createContext("/", exchange -> endpoint.handle(exchange, routes));
    server.start();
    return endpoint;
  }

  /**
   * The port the endpoint listens on (the chosen one when started with port 0).
   *
   * @return the bound port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The health this endpoint serves.
   *
   * @return the health
   */
  public Health health() {
    return health;
  }

  /** Stops the server at once and releases the port. The health itself stays open. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(
      HttpExchange exchange, Map<String, Supplier<CompletionStage<HealthReport>>> routes)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      Supplier<CompletionStage<HealthReport>> route = routes.get(path);
      boolean head = "HEAD".equals(method);
      if (route == null) {
        send(exchange, 404, "{\"error\":\"not found\"}", head);
        return;
      }
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "{\"error\":\"method not allowed\"}", false);
        return;
      }
      int status;
      String body;
      try {
        HealthReport report = route.get().toCompletableFuture().join();
        status = report.httpStatus();
        body = report.toJson(showDetails);
      } catch (RuntimeException e) {
        LOG.atError()
            .setMessage("health probe {} failed; answering 500: {}")
            .addArgument(path)
            .addArgument(e.toString())
            .addKeyValue("path", path)
            .setCause(e)
            .log();
        status = 500;
        body = "{\"status\":\"DOWN\"}";
      }
      send(exchange, status, body, head);
    }
  }

  private static void send(HttpExchange exchange, int status, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Where the endpoint listens and what it shows.
   *
   * @param address the local address to bind, or null for all addresses
   * @param port the port; 0 picks a free one
   * @param showDetails whether responses list the checks with their data
   * @param threads how many requests are served at once
   */
  public record Options(@Nullable InetAddress address, int port, boolean showDetails, int threads) {

    /**
     * Validates the options.
     *
     * @param address the local address or null
     * @param port 0 to 65535
     * @param showDetails whether to show details
     * @param threads 1 to 64
     * @throws IllegalArgumentException listing every problem
     */
    public Options {
      List<String> problems = new ArrayList<>();
      if (port < 0 || port > 65535) {
        problems.add("port was '" + port + "' but must be between 0 and 65535");
      }
      if (threads < 1 || threads > 64) {
        problems.add("threads was '" + threads + "' but must be between 1 and 64");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid health endpoint options: " + String.join("; ", problems));
      }
    }

    /**
     * Options for {@code port} on all addresses, status only, two threads.
     *
     * @param port the port; 0 picks a free one
     * @return the options
     */
    public static Options port(int port) {
      return builder().port(port).build();
    }

    /**
     * A builder with all addresses, port 8081, status only and two threads.
     *
     * @return a new builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Collects endpoint options; {@link #build()} reports every problem at once. */
    public static final class Builder {
      private @Nullable InetAddress address;
      private int port = 8081;
      private boolean showDetails;
      private int threads = 2;

      private Builder() {}

      /**
       * Binds only {@code address}, such as the loopback address.
       *
       * @param address the local address
       * @return this builder
       */
      public Builder address(InetAddress address) {
        this.address = Objects.requireNonNull(address, "address");
        return this;
      }

      /**
       * Sets the port (default 8081; 0 picks a free one).
       *
       * @param port 0 to 65535
       * @return this builder
       */
      public Builder port(int port) {
        this.port = port;
        return this;
      }

      /**
       * Whether responses list each check's status and data (default false: status only).
       *
       * @param showDetails true to show details
       * @return this builder
       */
      public Builder showDetails(boolean showDetails) {
        this.showDetails = showDetails;
        return this;
      }

      /**
       * How many requests are served at once (default 2).
       *
       * @param threads 1 to 64
       * @return this builder
       */
      public Builder threads(int threads) {
        this.threads = threads;
        return this;
      }

      /**
       * Validates the options.
       *
       * @return the options
       * @throws IllegalArgumentException listing every problem
       */
      public Options build() {
        return new Options(address, port, showDetails, threads);
      }
    }
  }
}
