package dev.shipshape.testing.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.flags.Flags;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** Holds the parallel samples' tests together so that they all run at the same time. */
public final class ParallelRun {

  /** How many tests the parallel samples hold; all must be running at once to pass the barrier. */
  public static final int TESTS = 8;

  private static volatile CyclicBarrier barrier = new CyclicBarrier(TESTS);

  private ParallelRun() {}

  /** Prepares a new run. */
  public static void reset() {
    barrier = new CyclicBarrier(TESTS);
  }

  static void check(String name, Flags flags, String theme, int maxItems) throws Exception {
    String before = flags.stringValue("checkout-theme", "none") + "/" + flags.intValue("max-items", -1);
    barrier.await(20, TimeUnit.SECONDS);
    String after = flags.stringValue("checkout-theme", "none") + "/" + flags.intValue("max-items", -1);
    Observations.SEEN.put("parallel:" + name, before + "|" + after + "|" + Thread.currentThread().getName());
    assertThat(after).isEqualTo(theme + "/" + maxItems);
    assertThat(before).isEqualTo(theme + "/" + maxItems);
  }
}
