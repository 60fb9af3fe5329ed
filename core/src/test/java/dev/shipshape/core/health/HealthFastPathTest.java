package dev.shipshape.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.testsupport.Allocations;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A probe whose checks all have fresh cached results is answered straight from the cache, with the
 * same report the checks' runs gave (only older), and a stale result still runs its check. A probe
 * that has to run checks times them out at the probe's start plus their timeout.
 */
class HealthFastPathTest {

  private final ManualClock clock = ManualClock.create();
  private final Scheduler scheduler = Scheduler.manual(clock);
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final AtomicInteger dbRuns = new AtomicInteger();
  private final AtomicInteger searchRuns = new AtomicInteger();
  private final AtomicInteger queueRuns = new AtomicInteger();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    scheduler.close();
  }

  private Health build(Health.Builder b) {
    Health h = b.build();
    closing.add(0, h);
    return h;
  }

  private static CheckOptions cachedFor(Duration ttl, boolean critical) {
    CheckOptions.Builder b = CheckOptions.builder().probes(Probe.READINESS).cacheFor(ttl);
    return (critical ? b : b.nonCritical()).build();
  }

  /** Three checks: UP with details, a non-critical DOWN with a message, UP with a message. */
  private Health.Builder threeChecks(Duration dbTtl) {
    return Health.builder()
        .clock(clock)
        .scheduler(scheduler)
        .executor(Runnable::run)
        .check(
            "db",
            () -> HealthResult.up().withDetail("pool", 8).withDetail("run", dbRuns.incrementAndGet()),
            cachedFor(dbTtl, true))
        .check(
            "search",
            () -> {
              searchRuns.incrementAndGet();
              return HealthResult.down("index is rebuilding").withDetail("shards", 3);
            },
            cachedFor(Duration.ofMinutes(1), false))
        .check(
            "queue",
            () -> {
              queueRuns.incrementAndGet();
              return HealthResult.up("lag 0");
            },
            cachedFor(Duration.ofMinutes(1), true));
  }

  private static List<CheckReport> agedBy(List<CheckReport> checks, Duration age) {
    List<CheckReport> aged = new ArrayList<>();
    for (CheckReport c : checks) {
      aged.add(
          new CheckReport(
              c.name(),
              c.status(),
              c.message(),
              c.details(),
              c.duration(),
              c.takenAt(),
              c.age().plus(age),
              c.critical()));
    }
    return aged;
  }

  @Test
  void cachedProbeGivesTheReportOfTheRunsThatFilledTheCacheOnlyOlder() throws Exception {
    Health health = build(threeChecks(Duration.ofMinutes(1)));
    HealthReport ran = health.report(Probe.READINESS);
    assertThat(ran.status()).isEqualTo(HealthStatus.UP);
    assertThat(ran.checks()).extracting(CheckReport::age).containsOnly(Duration.ZERO);

    clock.advance(Duration.ofSeconds(10));
    HealthReport cached = health.report(Probe.READINESS);
    HealthReport cachedAsync =
        health.reportAsync(Probe.READINESS).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(List.of(dbRuns.get(), searchRuns.get(), queueRuns.get())).containsExactly(1, 1, 1);
    List<CheckReport> expected = agedBy(ran.checks(), Duration.ofSeconds(10));
    assertThat(cached.checks()).isEqualTo(expected);
    assertThat(cachedAsync.checks()).isEqualTo(expected);
    assertThat(cached.status()).isEqualTo(ran.status());
    assertThat(cached.probe()).isEqualTo(Probe.READINESS);
    assertThat(cached.takenAt()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(10));
    assertThat(cached.toJson(true))
        .isEqualTo(
            "{\"status\":\"UP\",\"checks\":["
                + "{\"name\":\"db\",\"status\":\"UP\",\"data\":"
                + "{\"pool\":8,\"run\":1,\"durationMs\":0,\"ageMs\":10000}},"
                + "{\"name\":\"search\",\"status\":\"DOWN\",\"data\":{\"shards\":3,"
                + "\"message\":\"index is rebuilding\",\"durationMs\":0,\"ageMs\":10000,"
                + "\"critical\":false}},"
                + "{\"name\":\"queue\",\"status\":\"UP\",\"data\":"
                + "{\"message\":\"lag 0\",\"durationMs\":0,\"ageMs\":10000}}]}");
  }

  @Test
  void staleResultRunsItsCheckWhileFreshOnesAreReused() {
    Health health = build(threeChecks(Duration.ofSeconds(5)));
    health.report(Probe.READINESS);
    clock.advance(Duration.ofSeconds(5));

    HealthReport r = health.report(Probe.READINESS);

    assertThat(List.of(dbRuns.get(), searchRuns.get(), queueRuns.get())).containsExactly(2, 1, 1);
    CheckReport db = r.check("db").orElseThrow();
    assertThat(db.details()).containsEntry("run", 2);
    assertThat(db.age()).isEqualTo(Duration.ZERO);
    assertThat(db.takenAt()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(5));
    assertThat(r.check("queue").orElseThrow().age()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void cachedCriticalDownMakesTheProbeDownAndNonCriticalDownDoesNot() {
    AtomicBoolean dbUp = new AtomicBoolean(false);
    Health health =
        build(
            Health.builder()
                .clock(clock)
                .scheduler(scheduler)
                .executor(Runnable::run)
                .check(
                    "db",
                    () -> dbUp.get() ? HealthResult.up() : HealthResult.down("refused"),
                    cachedFor(Duration.ofMinutes(1), true))
                .check(
                    "search",
                    () -> HealthResult.down("slow"),
                    cachedFor(Duration.ofMinutes(1), false)));
    assertThat(health.report(Probe.READINESS).status()).isEqualTo(HealthStatus.DOWN);
    dbUp.set(true);
    clock.advance(Duration.ofSeconds(30));
    // still the cached DOWN: the check is not run again within its time to live
    assertThat(health.report(Probe.READINESS).status()).isEqualTo(HealthStatus.DOWN);
    clock.advance(Duration.ofSeconds(30));
    HealthReport r = health.report(Probe.READINESS);
    assertThat(r.status()).isEqualTo(HealthStatus.UP);
    assertThat(r.check("search").orElseThrow().status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void drainingAndProbeListenersWorkOnCachedReports() {
    List<String> changes = new ArrayList<>();
    Health health =
        build(
            threeChecks(Duration.ofMinutes(1))
                .listener(
                    new HealthListener() {
                      @Override
                      public void probeStatusChanged(ProbeStatusChange c) {
                        changes.add(c.probe() + ":" + c.previous() + "->" + c.current());
                      }
                    }));
    health.report(Probe.READINESS);
    health.drain();
    HealthReport drained = health.report(Probe.READINESS);
    health.report(Probe.READINESS);
    health.undrain();
    HealthReport back = health.report(Probe.READINESS);

    assertThat(drained.status()).isEqualTo(HealthStatus.OUT_OF_SERVICE);
    assertThat(drained.httpStatus()).isEqualTo(503);
    assertThat(back.status()).isEqualTo(HealthStatus.UP);
    assertThat(dbRuns).hasValue(1);
    assertThat(changes)
        .containsExactly(
            "READINESS:null->UP", "READINESS:UP->OUT_OF_SERVICE", "READINESS:OUT_OF_SERVICE->UP");
  }

  @Test
  void closedHealthDoesNotAnswerFromItsCache() {
    Health health = build(threeChecks(Duration.ofMinutes(1)));
    health.report(Probe.READINESS);
    health.close();

    HealthReport r = health.report(Probe.READINESS);

    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.checks()).extracting(CheckReport::message).containsOnly("health is closed");
  }

  @Test
  void cachedProbeAllocatesOnlyTheReport() {
    Health.Builder b =
        Health.builder().clock(clock).scheduler(scheduler).executor(Runnable::run);
    for (int i = 0; i < 100; i++) {
      b.check("dependency-" + i, HealthResult::up, cachedFor(Duration.ofHours(1), true));
    }
    long perProbe = bytesPerReadinessProbe(build(b), 100);
    // the report itself: 100 entries (about 40 bytes each, plus an age when it is not zero) and
    // two lists; running the checks through futures took about 34 KB a probe
    assertThat(perProbe).isLessThan(12_000);
  }

  @Test
  void probeRunningItsChecksOnTheCallersThreadAllocatesLittleBesideTheReport() {
    Health.Builder b =
        Health.builder().clock(clock).scheduler(scheduler).executor(Runnable::run);
    for (int i = 0; i < 4; i++) {
      b.check(
          "dependency-" + i,
          () -> HealthResult.up().withDetail("pool", "8/8"),
          CheckOptions.of(Probe.READINESS));
    }
    Health health = build(b);
    health.markStarted();
    long perProbe = bytesPerReadinessProbe(health, 4);
    // each check's result with its one detail, its timeout on the scheduler and its report entry,
    // then the report; the detail copied twice and the probe waiting on a future for every check
    // took about 5.4 KB a probe (2.5 KB since)
    assertThat(perProbe).isLessThan(3_000);
  }

  /**
   * What a readiness probe of {@code health} allocates on the calling thread once warmed up, each
   * probe checked to answer UP with {@code checks} checks.
   */
  private static long bytesPerReadinessProbe(Health health, int checks) {
    health.report(Probe.READINESS);
    int probes = 2_000;
    Allocations.Measured m =
        Allocations.measure(
            probes,
            probes,
            () -> {
              HealthReport r = health.report(Probe.READINESS);
              return r.status() == HealthStatus.UP && r.checks().size() == checks ? 1 : 0;
            });
    assertThat(m.sink()).isEqualTo(2 * probes);
    return m.perRun();
  }

  @Test
  void hungCheckTimesOutAtTheProbesStartPlusItsTimeoutHoweverLateItWasHandedOver()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newCachedThreadPool();
    closing.add(threads::shutdownNow);
    closing.add(0, release::countDown);
    AtomicBoolean first = new AtomicBoolean(true);
    // handing over the first check takes 300 ms of the probe's time
    Executor slowToStart =
        r -> {
          if (first.getAndSet(false)) {
            clock.advance(Duration.ofMillis(300));
            r.run();
          } else {
            threads.execute(r);
          }
        };
    Health health =
        build(
            Health.builder()
                .clock(clock)
                .scheduler(scheduler)
                .executor(slowToStart)
                .check("warm", HealthResult::up, Probe.READINESS)
                .check(
                    "hung",
                    () -> {
                      release.await();
                      return HealthResult.up();
                    },
                    CheckOptions.builder()
                        .probes(Probe.READINESS)
                        .timeout(Duration.ofMillis(500))
                        .build()));

    CompletableFuture<HealthReport> report =
        health.reportAsync(Probe.READINESS).toCompletableFuture();
    clock.advance(Duration.ofMillis(199));
    assertThat(report).isNotDone();
    clock.advance(Duration.ofMillis(1));

    HealthReport r = report.get(10, TimeUnit.SECONDS);
    CheckReport hung = r.check("hung").orElseThrow();
    assertThat(hung.message()).isEqualTo("timed out after 500ms");
    assertThat(hung.duration()).isEqualTo(Duration.ofMillis(500));
    assertThat(hung.takenAt()).isEqualTo(ManualClock.DEFAULT_START.plusMillis(500));
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
  }
}
