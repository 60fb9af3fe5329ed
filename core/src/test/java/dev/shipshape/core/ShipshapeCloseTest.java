package dev.shipshape.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetryEvent.Kind;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.HealthEndpoint;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.testsupport.RawHttp;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

  private Path flagFile() throws IOException {
    Path flags = dir.resolve("flags.json");
    Files.writeString(
        flags,
        "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
            + "\"defaultVariant\":\"on\"}}}");
    return flags;
  }

  /** A sink that keeps every event and the ones it was given after its close(). */
  private static final class RecordingSink implements TelemetrySink {
    final List<TelemetryEvent> seen = new CopyOnWriteArrayList<>();
    final List<TelemetryEvent> afterClose = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    @Override
    public void accept(TelemetryEvent event) {
      (closed ? afterClose : seen).add(event);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void closeLeavesTheHealthExecutorAndTheSchedulerItWasGivenRunning() throws Exception {
    ManualClock clock = ManualClock.create();
    Scheduler scheduler = Scheduler.manual(clock);
    ExecutorService checks = Executors.newSingleThreadExecutor();
    try {
      Shipshape ship =
          Shipshape.builder()
              .clock(clock)
              .scheduler(scheduler)
              .healthExecutor(checks)
              .healthCheck("db", HealthResult::up, Probe.READINESS)
              .build();
      assertThat(ship.health().readiness().status()).isEqualTo(HealthStatus.UP);
      ship.close();

      assertThat(checks.isShutdown()).as("the application's own executor").isFalse();
      assertThat(checks.submit(() -> "runs").get(5, TimeUnit.SECONDS)).isEqualTo("runs");
      AtomicBoolean fired = new AtomicBoolean();
      scheduler.schedule("own task", Duration.ofSeconds(1), () -> fired.set(true));
      clock.advance(Duration.ofSeconds(1));
      assertThat(fired).as("the application's own scheduler").isTrue();
    } finally {
      checks.shutdownNow();
      scheduler.close();
    }
  }

  @Test
  void aSinkIsGivenNoEventAfterItsClose() throws Exception {
    RecordingSink sink = new RecordingSink();
    Shipshape ship =
        Shipshape.builder()
            .flags(FlagSource.file(flagFile()))
            .slo(Slo.named("checkout").objective(0.999))
            .guard("payments", g -> g.slo("checkout"))
            .healthCheck("db", HealthResult::up, Probe.READINESS)
            .telemetry(sink)
            .logging(false)
            .build();
    assertThat(ship.flags().booleanValue("f", false)).isTrue();
    assertThat(sink.seen).extracting(TelemetryEvent::kind).contains(Kind.FLAG_EVALUATED);

    ship.close();
    // the application is still in use on this thread after close() returned
    assertThat(ship.flags().booleanValue("f", false)).isTrue();
    assertThat(ship.guard("payments").call(() -> "paid")).isEqualTo("paid");
    assertThat(
            ship.guard("payments")
                .callAsync(() -> CompletableFuture.completedFuture("paid"))
                .toCompletableFuture()
                .handle((v, e) -> e))
        .succeedsWithin(Duration.ofSeconds(5));
    ship.slo("checkout").record(false);
    assertThat(ship.health().report(Probe.READINESS).status()).isEqualTo(HealthStatus.DOWN);

    assertThat(sink.afterClose)
        .as("TelemetrySink.close() is called after the last event")
        .extracting(TelemetryEvent::kind)
        .isEmpty();
  }

  @Test
  void closingUnderLoadLeavesNoCallerWaitingNoUndocumentedExceptionAndNoThread()
      throws Exception {
    int threads = 4;
    Set<Thread> before = liveThreads();
    Shipshape ship =
        Shipshape.builder()
            .flags(FlagSource.file(flagFile()))
            .slo(Slo.named("checkout").objective(0.999))
            .guard("payments", g -> g.timeout(Duration.ofSeconds(5)).slo("checkout"))
            .guard("search", g -> g.timeout(Duration.ofSeconds(5)).retry(3, Duration.ofMillis(1)))
            .healthCheck("db", HealthResult::up, Probe.READINESS)
            .healthEndpoint(
                HealthEndpoint.Options.builder()
                    .address(InetAddress.getLoopbackAddress())
                    .port(0)
                    .build())
            .logging(false)
            .build();
    int port = ship.healthEndpoint().orElseThrow().port();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    AtomicBoolean closed = new AtomicBoolean();
    CountDownLatch running = new CountDownLatch(threads);
    List<Throwable> undocumented = new CopyOnWriteArrayList<>();
    List<CompletableFuture<?>> pending = new CopyOnWriteArrayList<>();
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int me = t;
        done.add(
            workers.submit(
                () -> {
                  running.countDown();
                  // work while the application closes, then a few rounds after it closed
                  int roundsAfter = 0;
                  while (roundsAfter < 20) {
                    if (closed.get()) {
                      roundsAfter++;
                    }
                    ship.flags().booleanValue("f", false);
                    ship.slo("checkout").record(true);
                    try {
                      ship.guard("payments").call(() -> "paid");
                    } catch (GuardException e) {
                      // documented: the guards are closed
                    } catch (RuntimeException e) {
                      undocumented.add(e);
                    }
                    pending.add(
                        ship.guard("search")
                            .callAsync(() -> CompletableFuture.completedFuture("found"))
                            .toCompletableFuture());
                    pending.add(
                        ship.health().reportAsync(Probe.READINESS).toCompletableFuture());
                    if (me == 0) {
                      ship.health().report(Probe.READINESS);
                      try {
                        get(port, "/health/ready");
                      } catch (IOException e) {
                        // documented: the endpoint is closed
                      }
                    }
                  }
                  return null;
                }));
      }
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(50);
      assertTimeoutPreemptively(Duration.ofSeconds(10), ship::close);
      closed.set(true);
      for (Future<?> f : done) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      workers.shutdownNow();
    }

    assertThat(undocumented).as("exceptions Guard.call does not document").isEmpty();
    for (CompletableFuture<?> f : pending) {
      // every stage completes; a guarded call's fails with the guards' CancellationException or
      // a GuardException
      Throwable e = f.handle((v, x) -> x).get(5, TimeUnit.SECONDS);
      if (e != null) {
        assertThat(e).isInstanceOfAny(CancellationException.class, GuardException.class);
      }
    }
    Set<Thread> left = new HashSet<>(liveThreads());
    left.removeAll(before);
    assertThat(left)
        .extracting(Thread::getName)
        .as("threads of the library alive after close() and calls made after it")
        .noneMatch(n -> n.startsWith("shipshape") && !n.startsWith("shipshape-health-http"));
  }

  /** A sink that ignores events and runs {@code action} when it is closed. */
  private static TelemetrySink onClose(Runnable action) {
    return new TelemetrySink() {
      @Override
      public void accept(TelemetryEvent event) {}

      @Override
      public void close() {
        action.run();
      }
    };
  }

  @Test
  void aSecondCloseOnAnotherThreadReturnsOnlyOnceTheFirstHasEnded() throws Exception {
    CountDownLatch sinkClosing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Shipshape ship =
        Shipshape.builder()
            .logging(false)
            .telemetry(
                onClose(
                    () -> {
                      sinkClosing.countDown();
                      try {
                        release.await(10, TimeUnit.SECONDS); // a sink flushing what it holds
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }))
            .build();
    CompletableFuture<Void> first = CompletableFuture.runAsync(ship::close);
    assertThat(sinkClosing.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> second = CompletableFuture.runAsync(ship::close);

    assertThat(second)
        .as("a second close() while the first is still closing the sinks")
        .failsWithin(Duration.ofMillis(300));
    release.countDown();
    assertThat(first).succeedsWithin(Duration.ofSeconds(5));
    assertThat(second).succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void aCloseFromASinksCloseOrFromAHealthCheckTheFirstCloseStopsReturnsAtOnce() throws Exception {
    AtomicReference<Shipshape> app = new AtomicReference<>();
    CountDownLatch checkRunning = new CountDownLatch(1);
    Shipshape ship =
        Shipshape.builder()
            .logging(false)
            .healthCheck(
                "hung",
                () -> {
                  checkRunning.countDown();
                  try {
                    new CountDownLatch(1).await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    app.get().close(); // interrupted by the close() that waits for this thread
                  }
                  return HealthResult.up();
                },
                Probe.READINESS)
            .telemetry(onClose(() -> app.get().close()))
            .build();
    app.set(ship);
    CompletionStage<?> probe = ship.health().reportAsync(Probe.READINESS);
    assertThat(checkRunning.await(10, TimeUnit.SECONDS)).isTrue();

    // waiting would cost the two seconds close() gives the health-check threads, or forever
    assertTimeoutPreemptively(Duration.ofMillis(1500), ship::close);
    assertThat(probe.toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5));
  }
}
