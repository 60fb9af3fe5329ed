package dev.shipshape.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.CheckReport;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile health checks under a manual clock: whatever a check does, the probe answers, DOWN with
 * the exact message, at its deadline at the latest; a hung check is never started twice.
 */
class HealthChecksTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /** Runs {@code check} as the only readiness check; returns its report at {@code advance}. */
  static CheckReport probe(HealthCheck check, Duration advance) throws Exception {
    ManualClock clock = ManualClock.create();
    Scheduler scheduler = Scheduler.forClock(clock);
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "hostile-check");
      t.setDaemon(true);
      return t;
    });
    try (Health health =
        Health.builder()
            .clock(clock)
            .scheduler(scheduler)
            .executor(pool)
            .check("c", check, CheckOptions.builder().probes(Probe.READINESS).timeout(TIMEOUT).build())
            .build()) {
      CompletableFuture<HealthReport> report =
          health.reportAsync(Probe.READINESS).toCompletableFuture();
      if (!advance.isZero()) {
        clock.advance(advance);
      }
      HealthReport r = report.get(3, TimeUnit.SECONDS);
      assertThat(r.checks()).hasSize(1);
      return r.checks().get(0);
    } finally {
      pool.shutdownNow();
      scheduler.close();
    }
  }

  /** The check's report is DOWN with exactly {@code message}. */
  static Hostile down(String name, HealthCheck check, Duration advance, String message) {
    return Hostile.of(
        name,
        () -> {
          CheckReport c = probe(check, advance);
          assertThat(c.status()).isEqualTo(HealthStatus.DOWN);
          assertThat(c.message()).isEqualTo(message);
        });
  }

  @SuppressWarnings("unchecked")
  static <T extends Throwable> @Nullable HealthResult sneaky(Throwable t) throws T {
    throw (T) t;
  }

  static final List<Hostile> CASES = new ArrayList<>();

  static {
    CASES.add(down("throws a RuntimeException",
        () -> { throw new IllegalStateException("pool exhausted"); }, Duration.ZERO,
        "java.lang.IllegalStateException: pool exhausted"));
    CASES.add(down("throws an Error", () -> { throw new AssertionError("bug"); }, Duration.ZERO,
        "java.lang.AssertionError: bug"));
    CASES.add(down("throws a checked exception", () -> { throw new java.io.IOException("io"); },
        Duration.ZERO, "java.io.IOException: io"));
    CASES.add(down("throws an OutOfMemoryError", () -> sneaky(new OutOfMemoryError("heap")),
        Duration.ZERO, "java.lang.OutOfMemoryError: heap"));
    CASES.add(down("throws a StackOverflowError", () -> sneaky(new StackOverflowError()),
        Duration.ZERO, "java.lang.StackOverflowError"));
    CASES.add(down("returns null", () -> null, Duration.ZERO,
        "check returned null instead of a HealthResult"));
    CASES.add(down("hangs forever", () -> {
      new CountDownLatch(1).await();
      return HealthResult.up();
    }, TIMEOUT, "timed out after 500ms"));
    CASES.add(down("hangs and ignores interrupts", () -> {
      CountDownLatch never = new CountDownLatch(1);
      while (true) {
        try {
          never.await();
        } catch (InterruptedException ignored) {
          // keeps hanging
        }
      }
    }, TIMEOUT, "timed out after 500ms"));
    CASES.add(Hostile.of("a hung check is started once for many probes", () -> {
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ManualClock clock = ManualClock.create();
      Scheduler scheduler = Scheduler.forClock(clock);
      ExecutorService pool = Executors.newCachedThreadPool();
      try (Health health =
          Health.builder()
              .clock(clock)
              .scheduler(scheduler)
              .executor(pool)
              .check("c", () -> {
                runs.incrementAndGet();
                started.countDown();
                release.await();
                return HealthResult.up();
              }, CheckOptions.builder().probes(Probe.READINESS).timeout(TIMEOUT).build())
              .build()) {
        List<CompletableFuture<HealthReport>> reports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          reports.add(health.reportAsync(Probe.READINESS).toCompletableFuture());
        }
        // the check is running (and hung) before its deadline passes
        assertThat(started.await(3, TimeUnit.SECONDS)).isTrue();
        clock.advance(TIMEOUT);
        for (CompletableFuture<HealthReport> r : reports) {
          assertThat(r.get(3, TimeUnit.SECONDS).status()).isEqualTo(HealthStatus.DOWN);
        }
        assertThat(runs).hasValue(1);
      } finally {
        release.countDown();
        pool.shutdownNow();
        scheduler.close();
      }
    }));
    CASES.add(Hostile.of("returns 100,000 details", () -> {
      java.util.Map<String, Object> details = new java.util.HashMap<>();
      for (int i = 0; i < 100_000; i++) {
        details.put("k" + i, i);
      }
      CheckReport c = probe(() -> new HealthResult(HealthStatus.UP, null, details), Duration.ZERO);
      assertThat(c.status()).isEqualTo(HealthStatus.UP);
      assertThat(c.details()).hasSize(100_000);
    }));
    CASES.add(Hostile.of("returns a message of 1 MB", () -> {
      CheckReport c = probe(() -> HealthResult.down("m".repeat(1 << 20)), Duration.ZERO);
      assertThat(c.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(c.message()).hasSize(1 << 20);
    }));
  }

  @TestFactory
  Stream<DynamicTest> hostileChecks() {
    return Hostile.run(CASES);
  }
}
