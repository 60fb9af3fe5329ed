package dev.shipshape.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks that hang, throw, return null or are slow, under a ManualClock and manual scheduler. */
class HealthTimeoutsTest {

  private final ManualClock clock = ManualClock.create();
  private final Scheduler scheduler = Scheduler.manual(clock);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Health> healths = new ArrayList<>();

  @AfterEach
  void tearDown() {
    release.countDown();
    healths.forEach(Health::close);
    scheduler.close();
  }

  private Health.Builder builder() {
    return Health.builder().clock(clock).scheduler(scheduler);
  }

  private Health build(Health.Builder b) {
    Health h = b.build();
    healths.add(h);
    return h;
  }

  /** A Health with one readiness check, "db", that blocks until the test releases it. */
  private Health buildWithHungDb(HungChecks hung) {
    return build(builder().check("db", hung.check(), Probe.READINESS));
  }

  /** Starts a readiness report and returns it once the check has been entered. */
  private static CompletableFuture<HealthReport> readinessOnceEntered(
      Health health, CountDownLatch entered) throws InterruptedException {
    CompletableFuture<HealthReport> report =
        health.reportAsync(Probe.READINESS).toCompletableFuture();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    return report;
  }

  /** Checks that block until the test releases them, counting their runs. */
  private final class HungChecks {
    final AtomicInteger invocations = new AtomicInteger();
    final CountDownLatch entered;

    /** Checks of which {@code expected} runs start before {@link #readiness} returns. */
    HungChecks(int expected) {
      this.entered = new CountDownLatch(expected);
    }

    HealthCheck check() {
      return () -> {
        invocations.incrementAndGet();
        entered.countDown();
        release.await();
        return HealthResult.up();
      };
    }

    /** Starts a readiness report and returns it once the expected runs have started. */
    CompletableFuture<HealthReport> readiness(Health health) throws InterruptedException {
      return readinessOnceEntered(health, entered);
    }
  }

  /** Waits until every caller has reached {@code start}, so that they all go on at once. */
  private static void together(CyclicBarrier start) {
    try {
      start.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HealthReport await(CompletableFuture<HealthReport> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void hungCheckIsReportedDownAtItsDeadlineAndNotBefore() throws Exception {
    HungChecks hung = new HungChecks(1);
    CompletableFuture<HealthReport> report = hung.readiness(buildWithHungDb(hung));

    clock.advance(Duration.ofMillis(1999));
    assertThat(report).isNotDone();

    clock.advance(Duration.ofMillis(1));
    HealthReport r = await(report);
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.httpStatus()).isEqualTo(503);
    CheckReport db = r.check("db").orElseThrow();
    assertThat(db.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(db.message()).isEqualTo("timed out after 2s");
    assertThat(db.duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(db.takenAt()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(2));
  }

  @Test
  void laterProbesReportAHungCheckStillTimedOutWithoutStartingASecondCopy() throws Exception {
    HungChecks hung = new HungChecks(1);
    CountDownLatch recovered = new CountDownLatch(1);
    Health health =
        build(
            builder()
                .check("db", hung.check(), Probe.READINESS)
                .listener(
                    new HealthListener() {
                      @Override
                      public void checkStatusChanged(CheckStatusChange change) {
                        if (change.current() == HealthStatus.UP) {
                          recovered.countDown();
                        }
                      }
                    }));
    CompletableFuture<HealthReport> first = hung.readiness(health);
    clock.advance(Duration.ofSeconds(2));
    assertThat(await(first).status()).isEqualTo(HealthStatus.DOWN);

    clock.advance(Duration.ofSeconds(30));
    CompletableFuture<HealthReport> later =
        health.reportAsync(Probe.READINESS).toCompletableFuture();
    assertThat(later).isDone();
    CheckReport db = later.join().check("db").orElseThrow();
    assertThat(db.message()).isEqualTo("timed out after 2s");
    assertThat(db.age()).isEqualTo(Duration.ofSeconds(30));
    assertThat(hung.invocations).hasValue(1);

    release.countDown();
    assertThat(recovered.await(10, TimeUnit.SECONDS)).isTrue();
    HealthReport afterRecovery = health.report(Probe.READINESS);
    assertThat(afterRecovery.status()).isEqualTo(HealthStatus.UP);
    assertThat(hung.invocations).hasValue(2);
  }

  @Test
  void fiftyConcurrentProbeRequestsOverAHungCheckStartItOnlyOnce() throws Exception {
    HungChecks hung = new HungChecks(1);
    Health health = buildWithHungDb(hung);
    ExecutorService callers = Executors.newFixedThreadPool(50);
    try {
      CyclicBarrier start = new CyclicBarrier(50);
      List<CompletableFuture<CompletableFuture<HealthReport>>> requests = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        requests.add(
            CompletableFuture.supplyAsync(
                () -> {
                  together(start);
                  return health.reportAsync(Probe.READINESS).toCompletableFuture();
                },
                callers));
      }
      List<CompletableFuture<HealthReport>> reports = new ArrayList<>();
      for (CompletableFuture<CompletableFuture<HealthReport>> r : requests) {
        reports.add(r.get(10, TimeUnit.SECONDS));
      }
      assertThat(hung.entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(reports).noneMatch(CompletableFuture::isDone);

      clock.advance(Duration.ofSeconds(2));
      for (CompletableFuture<HealthReport> r : reports) {
        assertThat(await(r).check("db").orElseThrow().message()).isEqualTo("timed out after 2s");
      }
      assertThat(hung.invocations).hasValue(1);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void checkThatThrowsIsDownWithTheExceptionClassAndMessageButNoStackTrace() {
    Health health =
        build(
            builder()
                .check(
                    "cache",
                    () -> {
                      throw new IllegalStateException("pool exhausted");
                    },
                    Probe.READINESS));
    HealthReport r = health.report(Probe.READINESS);
    CheckReport cache = r.check("cache").orElseThrow();
    assertThat(cache.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(cache.message()).isEqualTo("java.lang.IllegalStateException: pool exhausted");
    assertThat(r.toJson(true))
        .contains("java.lang.IllegalStateException: pool exhausted")
        .doesNotContain("\tat ")
        .doesNotContain("HealthTimeoutsTest");
  }

  @Test
  void checkWhoseExceptionCannotGiveItsMessageIsDownAndRunsAgainOnTheNextProbe()
      throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Health health =
        build(
            builder()
                .check(
                    "lazy",
                    () -> {
                      if (runs.incrementAndGet() == 1) {
                        throw new UnreadableMessage();
                      }
                      return HealthResult.up();
                    },
                    Probe.READINESS));
    CompletableFuture<HealthReport> first =
        health.reportAsync(Probe.READINESS).toCompletableFuture();
    // the clock stands still: a run that never ended would leave this probe unanswered
    CheckReport lazy = first.get(3, TimeUnit.SECONDS).check("lazy").orElseThrow();
    assertThat(lazy.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(lazy.message()).isEqualTo(UnreadableMessage.class.getName());
    HealthReport second =
        health.reportAsync(Probe.READINESS).toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertThat(second.status()).as("the check ran again").isEqualTo(HealthStatus.UP);
    assertThat(runs).hasValue(2);
  }

  @Test
  void checkThatReturnsNullIsDownWithAMessageSayingSo() {
    Health health = build(builder().check("queue", () -> null, Probe.LIVENESS));
    CheckReport queue = health.report(Probe.LIVENESS).check("queue").orElseThrow();
    assertThat(queue.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(queue.message()).contains("returned null");
  }

  @Test
  void slowCheckThatFinishesBeforeItsTimeoutKeepsItsResultAndDuration() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    Health health =
        build(
            builder()
                .check(
                    "search",
                    () -> {
                      entered.countDown();
                      release.await();
                      return HealthResult.up().withDetail("shards", 5);
                    },
                    Probe.READINESS));
    CompletableFuture<HealthReport> report = readinessOnceEntered(health, entered);
    clock.advance(Duration.ofMillis(1500));
    assertThat(report).isNotDone();
    release.countDown();

    CheckReport search = await(report).check("search").orElseThrow();
    assertThat(search.status()).isEqualTo(HealthStatus.UP);
    assertThat(search.duration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(search.details()).containsEntry("shards", 5);
    // the cancelled timeout does not later overwrite the result
    clock.advance(Duration.ofSeconds(5));
    assertThat(health.report(Probe.READINESS).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void checksOfAProbeRunConcurrently() throws Exception {
    CyclicBarrier both = new CyclicBarrier(2);
    HealthCheck meetTheOther =
        () -> {
          both.await(10, TimeUnit.SECONDS);
          return HealthResult.up();
        };
    Health health =
        build(
            builder()
                .check("a", meetTheOther, Probe.READINESS)
                .check("b", meetTheOther, Probe.READINESS));
    HealthReport r = await(health.reportAsync(Probe.READINESS).toCompletableFuture());
    assertThat(r.status()).isEqualTo(HealthStatus.UP);
    assertThat(r.checks()).extracting(CheckReport::name).containsExactly("a", "b");
  }

  @Test
  void eachCheckHasItsOwnTimeout() throws Exception {
    HungChecks hung = new HungChecks(2);
    Health health =
        build(
            builder()
                .check(
                    "fast-timeout",
                    hung.check(),
                    CheckOptions.builder()
                        .probes(Probe.READINESS)
                        .timeout(Duration.ofMillis(200))
                        .build())
                .check("default-timeout", hung.check(), Probe.READINESS));
    CompletableFuture<HealthReport> report = hung.readiness(health);
    clock.advance(Duration.ofMillis(200));
    assertThat(report).isNotDone();
    clock.advance(Duration.ofMillis(1800));
    HealthReport r = await(report);
    assertThat(r.check("fast-timeout").orElseThrow().message()).isEqualTo("timed out after 200ms");
    assertThat(r.check("default-timeout").orElseThrow().message()).isEqualTo("timed out after 2s");
    assertThat(health.longestTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void fourHungReadinessChecksDoNotStarveALivenessCheckOnTheDefaultPool() throws Exception {
    // Regression: the default pool had four threads, so four hung readiness checks left a trivial
    // liveness check queued until it "timed out", and the pod would have been restarted.
    HungChecks hung = new HungChecks(4);
    Health.Builder b = builder();
    for (int i = 1; i <= 4; i++) {
      b.check("dependency-" + i, hung.check(), Probe.READINESS);
    }
    Health health = build(b.check("alive", HealthResult::up, Probe.LIVENESS));

    CompletableFuture<HealthReport> readiness = hung.readiness(health);
    HealthReport liveness = await(health.reportAsync(Probe.LIVENESS).toCompletableFuture());

    assertThat(liveness.status()).isEqualTo(HealthStatus.UP);
    assertThat(liveness.check("alive").orElseThrow().message()).isNull();
    assertThat(readiness).isNotDone();
    assertThat(hung.invocations).hasValue(4);
  }

  @Test
  void checkRejectedByASaturatedExecutorIsDownInsteadOfFailingTheProbe() {
    Health health =
        build(
            builder()
                .executor(
                    task -> {
                      throw new RejectedExecutionException("queue full");
                    })
                .check("db", HealthResult::up, Probe.READINESS));
    HealthReport r = health.report(Probe.READINESS);
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.check("db").orElseThrow().message())
        .isEqualTo("not started: java.util.concurrent.RejectedExecutionException: queue full");
  }

  @Test
  void closingAnswersAProbeWaitingOnAHungCheck() throws Exception {
    HungChecks hung = new HungChecks(1);
    Health health = buildWithHungDb(hung);
    CompletableFuture<HealthReport> report = hung.readiness(health);
    health.close();
    assertThat(await(report).check("db").orElseThrow().message()).isEqualTo("health is closed");
  }

  @Test
  void concurrentRequestsOverACachedCheckRunItExactlyOnce() throws Exception {
    AtomicInteger invocations = new AtomicInteger();
    Health health =
        build(
            builder()
                .check(
                    "db",
                    () -> HealthResult.up().withDetail("run", invocations.incrementAndGet()),
                    CheckOptions.builder()
                        .probes(Probe.READINESS, Probe.LIVENESS)
                        .cacheFor(Duration.ofSeconds(30))
                        .build()));
    int threads = 8;
    int requestsEach = 250;
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<CompletableFuture<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Probe probe = t % 2 == 0 ? Probe.READINESS : Probe.LIVENESS;
        done.add(
            CompletableFuture.supplyAsync(
                () -> {
                  together(start);
                  int up = 0;
                  for (int i = 0; i < requestsEach; i++) {
                    if (health.report(probe).status() == HealthStatus.UP) {
                      up++;
                    }
                  }
                  return up;
                },
                callers));
      }
      int up = 0;
      for (CompletableFuture<Integer> f : done) {
        up += f.get(20, TimeUnit.SECONDS);
      }
      assertThat(up).isEqualTo(threads * requestsEach);
      assertThat(invocations).hasValue(1);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void runThatEndsAfterCloseIsNeitherRecordedNorToldToListeners() throws Exception {
    List<Runnable> queued = new ArrayList<>();
    List<CheckStatusChange> changes = new ArrayList<>();
    Health health =
        build(
            builder()
                .executor(queued::add)
                .check("db", HealthResult::up, Probe.READINESS)
                .listener(
                    new HealthListener() {
                      @Override
                      public void checkStatusChanged(CheckStatusChange change) {
                        changes.add(change);
                      }
                    }));
    CompletableFuture<HealthReport> report =
        health.reportAsync(Probe.READINESS).toCompletableFuture();
    health.close();
    queued.forEach(Runnable::run);
    assertThat(await(report).check("db").orElseThrow().message()).isEqualTo("health is closed");
    assertThat(changes).isEmpty();
    assertThat(health.report(Probe.READINESS).check("db").orElseThrow().message())
        .isEqualTo("health is closed");
  }
}
