import dev.shipshape.examples.ReleaseSimulation;
import dev.shipshape.examples.SimulationOptions;
import dev.shipshape.examples.SimulationResult;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the release simulation several times in one JVM and prints, for each run, its time and the
 * time the JIT compilers' threads spent during it: the first run pays for warming the JVM up, the
 * later ones show what the simulated work itself costs once the code is compiled.
 *
 * <p>Usage: {@code java -cp shipshape-examples.jar Repeat.java RUNS [simulation options]}
 */
public final class Repeat {
  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    Path out = Files.createTempDirectory("shipshape-simulation-repeat");
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long compiledBefore = jit.getTotalCompilationTime();
    for (int i = 1; i <= runs; i++) {
      List<String> options = new ArrayList<>(List.of(args).subList(1, args.length));
      options.add("--out");
      options.add(out.resolve("run-" + i).toString());
      SimulationResult r = ReleaseSimulation.run(SimulationOptions.parse(options));
      long compiled = jit.getTotalCompilationTime();
      System.out.printf(
          Locale.ROOT,
          "run %d: %.2f s, JIT compilers %.2f s%n",
          i,
          r.wallTime().toNanos() / 1e9,
          (compiled - compiledBefore) / 1000.0);
      compiledBefore = compiled;
    }
  }
}
