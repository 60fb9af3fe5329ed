package dev.shipshape.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The simulation with its default options, run once per test JVM and shared by the tests. */
final class DefaultRun {

  private static SimulationResult result;

  private DefaultRun() {}

  static synchronized SimulationResult result() {
    if (result == null) {
      try {
        Path out = Files.createTempDirectory("shipshape-simulation");
        SimulationOptions d = SimulationOptions.defaults();
        result =
            ReleaseSimulation.run(
                new SimulationOptions(
                    d.seed(),
                    d.requestsPerSecond(),
                    d.days(),
                    d.steps(),
                    d.stepInterval(),
                    d.incidentStep(),
                    d.incidentErrorRate(),
                    d.fixAfter(),
                    d.outageAtDay(),
                    d.outageLength(),
                    out));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return result;
  }
}
