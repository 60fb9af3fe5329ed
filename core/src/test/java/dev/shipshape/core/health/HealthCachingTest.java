package dev.shipshape.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Results cached for a time to live and checks refreshed in the background. */
class HealthCachingTest {

  private final ManualClock clock = ManualClock.create();
  private final Scheduler scheduler = Scheduler.manual(clock);
  private final AtomicInteger invocations = new AtomicInteger();
  private final HealthCheck counting =
      () -> HealthResult.up().withDetail("run", invocations.incrementAndGet());
  private Health health = Health.builder().clock(clock).scheduler(scheduler).build();

  @AfterEach
  void tearDown() {
    health.close();
    scheduler.close();
  }

  private Health build(CheckOptions options) {
    health.close();
    // checks run on the calling thread, so background runs finish inside clock.advance
    health =
        Health.builder()
            .clock(clock)
            .scheduler(scheduler)
            .executor(Runnable::run)
            .check("db", counting, options)
            .build();
    return health;
  }

  @Test
  void withoutCachingEveryProbeRequestRunsTheCheck() {
    build(CheckOptions.of(Probe.READINESS));
    health.report(Probe.READINESS);
    health.report(Probe.READINESS);
    health.report(Probe.READINESS);
    assertThat(invocations).hasValue(3);
  }

  @Test
  void cachedResultIsReusedUntilItsTimeToLiveHasPassed() {
    build(CheckOptions.builder().probes(Probe.READINESS).cacheFor(Duration.ofSeconds(10)).build());
    health.report(Probe.READINESS);
    clock.advance(Duration.ofSeconds(9));
    CheckReport cached = health.report(Probe.READINESS).check("db").orElseThrow();
    assertThat(invocations).hasValue(1);
    assertThat(cached.age()).isEqualTo(Duration.ofSeconds(9));
    assertThat(cached.takenAt()).isEqualTo(ManualClock.DEFAULT_START);
    assertThat(cached.details()).containsEntry("run", 1);

    clock.advance(Duration.ofSeconds(1));
    CheckReport fresh = health.report(Probe.READINESS).check("db").orElseThrow();
    assertThat(invocations).hasValue(2);
    assertThat(fresh.age()).isEqualTo(Duration.ZERO);
    assertThat(fresh.details()).containsEntry("run", 2);
  }

  @Test
  void aClockMovedBackByMoreThanTheTimeToLiveRunsTheCheckAgain() {
    build(CheckOptions.builder().probes(Probe.READINESS).cacheFor(Duration.ofSeconds(10)).build());
    health.report(Probe.READINESS);
    clock.rewind(Duration.ofHours(1));
    CheckReport r = health.report(Probe.READINESS).check("db").orElseThrow();
    assertThat(invocations).as("a result from an hour ahead is not served").hasValue(2);
    assertThat(r.age()).isEqualTo(Duration.ZERO);
    assertThat(r.details()).containsEntry("run", 2);
    health.report(Probe.READINESS);
    assertThat(invocations).as("the new result is cached as usual").hasValue(2);
    clock.advance(Duration.ofHours(1)).advance(Duration.ofSeconds(10));
    health.report(Probe.READINESS);
    assertThat(invocations).hasValue(3);
  }

  @Test
  void aClockMovedBackByLessThanTheTimeToLiveKeepsTheCachedResult() {
    build(CheckOptions.builder().probes(Probe.READINESS).cacheFor(Duration.ofSeconds(10)).build());
    health.report(Probe.READINESS);
    clock.rewind(Duration.ofSeconds(9));
    CheckReport r = health.report(Probe.READINESS).check("db").orElseThrow();
    assertThat(invocations).hasValue(1);
    assertThat(r.age()).isEqualTo(Duration.ZERO);
  }

  @Test
  void backgroundCheckRunsOnTheSchedulerAndProbesOnlyReadItsLatestResult() {
    build(
        CheckOptions.builder().probes(Probe.READINESS).refreshEvery(Duration.ofSeconds(5)).build());
    clock.advance(Duration.ZERO);
    assertThat(invocations).hasValue(1);

    clock.advance(Duration.ofSeconds(3));
    for (int i = 0; i < 10; i++) {
      health.report(Probe.READINESS);
    }
    CheckReport r = health.report(Probe.READINESS).check("db").orElseThrow();
    assertThat(invocations).hasValue(1);
    assertThat(r.age()).isEqualTo(Duration.ofSeconds(3));

    clock.advance(Duration.ofSeconds(2 + 5 * 10));
    assertThat(invocations).hasValue(12);
    CheckReport latest = health.report(Probe.READINESS).check("db").orElseThrow();
    assertThat(latest.details()).containsEntry("run", 12);
    assertThat(latest.age()).isEqualTo(Duration.ZERO);
  }

  @Test
  @Timeout(20)
  void aHungBackgroundCheckIsNotStartedAgainByLaterRefreshesAndResumesOnceItReturns()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(0, 8, 1, TimeUnit.SECONDS, new SynchronousQueue<>());
    health.close();
    health =
        Health.builder()
            .clock(clock)
            .scheduler(scheduler)
            .executor(pool)
            .check(
                "db",
                () -> {
                  if (invocations.incrementAndGet() == 1) {
                    release.await();
                  }
                  return HealthResult.up();
                },
                CheckOptions.builder()
                    .probes(Probe.READINESS)
                    .timeout(Duration.ofSeconds(2))
                    .refreshEvery(Duration.ofSeconds(1))
                    .build())
            .build();
    try {
      for (int second = 0; second <= 30; second++) {
        clock.advance(second == 0 ? Duration.ZERO : Duration.ofSeconds(1));
      }
      CheckReport hung = health.report(Probe.READINESS).check("db").orElseThrow();
      assertThat(hung.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(hung.message()).isEqualTo("timed out after 2s");
      assertThat(pool.getTaskCount()).as("runs handed to the executor").isEqualTo(1);

      release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> pool.getCompletedTaskCount() == 1);
      clock.advance(Duration.ofSeconds(1));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> health.report(Probe.READINESS).status() == HealthStatus.UP);
      assertThat(invocations).hasValue(2);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void backgroundCheckThatHasNotRunYetRunsOnTheFirstProbe() {
    build(
        CheckOptions.builder().probes(Probe.READINESS).refreshEvery(Duration.ofMinutes(1)).build());
    HealthReport r = health.report(Probe.READINESS);
    assertThat(r.status()).isEqualTo(HealthStatus.UP);
    assertThat(invocations).hasValue(1);
    clock.advance(Duration.ZERO);
    assertThat(invocations).hasValue(2);
  }

  @Test
  void closingStopsBackgroundRefreshesAndReportsChecksClosed() {
    build(
        CheckOptions.builder().probes(Probe.READINESS).refreshEvery(Duration.ofSeconds(5)).build());
    clock.advance(Duration.ofSeconds(5));
    assertThat(invocations).hasValue(2);
    health.close();
    clock.advance(Duration.ofMinutes(5));
    assertThat(invocations).hasValue(2);
    CheckReport r = health.report(Probe.READINESS).check("db").orElseThrow();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.message()).isEqualTo("health is closed");
  }
}
