package dev.shipshape.testsupport;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Measures what a piece of code allocates on the calling thread, for the tests that pin an
 * allocation-free hot path. The JVM's per-thread allocation counter (HotSpot's {@code
 * com.sun.management.ThreadMXBean}) is read before and after; on a JVM without it the calling
 * test is skipped.
 */
public final class Allocations {

  /**
   * What {@link #measure} saw.
   *
   * @param bytes the bytes allocated by the measured runs
   * @param runs how many runs were measured
   * @param sink the sum of what the warm-up runs and the measured round's runs returned, for
   *     the test to check, so the JIT cannot drop the work
   */
  public record Measured(long bytes, long runs, long sink) {

    /**
     * The bytes allocated per measured run, rounded down.
     *
     * @return bytes per run
     */
    public long perRun() {
      return bytes / runs;
    }
  }

  private Allocations() {}

  /**
   * The bytes the calling thread has allocated since it started.
   *
   * @return the count
   * @throws org.opentest4j.TestAbortedException when this JVM cannot report it
   */
  public static long allocatedBytes() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean,
        "this JVM cannot report per-thread allocation");
    return ((com.sun.management.ThreadMXBean) bean).getCurrentThreadAllocatedBytes();
  }

  /** How many times the measured runs are repeated, the round that allocated least counting. */
  static final int ROUNDS = 3;

  /**
   * Runs {@code run} {@code warmups} times, so that the JIT compiles it, then {@code runs} times
   * while counting what the calling thread allocates. The measured runs are repeated up to {@link
   * #ROUNDS} times and the round that allocated least is the answer: what a steady state allocates
   * shows in every round, while a one-off (a compilation finishing late on a busy machine, a
   * deoptimization, a class loaded) shows in one round only.
   *
   * @param warmups runs before measuring
   * @param runs runs measured, positive
   * @param run the code, returning something derived from its work
   * @return the bytes allocated by the measured round, and the sum of what the warm-up runs and
   *     that round's runs returned
   */
  public static Measured measure(int warmups, int runs, LongSupplier run) {
    long warm = 0;
    for (int i = 0; i < warmups; i++) {
      warm += run.getAsLong();
    }
    long fewest = Long.MAX_VALUE;
    long sinkOfFewest = 0;
    for (int round = 0; round < ROUNDS && fewest > 0; round++) {
      long sink = 0;
      long before = allocatedBytes();
      for (int i = 0; i < runs; i++) {
        sink += run.getAsLong();
      }
      long bytes = allocatedBytes() - before;
      if (bytes < fewest) {
        fewest = bytes;
        sinkOfFewest = sink;
      }
    }
    return new Measured(fewest, runs, warm + sinkOfFewest);
  }
}
