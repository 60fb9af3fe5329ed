package dev.shipshape.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

class ShipshapeHealthContributorTest {

  private final ManualClock clock = ManualClock.create();
  private final Scheduler scheduler = Scheduler.manual(clock);
  private final AtomicInteger readinessRuns = new AtomicInteger();
  private final Health health =
      Health.builder()
          .clock(clock)
          .scheduler(scheduler)
          .check(
              "db",
              () -> {
                readinessRuns.incrementAndGet();
                return HealthResult.up();
              },
              Probe.READINESS)
          .check("cache", () -> HealthResult.down("evicted"), CheckOptions.builder()
              .probes(Probe.READINESS).nonCritical().build())
          .check("queue", () -> HealthResult.down("full"), Probe.READINESS)
          .check("event-loop", HealthResult::up, Probe.LIVENESS)
          .build();
  private final ShipshapeHealthContributor contributor = new ShipshapeHealthContributor(health);

  @AfterEach
  void close() {
    health.close();
    scheduler.close();
  }

  @Test
  void mapsCriticalAndNonCriticalFailuresToBootStatuses() {
    Map<String, org.springframework.boot.health.contributor.Health> readiness = probe("readiness");
    assertThat(readiness.get("db").getStatus()).isEqualTo(Status.UP);
    assertThat(readiness.get("queue").getStatus()).isEqualTo(Status.DOWN);
    assertThat(readiness.get("queue").getDetails()).containsEntry("message", "full");
    assertThat(readiness.get("cache").getStatus().getCode()).isEqualTo("DEGRADED");
    assertThat(readiness.get("cache").getDetails())
        .containsEntry("critical", false)
        .containsEntry("checkStatus", "DOWN");
    assertThat(probe("liveness")).containsOnlyKeys("event-loop");
  }

  @Test
  void runsAProbesChecksOncePerRequestAndOnlyWhenOneIsAskedFor() {
    CompositeHealthContributor readiness =
        (CompositeHealthContributor) contributor.getContributor("readiness");
    List<String> names = readiness.stream().map(HealthContributors.Entry::name).toList();
    assertThat(names).containsExactly("db", "cache", "queue");
    assertThat(readinessRuns).hasValue(0); // the names are known without running anything

    readiness.stream().toList(); // a liveness request iterates readiness without asking
    assertThat(readinessRuns).hasValue(0);

    readiness.stream()
        .forEach(e -> ((HealthIndicator) e.contributor()).health());
    assertThat(readinessRuns).hasValue(1);
  }

  /** A count whose text cannot be read. */
  private static final class UnreadableCount extends BigInteger {
    private static final long serialVersionUID = 1L;

    UnreadableCount() {
      super("3");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("pool closed");
    }
  }

  @Test
  void aDetailWhoseTextCannotBeReadIsShownAsUnreadableAndTheCheckKeepsItsStatus() {
    Number gauge = new UnreadableCount();
    try (Health hostile =
        Health.builder()
            .clock(clock)
            .scheduler(scheduler)
            .check(
                "pool",
                () -> HealthResult.up().withDetail("active", gauge).withDetail("max", 8),
                Probe.READINESS)
            .build()) {
      CompositeHealthContributor readiness =
          (CompositeHealthContributor)
              new ShipshapeHealthContributor(hostile).getContributor("readiness");
      org.springframework.boot.health.contributor.Health pool =
          ((HealthIndicator) readiness.getContributor("pool")).health();

      assertThat(pool.getStatus()).isEqualTo(Status.UP);
      assertThat(pool.getDetails())
          .containsEntry("active", gauge.getClass().getName() + " (unreadable)")
          .containsEntry("max", "8");
    }
  }

  @Test
  void hasNoContributorForAnUnknownProbeOrCheck() {
    assertThat(contributor.getContributor("metrics")).isNull();
    CompositeHealthContributor liveness =
        (CompositeHealthContributor) contributor.getContributor("liveness");
    assertThat(liveness.getContributor("db")).isNull();
    assertThat(liveness.getContributor("event-loop")).isInstanceOf(HealthIndicator.class);
  }

  private Map<String, org.springframework.boot.health.contributor.Health> probe(String name) {
    CompositeHealthContributor probe = (CompositeHealthContributor) contributor.getContributor(name);
    return probe.stream()
        .collect(
            Collectors.toMap(
                HealthContributors.Entry::name,
                e -> ((HealthIndicator) e.contributor()).health()));
  }
}
