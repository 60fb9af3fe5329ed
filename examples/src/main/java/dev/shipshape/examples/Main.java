package dev.shipshape.examples;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The examples' command line: {@code simulate} (the default) runs {@link ReleaseSimulation} and
 * prints its timeline; {@code quickstart} starts {@link QuickstartService}.
 */
public final class Main {

  private Main() {}

  /**
   * Runs the chosen program.
   *
   * @param args {@code [simulate|quickstart] [options]}
   * @throws IOException if the report cannot be written or a port cannot be bound
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    List<String> list = Arrays.asList(args);
    String command = list.isEmpty() || list.get(0).startsWith("--") ? "simulate" : list.get(0);
    List<String> rest = list.isEmpty() || list.get(0).startsWith("--") ? list : list.subList(1, list.size());
    switch (command.toLowerCase(Locale.ROOT)) {
      case "simulate" -> simulate(rest);
      case "quickstart" -> QuickstartService.main(rest.toArray(String[]::new));
      case "help", "-h" -> usage();
      default -> {
        usage();
        System.exit(2);
      }
    }
  }

  private static void simulate(List<String> args) throws IOException {
    SimulationOptions options;
    try {
      options = SimulationOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      usage();
      System.exit(2);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "Simulating %d days of a checkout service (seed %d, %.0f checkouts/s on average)...%n%n",
        options.days(),
        options.seed(),
        options.requestsPerSecond());
    SimulationResult r = ReleaseSimulation.run(options);
    System.out.print(r.timelineText());
    System.out.printf(
        Locale.ROOT,
        "%n%,d checkouts, %,d failed; rollout %s at %s%%; budget remaining %.1f%%.%n",
        r.requests(),
        r.failed(),
        r.rolloutState().name().toLowerCase(Locale.ROOT),
        ReleaseSimulation.pct(r.rolloutPercent()),
        r.finalSnapshot().budgetRemaining() * 100);
    System.out.printf(
        Locale.ROOT,
        "Simulated %d days in %.1f s.%nReport:           %s%nPrometheus rules: %s%n",
        options.days(),
        r.wallTime().toMillis() / 1000.0,
        r.report().toAbsolutePath(),
        r.rules().toAbsolutePath());
  }

  private static void usage() {
    System.err.println(
        "usage: java -jar shipshape-examples.jar [simulate] [--seed N] [--rate R] [--days D]\n"
            + "         [--steps 1,5,25,50,100] [--step-interval 24h] [--incident-step P]\n"
            + "         [--incident-error-rate F] [--fix-after 48h] [--outage-day D]\n"
            + "         [--outage-length 4m] [--out DIR]\n"
            + "       java -jar shipshape-examples.jar quickstart [--port 8080]\n"
            + "         [--health-port 8081] [--flags quickstart-flags.json]");
  }
}
