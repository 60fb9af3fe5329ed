package dev.shipshape.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Slo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * On the system clock and real threads: a flag source that blocks never delays the timers that
 * probes, SLO bucket moves and alert evaluation depend on, and never delays {@code close()}.
 */
class ShipshapeSlowSourceTest {

  private static final String DOC =
      "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"on\"}}}";

  /** Reads once, then blocks every later read until released. */
  static final class Blocking implements FlagSource {
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public String name() {
      return "slow";
    }

    @Override
    public Duration pollInterval() {
      return Duration.ofMillis(50);
    }

    @Override
    public @Nullable String read() throws java.io.IOException {
      if (reads.getAndIncrement() > 0) {
        blocked.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted");
        }
      }
      return DOC;
    }
  }

  @Test
  void aBlockedFlagReadDelaysNeitherProbeTimeoutsNorSloTimersNorClose() throws Exception {
    // Regression: polls, SLO bucket moves and evaluation, and check timeouts shared one scheduler
    // thread; a read blocked for 20 s made a 500 ms readiness answer after 10+ s and close() wait.
    Blocking source = new Blocking();
    CountDownLatch hung = new CountDownLatch(1);
    Shipshape ship =
        Shipshape.builder()
            .flags(source)
            .slo(Slo.named("checkout").objective(0.999))
            .sloEvaluationInterval(Duration.ofMillis(100))
            .healthCheck(
                "db",
                () -> {
                  hung.await();
                  return dev.shipshape.core.health.HealthResult.up();
                },
                CheckOptions.builder()
                    .probes(Probe.READINESS)
                    .timeout(Duration.ofMillis(500))
                    .build())
            .build();
    try {
      assertThat(source.blocked.await(10, TimeUnit.SECONDS)).isTrue();
      // the thread that moves SLO buckets and evaluates alerts is free while the read hangs
      CountDownLatch timer = new CountDownLatch(1);
      ship.scheduler().schedule("probe-timer", Duration.ofMillis(50), timer::countDown);
      assertThat(timer.await(2, TimeUnit.SECONDS)).isTrue();
      HealthReport ready =
          org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
              Duration.ofSeconds(2), () -> ship.health().readiness());
      assertThat(ready.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(ready.checks())
          .filteredOn(c -> c.name().equals("db"))
          .singleElement()
          .satisfies(c -> assertThat(c.message()).isEqualTo("timed out after 500ms"));
      ship.slo("checkout").record(true);
      assertThat(ship.flags().booleanValue("f", false)).isTrue();
    } finally {
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          Duration.ofSeconds(2), ship::close);
      hung.countDown();
      source.release.countDown();
    }
  }

  @Test
  void theFlagSourcesCheckNamesAnHttpSourceWithoutItsSecrets() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    URI secret =
        URI.create("http://deploy:s3cr3t@127.0.0.1:" + port + "/flags.json?access_token=tok");
    try (Shipshape ship =
        Shipshape.builder()
            .flags(FlagSource.http(secret, Duration.ZERO, Duration.ofSeconds(2)))
            .staleFlagsCritical(true)
            .build()) {
      HealthReport ready = ship.health().readiness();
      String json = ready.toJson(true);
      assertThat(ready.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(json)
          .contains("http://***@127.0.0.1:" + port + "/flags.json?access_token=***")
          .doesNotContain("s3cr3t")
          .doesNotContain("=tok")
          .doesNotContain("deploy");
    }
  }
}
