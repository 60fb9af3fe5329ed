package dev.shipshape.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.HealthEndpoint;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.PrometheusRules;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.time.Scheduler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny live checkout service wired with the Shipshape facade: {@code /checkout} calls a flaky
 * local payments dependency through a guard that feeds the checkout SLO; flags come from a file
 * you can edit while it runs; health probes listen on their own port; {@code /metrics} serves
 * Prometheus text, and {@code /flags}, {@code /slos} and {@code /rules} show the flags, the SLO
 * state and the SLO's Prometheus rules.
 *
 * <p>Flags in the file: {@code new-checkout} (boolean, a fractional split: which checkout path a
 * user gets), {@code payments-failure-rate} (number: the share of payment attempts the local
 * dependency fails, for trying things out) and {@code payments-enabled} (boolean: the guard's
 * kill switch).
 */
public final class QuickstartService implements AutoCloseable {

  /** The checkout SLO's name. */
  public static final String SLO = "checkout";

  /** The guard's name. */
  public static final String GUARD = "payments";

  private static final Logger log = LoggerFactory.getLogger(QuickstartService.class);

  /** How long a client may take to send a request before the service closes the connection. */
  static final Duration REQUEST_TIME_LIMIT = Duration.ofSeconds(5);

  /** The most requests the service reads and answers at once unless told otherwise. */
  static final int DEFAULT_MAX_REQUESTS = 64;

  /** The most requests {@code --max-requests} accepts. */
  static final int MAX_MAX_REQUESTS = 10_000;

  /** The flag file written when none exists yet. */
  public static final String DEFAULT_FLAGS =
      """
      {
        "$schema": "https://flagd.dev/schema/v0/flags.json",
        "flags": {
          "new-checkout": {
            "state": "ENABLED",
            "variants": { "on": true, "off": false },
            "defaultVariant": "off",
            "targeting": { "fractional": [ [ "on", 10 ], [ "off", 90 ] ] },
            "metadata": { "owner": "checkout-team" }
          },
          "payments-failure-rate": {
            "state": "ENABLED",
            "variants": { "none": 0.0, "some": 0.05, "half": 0.5, "all": 1.0 },
            "defaultVariant": "none"
          },
          "payments-enabled": {
            "state": "ENABLED",
            "variants": { "on": true, "off": false },
            "defaultVariant": "on"
          }
        },
        "metadata": { "flagSetId": "quickstart" }
      }
      """;

  /**
   * Where and how the service runs.
   *
   * @param address the address both servers bind to
   * @param port the service's port (0: any free port)
   * @param healthPort the health probes' port (0: any free port)
   * @param flagsFile the flagd-format flag file, created with {@link #DEFAULT_FLAGS} if missing
   * @param flagPollInterval how often the flag file is checked for changes
   * @param maxRequests the most requests read and answered at once, each on a thread of its own;
   *     beyond it the one that has waited longest for its request to arrive is dropped
   */
  public record Options(
      InetAddress address,
      int port,
      int healthPort,
      Path flagsFile,
      Duration flagPollInterval,
      int maxRequests) {

    /**
     * Checks the cap on requests.
     *
     * @throws IllegalArgumentException if {@code maxRequests} is below 1
     */
    public Options {
      if (maxRequests < 1) {
        throw new IllegalArgumentException(
            "maxRequests was '" + maxRequests + "' but must be at least 1");
      }
    }

    /**
     * Options with the default cap of 64 requests at once.
     *
     * @param address the address both servers bind to
     * @param port the service's port (0: any free port)
     * @param healthPort the health probes' port (0: any free port)
     * @param flagsFile the flagd-format flag file
     * @param flagPollInterval how often the flag file is checked for changes
     */
    public Options(
        InetAddress address, int port, int healthPort, Path flagsFile, Duration flagPollInterval) {
      this(address, port, healthPort, flagsFile, flagPollInterval, DEFAULT_MAX_REQUESTS);
    }

    /**
     * The defaults: loopback, ports 8080 and 8081, {@code quickstart-flags.json}, polled every
     * second, 64 requests at once.
     *
     * @return the defaults
     */
    public static Options defaults() {
      return new Options(
          InetAddress.getLoopbackAddress(),
          8080,
          8081,
          Path.of("quickstart-flags.json"),
          Duration.ofSeconds(1));
    }
  }

  private final Shipshape ship;
  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private final BoundedExchanges serverThreads;
  private final Scheduler paymentsScheduler;

  private QuickstartService(
      Shipshape ship,
      PrometheusMeterRegistry registry,
      HttpServer server,
      BoundedExchanges serverThreads,
      Scheduler paymentsScheduler) {
    this.ship = ship;
    this.registry = registry;
    this.server = server;
    this.serverThreads = serverThreads;
    this.paymentsScheduler = paymentsScheduler;
  }

  /**
   * The checkout SLO: 99.9% of checkouts paid within 500 ms over 28 days.
   *
   * @return the definition
   */
  public static SloDefinition checkoutSlo() {
    return Slo.named(SLO)
        .service("quickstart")
        .description("Checkouts paid within 500 ms")
        .objective(0.999)
        .latencyThreshold(Duration.ofMillis(500))
        .build();
  }

  /**
   * Starts the service and its probe endpoint.
   *
   * @param options ports, address and flag file
   * @return the running service
   * @throws IOException if the flag file cannot be created or a port cannot be bound
   */
  public static QuickstartService start(Options options) throws IOException {
    if (!Files.exists(options.flagsFile())) {
      Files.writeString(options.flagsFile(), DEFAULT_FLAGS, StandardCharsets.UTF_8);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Shipshape ship =
        Shipshape.builder()
            .flags(FlagSource.file(options.flagsFile(), options.flagPollInterval()))
            .slo(checkoutSlo())
            .healthCheck(
                "event-loop", HealthResult::up, CheckOptions.of(Probe.LIVENESS, Probe.READINESS))
            .guard(
                GUARD,
                g ->
                    g.timeout(Duration.ofMillis(300))
                        .retry(2, Duration.ofMillis(50))
                        .circuitBreaker()
                        .slo(SLO)
                        .killSwitch("payments-enabled"))
            .meterRegistry(registry)
            .healthEndpoint(
                HealthEndpoint.Options.builder()
                    .address(options.address())
                    .port(options.healthPort())
                    .showDetails(true)
                    .build())
            .build();
    Scheduler paymentsScheduler = Scheduler.system();
    limitSlowClients();
    BoundedExchanges threads =
        new BoundedExchanges(options.maxRequests(), daemon("quickstart-http"));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(options.address(), options.port()), 0);
    } catch (IOException e) {
      ship.close();
      paymentsScheduler.close();
      threads.shutdownNow();
      throw e;
    }
    QuickstartService service =
        new QuickstartService(ship, registry, server, threads, paymentsScheduler);
    server.createContext("/checkout", threads.handler(service::checkout));
    server.createContext("/flags", threads.handler(service::flags));
    server.createContext("/slos", threads.handler(service::slos));
    server.createContext("/rules", threads.handler(service::rules));
    server.createContext("/metrics", threads.handler(service::metrics));
    server.setExecutor(threads);
    server.start();
    ship.health().markStarted();
    log.atInfo()
        .setMessage(
            "quickstart service started on {} port {} (health on port {}), flags from {}")
        .addArgument(options.address().getHostAddress())
        .addArgument(service.port())
        .addArgument(service.healthPort())
        .addArgument(options.flagsFile().toAbsolutePath())
        .addKeyValue("address", options.address().getHostAddress())
        .addKeyValue("port", service.port())
        .addKeyValue("healthPort", service.healthPort())
        .addKeyValue("flags", options.flagsFile().toAbsolutePath())
        .log();
    return service;
  }

  /**
   * The port the service listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The port the health probes listen on.
   *
   * @return the port
   */
  public int healthPort() {
    return ship.healthEndpoint().orElseThrow().port();
  }

  /**
   * The running application parts.
   *
   * @return the facade
   */
  public Shipshape shipshape() {
    return ship;
  }

  /** Stops the servers, the scheduler and every thread the service started. */
  @Override
  public void close() {
    server.stop(0);
    serverThreads.shutdownNow();
    ship.close();
    paymentsScheduler.close();
    registry.close();
  }

  private void checkout(HttpExchange exchange) throws IOException {
    try (exchange) {
      String user = QuickstartHttp.query(exchange).getOrDefault("user", "anonymous");
      EvaluationContext ctx = EvaluationContext.of(user);
      boolean newPath = ship.flags().booleanValue("new-checkout", false, ctx);
      double failureRate = ship.flags().doubleValue("payments-failure-rate", 0.0, ctx);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("user", user);
      body.put("path", newPath ? "new" : "old");
      int status;
      try {
        String receipt = ship.guard(GUARD).call(() -> charge(failureRate));
        body.put("status", "paid");
        body.put("receipt", receipt);
        status = 200;
      } catch (GuardException e) {
        body.put("status", "failed");
        body.put("outcome", e.outcome().label());
        body.put("error", e.getMessage());
        status = 503;
      } catch (RuntimeException e) {
        body.put("status", "failed");
        body.put("outcome", "failure");
        body.put("error", e.getMessage());
        status = 503;
      }
      QuickstartHttp.sendJson(exchange, status, body);
    }
  }

  /** The flaky local payments dependency: 20-80 ms, failing as often as the flag says. */
  private String charge(double failureRate) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean fail = random.nextDouble() < failureRate;
    CompletableFuture<String> answer = new CompletableFuture<>();
    paymentsScheduler.schedule(
        "payments-response",
        Duration.ofMillis(20 + random.nextInt(61)),
        () -> {
          if (fail) {
            answer.completeExceptionally(new IllegalStateException("payments: 503 try again"));
          } else {
            answer.complete("rcpt-" + Long.toHexString(random.nextLong() >>> 16));
          }
        });
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("payments: interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
  }

  private void flags(HttpExchange exchange) throws IOException {
    try (exchange) {
      String user = QuickstartHttp.query(exchange).getOrDefault("user", "anonymous");
      QuickstartHttp.sendJson(exchange, 200, QuickstartHttp.flags(ship, user));
    }
  }

  private void slos(HttpExchange exchange) throws IOException {
    try (exchange) {
      QuickstartHttp.sendJson(exchange, 200, QuickstartHttp.slos(ship));
    }
  }

  private void rules(HttpExchange exchange) throws IOException {
    try (exchange) {
      QuickstartHttp.send(
          exchange, 200, "application/yaml", PrometheusRules.generate(ship.slo(SLO).definition()));
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    try (exchange) {
      QuickstartHttp.send(
          exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }
  }

  /**
   * The JDK's server reads each request on a thread of its executor, so a client that sends half a
   * request holds that thread until the request ends or the connection closes. Each request gets a
   * thread of its own, up to {@link Options#maxRequests()} ({@link BoundedExchanges} then drops
   * the slowest), and the server closes a request not received within {@link
   * #REQUEST_TIME_LIMIT}, which bounds how long a slow client holds its thread. The JDK reads the
   * setting once, when the process's first server starts; a value given with {@code -D} is kept.
   */
  private static void limitSlowClients() {
    System.getProperties()
        .putIfAbsent(
            "sun.net.httpserver.maxReqTime", Long.toString(REQUEST_TIME_LIMIT.toSeconds()));
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  static final CommandLine.Option<Integer> PORT =
      new CommandLine.Option<>("--port", "8080", CommandLine.port());
  static final CommandLine.Option<Integer> HEALTH_PORT =
      new CommandLine.Option<>("--health-port", "8081", CommandLine.port());
  static final CommandLine.Option<InetAddress> BIND =
      new CommandLine.Option<>("--bind", "127.0.0.1", CommandLine.address());
  static final CommandLine.Option<Path> FLAGS =
      new CommandLine.Option<>("--flags", "quickstart-flags.json", CommandLine.path());
  static final CommandLine.Option<Integer> MAX_REQUESTS =
      new CommandLine.Option<>(
          "--max-requests",
          Integer.toString(DEFAULT_MAX_REQUESTS),
          CommandLine.integer(1, MAX_MAX_REQUESTS));

  /** Every option of the {@code quickstart} command, in the order the usage lists them. */
  static final List<CommandLine.Option<?>> OPTIONS =
      List.of(PORT, HEALTH_PORT, BIND, FLAGS, MAX_REQUESTS);

  /**
   * Reads the command line over {@link Options#defaults()}: {@code --port 8080}, {@code
   * --health-port 8081}, {@code --bind 127.0.0.1} (the address both servers listen on; {@code
   * 0.0.0.0} for every interface, as a Prometheus in a container needs), {@code --flags
   * quickstart-flags.json}, {@code --max-requests 64} (the most requests read and answered at
   * once).
   *
   * @param args the arguments after {@code quickstart}
   * @return the options
   * @throws CommandLine.UsageException listing every bad option at once
   */
  static Options parse(List<String> args) {
    Options d = Options.defaults();
    CommandLine.Values v =
        CommandLine.parse(
            args,
            OPTIONS,
            (values, problems) -> {
              int port = values.get(PORT, d.port());
              int health = values.get(HEALTH_PORT, d.healthPort());
              if (port != 0 && port == health) {
                problems.add(
                    "--health-port was '" + health + "' but must differ from --port, which is '"
                        + port + "' (or be 0: any free port)");
              }
            });
    return new Options(
        v.get(BIND, d.address()),
        v.get(PORT, d.port()),
        v.get(HEALTH_PORT, d.healthPort()),
        v.get(FLAGS, d.flagsFile()),
        d.flagPollInterval(),
        v.get(MAX_REQUESTS, d.maxRequests()));
  }

  /**
   * Starts the service and serves until the process is stopped; also writes the SLO's Prometheus
   * rules to {@code quickstart-slo-rules.yml}.
   *
   * @param options where to listen and the flag file
   * @param out where the addresses are printed
   * @throws IOException if a port cannot be bound or a file written
   * @throws InterruptedException if interrupted while serving
   */
  static void serve(Options options, PrintStream out) throws IOException, InterruptedException {
    Path rules = Path.of("quickstart-slo-rules.yml");
    PrometheusRules.write(rules, List.of(checkoutSlo()));
    QuickstartService service = start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.shipshape().health().drain();
                  service.close();
                  stopped.countDown();
                },
                "quickstart-shutdown"));
    String host = host(options.address());
    out.printf(
        "Quickstart service on http://%s:%d  (try /checkout?user=alice, /flags, /slos,"
            + " /metrics, /rules)%nHealth probes on http://%s:%d/health/ready%n"
            + "Flags file: %s (edit it; changes load within a second)%nPrometheus rules: %s%n",
        host,
        service.port(),
        host,
        service.healthPort(),
        options.flagsFile().toAbsolutePath(),
        rules.toAbsolutePath());
    out.flush();
    stopped.await();
  }

  /** How to reach an address from this machine: any-local addresses through localhost. */
  private static String host(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
      return "localhost";
    }
    String h = address.getHostAddress();
    return h.contains(":") ? "[" + h + "]" : h;
  }
}
