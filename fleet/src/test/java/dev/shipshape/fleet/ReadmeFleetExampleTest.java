package dev.shipshape.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutControlRefusedException;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.testsupport.Readme;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The code of fleet/README.md, compiled, run against a query API on loopback, and verbatim. */
@Timeout(30)
class ReadmeFleetExampleTest {

  private static final Path TEST_SOURCE =
      Path.of("src/test/java/dev/shipshape/fleet/ReadmeFleetExampleTest.java");

  @Test
  void theReadmeSampleRollsOutTheFleetsStep() throws Exception {
    Instant start = Instant.now().minus(90, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    String document =
        "{\"flags\":{\"new-checkout\":{\"state\":\"ENABLED\","
            + "\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\","
            + "\"targeting\":{\"fractional\":[[\"on\",0],[\"off\",100]]},\"metadata\":{"
            + "\"rollout.start\":\"" + start + "\",\"rollout.steps\":\"1,5,25,50,100\","
            + "\"rollout.interval\":\"1h\",\"rollout.rollBackOnHalt\":true}}}}";
    HttpServer flags = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    flags.createContext(
        "/flags.json",
        exchange -> {
          byte[] body = document.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    flags.start();
    try (ScriptedPrometheus server = new ScriptedPrometheus()) {
      URI prometheus = server.uri();
      URI flagDocument =
          URI.create("http://127.0.0.1:" + flags.getAddress().getPort() + "/flags.json");
      MeterRegistry registry = new SimpleMeterRegistry();
      String userId = "user-42";

      // --- README sample 1 starts here ---
      FleetGate fleet =
          FleetGate.builder(prometheus) // such as URI.create("http://prometheus:9090")
              .pollInterval(Duration.ofSeconds(30))
              .queryTimeout(Duration.ofSeconds(5))
              .build();
      Shipshape ship =
          Shipshape.builder()
              .flags(FlagSource.http(flagDocument)) // the document above, for every instance
              .slo(Slo.named("checkout").objective(0.999))
              .rollout("new-checkout", r -> r.haltOn("checkout").gate(fleet))
              .meterRegistry(registry) // exports shipshape_slo_events_total for Prometheus
              .build();

      boolean newCheckout =
          ship.flags().booleanValue("new-checkout", false, EvaluationContext.of(userId));
      Rollout rollout = ship.rollouts().get("new-checkout");
      double served = rollout.percent(); // the fleet's step, once a verdict confirmed it
      List<RolloutAuditEntry> seen = rollout.history(); // what this instance observed, and why
      // --- README sample 1 ends here ---

      assertThat(served).isIn(0.0, 5.0);
      assertThat(seen).isNotNull();
      assertThat(newCheckout).isIn(true, false);
      for (int i = 0; i < 200 && rollout.percent() != 5.0; i++) {
        TimeUnit.MILLISECONDS.sleep(25);
      }
      assertThat(rollout.percent()).as("the plan's second step, confirmed").isEqualTo(5.0);
      assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
      assertThat(rollout.config().rollBackOnHalt()).as("from the plan").isTrue();
      assertThat(rollout.nextStepAt()).contains(start.plus(Duration.ofHours(2)));
      assertThat(server.requests).isNotEmpty();
      try {
        rollout.pause();
        throw new AssertionError("a fleet rollout's pause() must be refused");
      } catch (RolloutControlRefusedException e) {
        assertThat(e.getMessage()).contains("rollout.pausedAt");
      }
      ship.close();
      fleet.close();
    } finally {
      flags.stop(0);
    }
  }

  @Test
  void theReadmeShowsTheSampleVerbatim() throws Exception {
    List<String> blocks = Readme.javaBlocks(Path.of("README.md"));
    assertThat(blocks).isNotEmpty();
    assertThat(blocks.get(0).stripTrailing())
        .isEqualTo(Readme.markedSample(Files.readString(TEST_SOURCE), 1).stripTrailing());
  }
}
