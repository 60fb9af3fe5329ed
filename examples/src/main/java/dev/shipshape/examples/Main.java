package dev.shipshape.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The examples' command line: {@code simulate} (the default) runs {@link ReleaseSimulation} and
 * prints its timeline; {@code quickstart} starts {@link QuickstartService}. Both read their options
 * with one parser ({@link CommandLine}): bad values and unknown options are reported together, with
 * the usage, and the program exits with 2.
 */
public final class Main {

  /** The exit status for a command line that cannot be used. */
  static final int USAGE_ERROR = 2;

  private Main() {}

  /**
   * Runs the chosen program and exits with its status.
   *
   * @param args {@code [simulate|quickstart] [options]}
   * @throws IOException if the report cannot be written or a port cannot be bound
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int status = run(Arrays.asList(args), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the chosen program.
   *
   * @param args {@code [simulate|quickstart] [options]}
   * @param out where results and the help go
   * @param err where problems go
   * @return the exit status: 0, or {@link #USAGE_ERROR} for a command line that cannot be used
   * @throws IOException if the report cannot be written or a port cannot be bound
   * @throws InterruptedException if interrupted while serving
   */
  static int run(List<String> args, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    boolean named = !args.isEmpty() && !args.get(0).startsWith("-");
    String command = named ? args.get(0).toLowerCase(Locale.ROOT) : "simulate";
    List<String> rest = named ? args.subList(1, args.size()) : args;
    if (command.equals("help") || rest.contains("--help") || rest.contains("-h")) {
      out.println(usage());
      return 0;
    }
    try {
      switch (command) {
        case "simulate" -> simulate(SimulationOptions.parse(rest), out);
        case "quickstart" -> QuickstartService.serve(QuickstartService.parse(rest), out);
        default ->
            throw new CommandLine.UsageException(
                List.of(
                    "command was '" + args.get(0) + "' but must be simulate or quickstart"));
      }
      return 0;
    } catch (CommandLine.UsageException e) {
      err.println(e.getMessage());
      err.println(usage());
      return USAGE_ERROR;
    }
  }

  private static void simulate(SimulationOptions options, PrintStream out) throws IOException {
    out.printf(
        Locale.ROOT,
        "Simulating %d days of a checkout service (seed %d, %.0f checkouts/s on average)...%n%n",
        options.days(),
        options.seed(),
        options.requestsPerSecond());
    SimulationResult r = ReleaseSimulation.run(options);
    out.print(r.timelineText());
    out.printf(
        Locale.ROOT,
        "%n%,d checkouts, %,d failed; rollout %s at %s%%; budget remaining %.1f%%.%n",
        r.requests(),
        r.failed(),
        r.rolloutState().name().toLowerCase(Locale.ROOT),
        TimelineText.pct(r.rolloutPercent()),
        r.finalSnapshot().budgetRemaining() * 100);
    out.printf(
        Locale.ROOT,
        "Simulated %d days in %.1f s.%nReport:           %s%nPrometheus rules: %s%n",
        options.days(),
        r.wallTime().toMillis() / 1000.0,
        r.report().toAbsolutePath(),
        r.rules().toAbsolutePath());
  }

  /** The usage of both commands. */
  static String usage() {
    return "usage: java -jar shipshape-examples.jar [simulate]\n"
        + CommandLine.usage("         ", SimulationOptions.OPTIONS)
        + "\n         (--rate up to "
        + (int) SimulationOptions.MAX_RATE
        + " checkouts/s and --days up to "
        + SimulationOptions.MAX_DAYS
        + ", a few minutes at most; durations 0 to 365d)"
        + "\n       java -jar shipshape-examples.jar quickstart\n"
        + CommandLine.usage("         ", QuickstartService.OPTIONS)
        + "\n       java -jar shipshape-examples.jar help";
  }
}
