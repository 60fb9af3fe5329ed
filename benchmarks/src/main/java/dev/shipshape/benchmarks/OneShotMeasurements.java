package dev.shipshape.benchmarks;

import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.time.Ticker;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Figures that are not steady-state averages, printed as Markdown: how long a readiness probe takes
 * to answer when one check hangs, and the heap retained per SLO and per 1,000 flags.
 */
public final class OneShotMeasurements {

  private static final Ticker TICKER = Ticker.of(Clock.systemUTC());

  private OneShotMeasurements() {}

  /**
   * Runs every measurement and prints a Markdown section to standard output.
   *
   * @param args ignored
   * @throws Exception if a measurement cannot run
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    out.println("### One-shot measurements");
    out.println();
    out.println("| measurement | value |");
    out.println("|---|---:|");
    hungCheck(out);
    Footprints.measure(out);
  }

  private static void hungCheck(PrintStream out) {
    // Warm the probe path first, as in an application that has been serving for a while.
    Health.Builder warm = Health.builder();
    for (int i = 0; i < 100; i++) {
      warm.check("dependency-" + i, HealthResult::up, Probe.READINESS);
    }
    try (Health health = warm.build()) {
      health.markStarted();
      for (int i = 0; i < 2_000; i++) {
        health.readiness();
      }
    }
    Duration timeout = Duration.ofMillis(500);
    int rounds = 5;
    double[] firstMs = new double[rounds];
    double[] nextMs = new double[rounds];
    String statuses = "";
    for (int round = 0; round < rounds; round++) {
      CountDownLatch release = new CountDownLatch(1);
      Health.Builder builder = Health.builder();
      for (int i = 0; i < 99; i++) {
        builder.check("dependency-" + i, HealthResult::up, Probe.READINESS);
      }
      builder.check(
          "hung",
          () -> {
            release.await();
            return HealthResult.up();
          },
          CheckOptions.builder().probes(Probe.READINESS).timeout(timeout).build());
      try (Health health = builder.build()) {
        health.markStarted();
        long start = TICKER.read();
        HealthReport first = health.readiness();
        firstMs[round] = (TICKER.read() - start) / 1e6;
        start = TICKER.read();
        HealthReport next = health.readiness();
        nextMs[round] = (TICKER.read() - start) / 1e6;
        statuses = first.status() + "/" + next.status();
      } finally {
        release.countDown();
      }
    }
    out.printf(
        Locale.ROOT,
        "| readiness, 100 checks, one hung (timeout %d ms): first probe, median (min-max of %d) "
            + "| %s |%n",
        timeout.toMillis(),
        rounds,
        summary(firstMs) + " ms, " + statuses.split("/")[0]);
    out.printf(
        Locale.ROOT,
        "| same, next probe while the hung check still runs | %s |%n",
        summary(nextMs) + " ms, " + statuses.split("/")[1]);
  }

  private static String summary(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "%.1f (%.1f-%.1f)",
        sorted[sorted.length / 2],
        sorted[0],
        sorted[sorted.length - 1]);
  }

  /** Heap-delta helpers shared by the footprint measurements. */
  static final class Footprints {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Footprints() {}

    static void measure(PrintStream out) {
      // Filled in as the flags and SLO modules provide their public APIs.
    }

    /**
     * The used heap after repeated full collections.
     *
     * @return bytes in use
     */
    static long settledHeap() {
      long used = Long.MAX_VALUE;
      for (int i = 0; i < 5; i++) {
        System.gc();
        used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
      }
      return used;
    }
  }
}
