package dev.shipshape.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) for one test: it listens on a
 * free loopback port, keeps its configuration, rule files and TSDB in a temporary directory,
 * scrapes the targets it is given and evaluates the rule files. {@link #close()} stops it and
 * deletes the directory; use it in try-with-resources so it is stopped whatever the test does.
 *
 * <pre>{@code
 * try (PrometheusServer prometheus =
 *     PrometheusServer.builder()
 *         .target("app", "127.0.0.1:" + port)
 *         .ruleFile("slo-rules.yml", PrometheusRules.generate(slos))
 *         .start()) {
 *   double up = prometheus.await("the target is up", Duration.ofSeconds(20),
 *       () -> prometheus.value("up{job=\"app\"}"));
 * }
 * }</pre>
 *
 * <p>Without the {@code prometheus} program on the {@code PATH} the test is skipped with how to
 * install it, except under {@code CI=true}, where it fails. Every wait is bounded: starting by
 * {@link Builder#startTimeout(Duration)}, each HTTP request by {@link #REQUEST_TIMEOUT}, each
 * {@link #await} by its timeout. Prometheus discovers static targets a few seconds after it
 * starts, so the first scrape comes about five seconds in.
 */
public final class PrometheusServer implements AutoCloseable {

  /** How long one request to the server's HTTP API may take. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** How often {@link #await} asks again. */
  public static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private final Path dir;
  private volatile Process process;
  private final URI uri;
  private final PrometheusHttp api;
  private final Path binary;
  private final Duration startTimeout;

  PrometheusServer(
      Path dir, Process process, URI uri, HttpClient http, Path binary, Duration startTimeout) {
    this.dir = dir;
    this.process = process;
    this.uri = uri;
    this.api = new PrometheusHttp(uri, http, this::log);
    this.binary = binary;
    this.startTimeout = startTimeout;
  }

  /**
   * Starts describing a server: scrape and rule evaluation every second, no targets, no rules.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server's base URI, such as {@code http://127.0.0.1:41234}.
   *
   * @return the URI
   */
  public URI uri() {
    return uri;
  }

  /**
   * The server's data directory, holding its TSDB.
   *
   * @return the directory
   */
  public Path dataDirectory() {
    return dir.resolve("data");
  }

  /**
   * GETs {@code pathAndQuery} from the HTTP API and returns its {@code data} member.
   *
   * @param pathAndQuery such as {@code /api/v1/alerts}
   * @return the {@code data} of a {@code "status":"success"} answer
   * @throws org.opentest4j.AssertionFailedError when the answer is not a success
   */
  public JsonNode get(String pathAndQuery) {
    return api.get(pathAndQuery);
  }

  /**
   * Evaluates {@code promql} at the server's current time.
   *
   * @param promql an expression yielding an instant vector
   * @return its samples
   */
  public List<Sample> query(String promql) {
    return PrometheusHttp.samples(get("/api/v1/query?query=" + PrometheusHttp.encode(promql)));
  }

  /**
   * Evaluates {@code promql} at the instant {@code time}.
   *
   * @param promql an expression yielding an instant vector
   * @param time the evaluation instant in Unix seconds (with a fraction), such as a sample's
   *     {@code timestamp()}
   * @return its samples
   */
  public List<Sample> query(String promql, double time) {
    return PrometheusHttp.samples(
        get("/api/v1/query?query=" + PrometheusHttp.encode(promql) + "&time=" + String.format(
            java.util.Locale.ROOT, "%.3f", time)));
  }

  /**
   * The value of {@code promql} when it yields exactly one sample.
   *
   * @param promql an expression
   * @return the value, or empty when it yields no sample
   * @throws org.opentest4j.AssertionFailedError when it yields several samples
   */
  public OptionalDouble value(String promql) {
    return single(promql, query(promql));
  }

  /**
   * The value of {@code promql} at the instant {@code time} when it yields exactly one sample.
   *
   * @param promql an expression
   * @param time the evaluation instant in Unix seconds
   * @return the value, or empty when it yields no sample
   * @throws org.opentest4j.AssertionFailedError when it yields several samples
   */
  public OptionalDouble value(String promql, double time) {
    return single(promql, query(promql, time));
  }

  private static OptionalDouble single(String promql, List<Sample> samples) {
    if (samples.isEmpty()) {
      return OptionalDouble.empty();
    }
    if (samples.size() > 1) {
      Assertions.fail(promql + " yielded " + samples.size() + " samples: " + samples);
    }
    return OptionalDouble.of(samples.get(0).value());
  }

  /**
   * The alerts the server's rules currently hold ({@code /api/v1/alerts}): pending and firing.
   *
   * @return the alerts
   */
  public List<Alert> alerts() {
    List<Alert> out = new ArrayList<>();
    for (JsonNode a : get("/api/v1/alerts").path("alerts")) {
      out.add(
          new Alert(
              PrometheusHttp.strings(a.path("labels")),
              PrometheusHttp.strings(a.path("annotations")),
              a.path("state").asText()));
    }
    return out;
  }

  /**
   * Asks {@code probe} every {@link #POLL_INTERVAL} until it answers, failing the test after
   * {@code timeout} (with the server's log) or as soon as the server exits.
   *
   * @param <T> what the probe answers
   * @param what what is awaited, for the failure message
   * @param timeout the longest wait
   * @param probe answers empty until the awaited state is reached
   * @return the probe's first answer
   * @throws InterruptedException when interrupted while waiting
   */
  public <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> answer = probe.get();
      if (answer.isPresent()) {
        return answer.get();
      }
      if (System.nanoTime() - deadline >= 0) {
        return Assertions.fail(
            what + ": not reached within " + timeout + "; server log:\n" + log());
      }
      // Waiting on the process doubles as the pause between polls and notices an early exit.
      if (process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
        return Assertions.fail(what + ": prometheus exited with " + process.exitValue()
            + "; server log:\n" + log());
      }
    }
  }

  /**
   * What the server has logged so far.
   *
   * @return its standard output and error
   */
  public String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops the server (waiting for it to exit) and deletes its directory. */
  @Override
  public void close() {
    PrometheusProcess.stop(process);
    PrometheusProcess.deleteRecursively(dir);
  }

  /**
   * Stops the server as an outage would, keeping its directory (configuration and TSDB) and its
   * port for {@link #restart()}.
   */
  public void stop() {
    PrometheusProcess.stop(process);
  }

  /**
   * Starts a stopped server again on the same port, with the same configuration and TSDB, and
   * waits until it is ready; its samples from before the stop are kept.
   *
   * @throws IOException when the process cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public void restart() throws IOException, InterruptedException {
    if (process.isAlive()) {
      throw new IllegalStateException("prometheus is running; stop() it first");
    }
    this.process = PrometheusProcess.launchProcess(binary, dir, uri.getPort());
    await("prometheus is ready again", startTimeout, this::ready);
  }

  /**
   * One sample of an instant vector.
   *
   * @param labels the series' labels, {@code __name__} included when it has one
   * @param value the value
   */
  public record Sample(Map<String, String> labels, double value) {}

  /**
   * One alert of {@code /api/v1/alerts}.
   *
   * @param labels its labels, {@code alertname} included
   * @param annotations its annotations
   * @param state {@code pending} or {@code firing}
   */
  public record Alert(Map<String, String> labels, Map<String, String> annotations, String state) {

    /**
     * Whether the alert is firing.
     *
     * @return true when {@link #state()} is {@code firing}
     */
    public boolean firing() {
      return "firing".equals(state);
    }
  }

  /** What the server scrapes and evaluates; {@link #start()} launches it. */
  public static final class Builder {
    private Duration scrapeInterval = Duration.ofSeconds(1);
    private Duration evaluationInterval = Duration.ofSeconds(1);
    private Duration startTimeout = Duration.ofSeconds(30);
    private final List<String> targets = new ArrayList<>();
    private final Map<String, String> ruleFiles = new LinkedHashMap<>();

    private Builder() {}

    /**
     * How often every target is scraped; default one second.
     *
     * @param interval the interval, whole seconds
     * @return this builder
     */
    public Builder scrapeInterval(Duration interval) {
      this.scrapeInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * How often rules are evaluated (groups without their own {@code interval}); default one
     * second.
     *
     * @param interval the interval, whole seconds
     * @return this builder
     */
    public Builder evaluationInterval(Duration interval) {
      this.evaluationInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * How long the server may take to become ready; default 30 seconds.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Scrapes {@code http://<hostPort>/metrics} as job {@code job}.
     *
     * @param job the job label
     * @param hostPort such as {@code 127.0.0.1:8080}
     * @return this builder
     */
    public Builder target(String job, String hostPort) {
      return target(job, hostPort, Map.of());
    }

    /**
     * Scrapes {@code http://<hostPort>/metrics} as job {@code job}, adding {@code labels} to every
     * scraped series (as service discovery adds {@code namespace} or {@code env}).
     *
     * @param job the job label
     * @param hostPort such as {@code 127.0.0.1:8080}
     * @param labels target labels
     * @return this builder
     */
    public Builder target(String job, String hostPort, Map<String, String> labels) {
      targets.add(PrometheusProcess.target(job + "-" + targets.size(), job, hostPort, labels));
      return this;
    }

    /**
     * Loads a rule file, such as one from {@code PrometheusRules.generate}.
     *
     * @param name the file's name, such as {@code slo-rules.yml}
     * @param yaml its content
     * @return this builder
     */
    public Builder ruleFile(String name, String yaml) {
      ruleFiles.put(name, yaml);
      return this;
    }

    /**
     * Writes the configuration and rule files into a new temporary directory and starts the
     * server on a free loopback port, waiting until it is ready.
     *
     * @return the running server
     * @throws IOException when the directory or files cannot be written
     * @throws InterruptedException when interrupted while waiting
     */
    public PrometheusServer start() throws IOException, InterruptedException {
      return PrometheusProcess.start(
          scrapeInterval, evaluationInterval, startTimeout, targets, ruleFiles);
    }
  }

  /** Whether the server answers ready, or empty while it does not (yet). */
  Optional<Boolean> ready() {
    return api.ready();
  }
}
