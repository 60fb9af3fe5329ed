package dev.shipshape.core.health;

import dev.shipshape.core.health.internal.DaemonThreads;
import dev.shipshape.core.health.internal.ProbeServer;
import dev.shipshape.time.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the probes over HTTP, for Kubernetes and load balancers. Paths: {@code /health/live}
 * ({@code /livez}), {@code /health/ready} ({@code /readyz}), {@code /health/started} ({@code
 * /startupz}) and {@code /health} (all checks). Responses are MicroProfile Health JSON with 200 for
 * {@code UP}, 503 for {@code DOWN} or {@code OUT_OF_SERVICE} and 500 if the probe machinery failed;
 * only the status is shown unless {@link Options.Builder#showDetails(boolean)} is set. GET and HEAD
 * only; other methods get 405, unknown paths 404, a malformed request 400 and a request head over
 * 8 KiB 431. Every answer arrives within the longest check timeout plus a small margin, whatever
 * the checks do.
 *
 * <p>The endpoint is its own small HTTP/1.1 server: one thread reads every connection's request
 * without blocking, so idle or half-sent connections hold no thread, and a request that has not
 * arrived whole within the {@linkplain Options.Builder#readTimeout(Duration) read timeout} is
 * dropped; beyond 512 open connections the oldest unfinished one is dropped for a new one. Each
 * response closes its connection. No JVM-wide setting is read or changed.
 */
public final class HealthEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);

  /** How long an answer may take beyond the longest check timeout before its connection drops. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);

  private final ProbeServer server;
  private final ExecutorService threads;
  private final Health health;
  private final boolean showDetails;
  private final Map<String, Supplier<CompletionStage<HealthReport>>> routes;

  private HealthEndpoint(
      Health health, boolean details, ExecutorService threads, Options options)
      throws IOException {
    this.health = health;
    this.showDetails = details;
    this.threads = threads;
    this.routes =
        Map.of(
            "/health/live", () -> health.reportAsync(Probe.LIVENESS),
            "/livez", () -> health.reportAsync(Probe.LIVENESS),
            "/health/ready", () -> health.reportAsync(Probe.READINESS),
            "/readyz", () -> health.reportAsync(Probe.READINESS),
            "/health/started", () -> health.reportAsync(Probe.STARTUP),
            "/startupz", () -> health.reportAsync(Probe.STARTUP),
            "/health", health::reportAllAsync);
    InetSocketAddress address =
        options.address() == null
            ? new InetSocketAddress(options.port())
            : new InetSocketAddress(options.address(), options.port());
    this.server =
        ProbeServer.start(
            address,
            Ticker.of(health.clock()),
            options.readTimeout(),
            health.longestTimeout().plus(ANSWER_MARGIN),
            this::handle,
            threads,
            "shipshape-health-http-accept");
  }

  /**
   * Starts serving {@code health}'s probes.
   *
   * @param health the probes to serve
   * @param options address, port, read timeout and whether to show details
   * @return the running endpoint
   * @throws IOException if the address cannot be bound
   */
  public static HealthEndpoint start(Health health, Options options) throws IOException {
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(options, "options");
    ExecutorService threads = DaemonThreads.pool("shipshape-health-http", options.threads(), 64);
    try {
      return new HealthEndpoint(health, options.showDetails(), threads, options);
    } catch (IOException | RuntimeException e) {
      threads.shutdownNow();
      throw e;
    }
  }

  /**
   * The port the endpoint listens on (the chosen one when started with port 0).
   *
   * @return the bound port
   */
  public int port() {
    return server.port();
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
    server.close();
    threads.shutdownNow();
  }

  private CompletionStage<ProbeServer.Response> handle(String method, String path) {
    Supplier<CompletionStage<HealthReport>> route = routes.get(path);
    boolean head = "HEAD".equals(method);
    if (route == null) {
      return CompletableFuture.completedFuture(
          new ProbeServer.Response(404, "{\"error\":\"not found\"}", head, null));
    }
    if (!head && !"GET".equals(method)) {
      return CompletableFuture.completedFuture(
          new ProbeServer.Response(
              405, "{\"error\":\"method not allowed\"}", false, "GET, HEAD"));
    }
    CompletionStage<HealthReport> report;
    try {
      report = route.get();
    } catch (RuntimeException e) {
      report = CompletableFuture.failedFuture(e);
    }
    return report.handle(
        (r, e) -> {
          if (r != null) {
            try {
              return new ProbeServer.Response(r.httpStatus(), r.toJson(showDetails), head, null);
            } catch (RuntimeException failure) {
              e = failure;
            }
          }
          return ProbeServer.failed(LOG, path, head, e);
        });
  }

  /**
   * Where the endpoint listens and what it shows.
   *
   * @param address the local address to bind, or null for all addresses
   * @param port the port; 0 picks a free one
   * @param showDetails whether responses list the checks with their data
   * @param threads how many requests are answered at once
   * @param readTimeout how long a request may take to arrive whole before its connection is
   *     dropped, on the health's clock
   */
  public record Options(
      @Nullable InetAddress address,
      int port,
      boolean showDetails,
      int threads,
      Duration readTimeout) {

    /** The default read timeout: three seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);

    /**
     * Validates the options.
     *
     * @param address the local address or null
     * @param port 0 to 65535
     * @param showDetails whether to show details
     * @param threads 1 to 64
     * @param readTimeout positive, at most one minute
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
      if (readTimeout == null
          || readTimeout.isNegative()
          || readTimeout.isZero()
          || readTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
        problems.add(
            "readTimeout was '" + readTimeout + "' but must be positive and at most PT1M");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid health endpoint options: " + String.join("; ", problems));
      }
    }

    /**
     * Options with the default read timeout.
     *
     * @param address the local address or null
     * @param port 0 to 65535
     * @param showDetails whether to show details
     * @param threads 1 to 64
     * @throws IllegalArgumentException listing every problem
     */
    public Options(@Nullable InetAddress address, int port, boolean showDetails, int threads) {
      this(address, port, showDetails, threads, DEFAULT_READ_TIMEOUT);
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
     * A builder with all addresses, port 8081, status only, two threads and a three-second read
     * timeout.
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
      private Duration readTimeout = DEFAULT_READ_TIMEOUT;

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
       * How many requests are answered at once (default 2): threads that start probes and
       * write their JSON; waiting for checks and reading requests takes none.
       *
       * @param threads 1 to 64
       * @return this builder
       */
      public Builder threads(int threads) {
        this.threads = threads;
        return this;
      }

      /**
       * How long a request may take to arrive whole (default three seconds, on the health's
       * clock); a connection that is idle or sends only part of its request for longer is
       * dropped, so slow or stuck clients never hold the endpoint.
       *
       * @param readTimeout positive, at most one minute
       * @return this builder
       */
      public Builder readTimeout(Duration readTimeout) {
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        return this;
      }

      /**
       * Validates the options.
       *
       * @return the options
       * @throws IllegalArgumentException listing every problem
       */
      public Options build() {
        return new Options(address, port, showDetails, threads, readTimeout);
      }
    }
  }
}
