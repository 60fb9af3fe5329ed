package dev.shipshape.benchmarks;

import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.Ticker;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    static void measure(PrintStream out) throws IOException {
      int slos = 1_000;
      // As the facade creates them: on one shared scheduler, whose boundary task per SLO is part
      // of what each SLO retains.
      try (Scheduler scheduler = Scheduler.system()) {
        long before = settledHeap();
        List<Slo> kept = new ArrayList<>(slos);
        for (int i = 0; i < slos; i++) {
          Slo slo =
              Slo.create(
                  Slo.named("slo-" + i).objective(0.999).window(Duration.ofDays(35)).build(),
                  scheduler);
          slo.record(true);
          kept.add(slo);
        }
        long perSlo = (settledHeap() - before) / slos;
        out.printf(
            Locale.ROOT,
            "| heap retained per SLO (35-day window, on a scheduler, heap delta over %,d SLOs) |"
                + " %,d B (%.1f KiB); counters alone %,d B |%n",
            slos,
            perSlo,
            perSlo / 1024.0,
            kept.get(0).retainedCounterBytes());
        kept.forEach(Slo::close);
        kept.clear();
      }

      int flagCount = 1_000;
      Path empty = flagFile(0);
      Path full = flagFile(flagCount);
      long base;
      long loaded;
      try (Flags none = Flags.builder().source(FlagSource.file(empty)).build()) {
        if (!none.flagSet().keys().isEmpty()) {
          throw new IllegalStateException("the baseline document has flags");
        }
        base = settledHeap();
        try (Flags flags = Flags.builder().source(FlagSource.file(full)).build()) {
          loaded = settledHeap();
          if (flags.flagSet().keys().size() != flagCount) {
            throw new IllegalStateException("loaded " + flags.flagSet().keys().size() + " flags");
          }
        }
      }
      out.printf(
          Locale.ROOT,
          "| heap retained per 1,000 flags loaded (a third each static, targeted, fractional;"
              + " heap delta) | %,d B (%.1f KiB) |%n",
          loaded - base,
          (loaded - base) / 1024.0);
    }

    /**
     * Writes a flagd document with {@code count} flags shaped like the benchmark's three.
     *
     * @param count how many flags
     * @return the file
     * @throws IOException if writing fails
     */
    static Path flagFile(int count) throws IOException {
      StringBuilder json = new StringBuilder("{\"flags\":{");
      for (int i = 0; i < count; i++) {
        if (i > 0) {
          json.append(',');
        }
        json.append('"').append("flag-").append(i).append("\":");
        switch (i % 3) {
          case 0:
            json.append(
                "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
                    + "\"defaultVariant\":\"on\"}");
            break;
          case 1:
            json.append(
                "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
                    + "\"defaultVariant\":\"off\",\"targeting\":{\"if\":[{\"ends_with\":"
                    + "[{\"var\":\"email\"},\"@example.com\"]},\"on\",\"off\"]}}");
            break;
          default:
            json.append(
                "{\"state\":\"ENABLED\",\"variants\":{\"hearts\":\"hearts\","
                    + "\"spades\":\"spades\",\"clubs\":\"clubs\",\"diamonds\":\"diamonds\"},"
                    + "\"defaultVariant\":\"hearts\",\"targeting\":{\"fractional\":"
                    + "[[\"hearts\",25],[\"spades\",25],[\"clubs\",25],[\"diamonds\",25]]}}");
            break;
        }
      }
      json.append("}}");
      Path file = Files.createTempFile("shipshape-flags-" + count + "-", ".json");
      file.toFile().deleteOnExit();
      Files.writeString(file, json, StandardCharsets.UTF_8);
      return file;
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
