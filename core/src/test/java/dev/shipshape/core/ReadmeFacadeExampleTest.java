package dev.shipshape.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.testsupport.Readme;
import dev.shipshape.time.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The code samples of core/README-facade.md, kept compiling, running and verbatim; the first one
 * also opens the project's README.
 */
class ReadmeFacadeExampleTest {

  private static final Path TEST_SOURCE =
      Path.of("src/test/java/dev/shipshape/core/ReadmeFacadeExampleTest.java");

  /** Stands in for the application's database. */
  static final class Database {
    int pings;

    void ping() {
      pings++;
    }
  }

  /** Stands in for the application's checkout handler. */
  static final class Checkout {
    boolean handle(String order, boolean newCheckout) {
      return !order.isEmpty();
    }
  }

  /** What the first sample leaves behind, for assertions. */
  record Outcome(Shipshape ship, boolean newCheckout, HealthReport ready) {}

  static Outcome firstSample(
      Database db, MeterRegistry registry, String userId, Checkout checkout, String order) {
    // --- README sample 1 starts here ---
    Shipshape ship =
        Shipshape.builder()
            .flags(FlagSource.file(Path.of("flags.json")))
            .slo(Slo.named("checkout").objective(0.999).window(Duration.ofDays(28)))
            .healthCheck("db", HealthCheck.of(db::ping), Probe.READINESS)
            .meterRegistry(registry)
            .build();

    // per request
    boolean newCheckout =
        ship.flags().booleanValue("new-checkout", false, EvaluationContext.of(userId));
    boolean ok = checkout.handle(order, newCheckout);
    ship.slo("checkout").record(ok);

    // readiness for your own endpoint, or use .healthEndpoint(...) to serve the probes
    HealthReport ready = ship.health().readiness();

    // at shutdown
    ship.close();
    // --- README sample 1 ends here ---
    return new Outcome(ship, newCheckout, ready);
  }

  @Test
  void firstSampleWiresAnApplicationAndRuns() {
    Database db = new Database();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Outcome outcome = firstSample(db, registry, "user-42", new Checkout(), "order-1");
    assertThat(outcome.newCheckout()).as("no flags.json here: the caller's default").isFalse();
    assertThat(outcome.ready().check("db").orElseThrow().status()).isEqualTo(HealthStatus.UP);
    assertThat(outcome.ready().check("flag-sources").orElseThrow().status())
        .as("a missing flag file is reported, non-critically")
        .isEqualTo(HealthStatus.DOWN);
    assertThat(outcome.ready().status()).isEqualTo(HealthStatus.UP);
    assertThat(db.pings).isEqualTo(1);
    assertThat(outcome.ship().slo("checkout").events(Duration.ofHours(1)).good()).isEqualTo(1);
    assertThat(registry.getMeters()).as("close() removed the facade's meters").isEmpty();
  }

  @Test
  void manualClockSampleFiresThePage() {
    // --- README sample 2 starts here ---
    ManualClock clock = ManualClock.create();
    try (Shipshape ship =
        Shipshape.builder().clock(clock).slo(Slo.named("checkout").objective(0.99)).build()) {
      ship.slo("checkout").record(50, 50); // half the traffic fails
      clock.advance(Duration.ofMinutes(1)); // alerts are evaluated every 10 s of clock time
      assertThat(ship.slo("checkout").isFiring(Severity.PAGE)).isTrue();
    }
    // --- README sample 2 ends here ---
  }

  @Test
  void readmeShowsTheseSamplesVerbatim() throws IOException {
    List<String> readme = Readme.javaBlocks(Path.of("README-facade.md"));
    String source = Files.readString(TEST_SOURCE);
    assertThat(readme.get(0)).isEqualTo(Readme.markedSample(source, 1));
    assertThat(readme).contains(Readme.markedSample(source, 2));
  }

  @Test
  void theProjectReadmeOpensWithTheFirstSample() throws IOException {
    List<String> projectReadme = Readme.javaBlocks(Path.of("../README.md"));
    assertThat(projectReadme.get(0))
        .isEqualTo(Readme.markedSample(Files.readString(TEST_SOURCE), 1));
  }
}
