package dev.shipshape.benchmarks.startup;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Slo;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A plain {@code main} as an application would write it: builds the facade with one flag file
 * and one SLO, evaluates one flag, and prints how long that took from the start of {@code main},
 * by phase, as one line of {@code key=value} pairs. Run it in a fresh JVM per measurement;
 * {@code benchmarks/startup/run} does, five times, and prints the table.
 */
public final class FirstAnswer {

  private FirstAnswer() {}

  /**
   * Measures one cold start.
   *
   * @param args the flag file (flagd format) holding a boolean flag {@code new-checkout}
   */
  public static void main(String[] args) {
    long start = System.nanoTime();
    Shipshape.Builder builder =
        Shipshape.builder()
            .flags(FlagSource.file(Path.of(args[0])))
            .slo(Slo.named("checkout").objective(0.999).window(Duration.ofDays(28)));
    long configured = System.nanoTime();
    Shipshape ship = builder.build();
    long built = System.nanoTime();
    boolean on = ship.flags().booleanValue("new-checkout", false, EvaluationContext.of("user-1"));
    long answered = System.nanoTime();
    Answered.mark(); // a class loaded only now: -Xlog:class+load shows what came before it
    System.out.printf(
        "answer=%s total_ms=%.1f configure_ms=%.1f build_ms=%.1f evaluate_ms=%.1f%n",
        on,
        (answered - start) / 1e6,
        (configured - start) / 1e6,
        (built - configured) / 1e6,
        (answered - built) / 1e6);
    ship.close();
  }

  /** Marks the first answer in the class-loading log. */
  static final class Answered {
    private Answered() {}

    static void mark() {}
  }
}
