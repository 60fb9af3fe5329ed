package dev.shipshape.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Writes a Prometheus server's configuration and starts its process on a free loopback port. */
final class PrometheusProcess {
  private static final int START_ATTEMPTS = 3;

  private PrometheusProcess() {}

  /** One scrape job of the configuration, scraping {@code hostPort} with the given labels. */
  static String target(String jobName, String job, String hostPort, Map<String, String> labels) {
    StringBuilder t = new StringBuilder();
    t.append("  - job_name: ").append(quote(jobName)).append('\n');
    t.append("    static_configs:\n");
    t.append("      - targets: [").append(quote(hostPort)).append("]\n");
    t.append("        labels:\n");
    t.append("          job: ").append(quote(job)).append('\n');
    labels.forEach(
        (k, v) -> t.append("          ").append(k).append(": ").append(quote(v)).append('\n'));
    return t.toString();
  }

  /**
   * Writes the configuration and rule files into a new temporary directory and starts the
   * server, waiting until it is ready.
   */
  static PrometheusServer start(
      Duration scrapeInterval,
      Duration evaluationInterval,
      Duration startTimeout,
      List<String> targets,
      Map<String, String> ruleFiles)
      throws IOException, InterruptedException {
    Path binary = ExternalTools.require("prometheus", ExternalTools.PROMETHEUS_PACKAGE);
    Path dir = Files.createTempDirectory("shipshape-prometheus-");
    try {
      StringBuilder config = new StringBuilder();
      config.append("global:\n");
      config.append("  scrape_interval: ").append(seconds(scrapeInterval)).append('\n');
      config.append("  scrape_timeout: ").append(seconds(scrapeInterval)).append('\n');
      config.append("  evaluation_interval: ").append(seconds(evaluationInterval)).append('\n');
      if (!ruleFiles.isEmpty()) {
        config.append("rule_files:\n");
        for (Map.Entry<String, String> f : ruleFiles.entrySet()) {
          Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
          config.append("  - ").append(quote(f.getKey())).append('\n');
        }
      }
      if (!targets.isEmpty()) {
        config.append("scrape_configs:\n");
      }
      targets.forEach(config::append);
      Files.writeString(dir.resolve("prometheus.yml"), config, StandardCharsets.UTF_8);
      HttpClient http =
          HttpClient.newBuilder().connectTimeout(PrometheusServer.REQUEST_TIMEOUT).build();
      for (int attempt = 1; ; attempt++) {
        PrometheusServer server =
            launch(binary, dir, http, startTimeout, attempt == START_ATTEMPTS);
        if (server != null) {
          return server;
        }
        // another process took the free port between our probe and prometheus' bind
      }
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  /** The ready server, or null when the port was taken and another attempt may follow. */
  private static @Nullable PrometheusServer launch(
      Path binary, Path dir, HttpClient http, Duration startTimeout, boolean lastAttempt)
      throws IOException, InterruptedException {
    int port = freePort();
    Process process = launchProcess(binary, dir, port);
    URI uri = URI.create("http://127.0.0.1:" + port + "/");
    PrometheusServer server = new PrometheusServer(dir, process, uri, http, binary, startTimeout);
    try {
      server.await("prometheus is ready", startTimeout, () -> server.ready());
      return server;
    } catch (AssertionError e) {
      stop(process);
      if (!lastAttempt && server.log().contains("address already in use")) {
        return null;
      }
      throw e;
    } catch (InterruptedException | RuntimeException e) {
      stop(process);
      throw e;
    }
  }

  /** Starts prometheus in {@code dir} on the loopback {@code port}, logging to a file there. */
  static Process launchProcess(Path binary, Path dir, int port) throws IOException {
    return new ProcessBuilder(
            binary.toString(),
            "--config.file=prometheus.yml",
            "--storage.tsdb.path=data",
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn")
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile()))
        .start();
  }

  /** Stops the process, waiting for it to exit (forcibly after ten seconds). */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Deletes a server's directory; one left behind is not worth failing a test for. */
  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing a test for
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String seconds(Duration d) {
    return Math.max(1, d.toSeconds()) + "s";
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
