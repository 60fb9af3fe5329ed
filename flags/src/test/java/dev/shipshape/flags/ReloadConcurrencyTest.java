package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Evaluations on several threads during repeated reloads see only whole snapshots. */
class ReloadConcurrencyTest {

  private static final int THREADS = 3;
  private static final int EVALUATIONS_PER_THREAD = 30_000;
  private static final int RELOADS = 300;

  /** Two flags that always change together: both serve the document's version number. */
  private static String version(int v) {
    return "{\"flags\":{"
        + "\"price\":{\"state\":\"ENABLED\",\"variants\":{\"v\":" + v + "},\"defaultVariant\":\"v\"},"
        + "\"currency\":{\"state\":\"ENABLED\",\"variants\":{\"v\":\"" + v + "\"},"
        + "\"defaultVariant\":\"v\"}}}";
  }

  @Test
  void evaluationsDuringReloadsNeverSeeAHalfAppliedChange() throws Exception {
    InMemoryFlagSource source = FlagSource.inMemory().setDocument(version(0));
    try (Flags flags = Flags.builder().clock(ManualClock.create()).source(source).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      AtomicBoolean torn = new AtomicBoolean();
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        results.add(
            pool.submit(
                () -> {
                  long maxSeen = 0;
                  for (int i = 0; i < EVALUATIONS_PER_THREAD; i++) {
                    long a = flags.longValue("price", -1);
                    String b = flags.stringValue("currency", "?");
                    long a2 = flags.longValue("price", -1);
                    // versions only grow, so with a == a2 the flag read in between has version a
                    if (a == a2 && !b.equals(Long.toString(a))) {
                      torn.set(true);
                    }
                    FlagSet set = flags.flagSet();
                    Object p = set.definition("price").orElseThrow().variants().get("v");
                    Object c = set.definition("currency").orElseThrow().variants().get("v");
                    if (!String.valueOf(p).equals(c)) {
                      torn.set(true);
                    }
                    if (a < maxSeen) {
                      torn.set(true);
                    }
                    maxSeen = Math.max(maxSeen, a);
                  }
                  return maxSeen;
                }));
      }
      for (int v = 1; v <= RELOADS; v++) {
        source.setDocument(version(v));
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      for (Future<Long> f : results) {
        assertThat(f.get()).isBetween(0L, (long) RELOADS);
      }
      assertThat(torn).isFalse();
      assertThat(flags.longValue("price", -1)).isEqualTo(RELOADS);
      FlagUsageReport usage = flags.usage();
      long priceEvaluations =
          usage.flags().stream().filter(e -> e.key().equals("price")).findFirst().orElseThrow()
              .evaluations();
      assertThat(priceEvaluations).isEqualTo(2L * THREADS * EVALUATIONS_PER_THREAD + 1);
    }
  }
}
