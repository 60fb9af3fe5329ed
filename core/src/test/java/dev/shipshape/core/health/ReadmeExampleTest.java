package dev.shipshape.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example of core/README.md, kept compiling and working. */
class ReadmeExampleTest {

  /** Stands in for the application's connection pool. */
  static final class Database {
    void ping() {}

    int activeConnections() {
      return 3;
    }
  }

  @Test
  void readmeExampleServesProbes() throws Exception {
    Database db = new Database();
    // --- README example starts here ---
    Health health =
        Health.builder()
            .check(
                "db",
                () -> {
                  db.ping();
                  return HealthResult.up().withDetail("active", db.activeConnections());
                },
                CheckOptions.builder()
                    .probes(Probe.READINESS)
                    .timeout(Duration.ofMillis(500))
                    .cacheFor(Duration.ofSeconds(5))
                    .build())
            .check(
                "event-loop",
                HealthResult::up,
                CheckOptions.builder()
                    .probes(Probe.LIVENESS)
                    .refreshEvery(Duration.ofSeconds(10))
                    .build())
            .check(
                "search",
                HealthCheck.of(() -> {}),
                CheckOptions.builder().probes(Probe.READINESS).nonCritical().build())
            .build();
    HealthEndpoint endpoint =
        HealthEndpoint.start(
            health,
            HealthEndpoint.Options.builder().port(0).showDetails(true).build());

    // ... load configuration, warm caches, then:
    health.markStarted();

    // (the README also registers a shutdown hook calling health.drain())
    // --- README example ends here ---
    try {
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://"
                                  + InetAddress.getLoopbackAddress().getHostAddress()
                                  + ":"
                                  + endpoint.port()
                                  + "/readyz"))
                      .timeout(Duration.ofSeconds(3))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"active\":3");
      assertThat(health.report(Probe.STARTUP).status()).isEqualTo(HealthStatus.UP);
    } finally {
      endpoint.close();
      health.close();
    }
  }
}
