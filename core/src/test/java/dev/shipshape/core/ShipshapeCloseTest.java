package dev.shipshape.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.HealthEndpoint;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.testsupport.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the system clock and real threads: close() stops everything the facade started. */
class ShipshapeCloseTest {

  @TempDir Path dir;

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  private static String get(int port, String path) throws IOException {
    return RawHttp.exchange(
        port,
        "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        Duration.ofSeconds(10));
  }

  @Test
  void closeStopsEveryThreadItStartedAndReleasesTheEndpointPort() throws Exception {
    Path flags = dir.resolve("flags.json");
    Files.writeString(
        flags,
        "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
            + "\"defaultVariant\":\"on\"}}}");
    Set<Thread> before = liveThreads();

    Shipshape ship =
        Shipshape.builder()
            .flags(FlagSource.file(flags, Duration.ofMillis(50)))
            .slo(Slo.named("checkout").objective(0.999))
            .sloEvaluationInterval(Duration.ofMillis(100))
            .healthCheck(
                "db",
                HealthResult::up,
                CheckOptions.builder()
                    .probes(Probe.READINESS)
                    .refreshEvery(Duration.ofMillis(100))
                    .build())
            .healthCheck("worker", HealthResult::up, Probe.LIVENESS)
            .healthEndpoint(
                HealthEndpoint.Options.builder()
                    .address(InetAddress.getLoopbackAddress())
                    .port(0)
                    .build())
            .meterRegistry(new SimpleMeterRegistry())
            .build();
    int port = ship.healthEndpoint().orElseThrow().port();
    assertThat(get(port, "/health/ready")).startsWith("HTTP/1.1 200").contains("\"status\":\"UP\"");
    assertThat(get(port, "/health/live")).startsWith("HTTP/1.1 200");
    ship.slo("checkout").record(true);
    assertThat(ship.flags().booleanValue("f", false)).isTrue();

    Set<Thread> started = new HashSet<>(liveThreads());
    started.removeAll(before);
    assertThat(started).extracting(Thread::getName).anyMatch(n -> n.startsWith("shipshape"));

    ship.close();

    Set<Thread> left = new HashSet<>(liveThreads());
    left.removeAll(before);
    assertThat(left)
        .extracting(Thread::getName)
        .as("the scheduler and health-check threads are stopped and awaited by close()")
        .noneMatch(n -> n.startsWith("shipshape-scheduler") || n.matches("shipshape-health-\\d+"));
    // The JDK HTTP server's timer and the endpoint's request threads are told to stop by close()
    // but end asynchronously; none may keep running.
    for (Thread t : left) {
      t.join(5_000);
    }
    List<String> names =
        left.stream().filter(Thread::isAlive).map(Thread::getName).sorted().collect(Collectors.toList());
    assertThat(names).as("threads still running after close()").isEmpty();
    try (ServerSocket again = new ServerSocket()) {
      assertThatCode(
              () -> again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
          .as("the endpoint's port is free again")
          .doesNotThrowAnyException();
    }
    assertThatCode(ship::close).as("closing twice").doesNotThrowAnyException();
  }

  @Test
  void anEndpointPortInUseFailsTheBuildAndStopsWhatHadStarted() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Set<Thread> before = liveThreads();
      assertThatThrownBy(
              () ->
                  Shipshape.builder()
                      .slo(Slo.named("checkout").objective(0.999))
                      .healthCheck("worker", HealthResult::up, Probe.LIVENESS)
                      .healthEndpoint(
                          HealthEndpoint.Options.builder()
                              .address(InetAddress.getLoopbackAddress())
                              .port(taken.getLocalPort())
                              .build())
                      .build())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("health endpoint port was '" + taken.getLocalPort() + "'");
      Set<Thread> left = new HashSet<>(liveThreads());
      left.removeAll(before);
      assertThat(left)
          .extracting(Thread::getName)
          .noneMatch(n -> n.startsWith("shipshape-scheduler") || n.matches("shipshape-health-\\d+"));
    }
  }
}
