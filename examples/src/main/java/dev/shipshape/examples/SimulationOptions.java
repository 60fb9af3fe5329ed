package dev.shipshape.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The knobs of {@link ReleaseSimulation}; {@link #defaults()} tell the story the README describes.
 *
 * @param seed the random seed: the same seed gives the same run
 * @param requestsPerSecond the mean checkout rate, in (0, {@link #MAX_RATE}]; the day-time peak is
 *     1.5 times this, the night trough half of it
 * @param days how many simulated days to run, from 1 to {@link #MAX_DAYS}
 * @param steps the rollout's percentages: each in (0, 100], in hundredths, greater than the one
 *     before
 * @param stepInterval the time between rollout steps
 * @param incidentStep the percentage at which the new code path starts failing
 * @param incidentErrorRate the share of new-path checkouts that fail during the incident
 * @param fixAfter how long after the rollback the fix ships and the rollout is resumed; zero
 *     for never
 * @param outageAtDay the day (from the start) on which the payments dependency goes down for a
 *     few minutes, or a negative number for no outage
 * @param outageLength how long the payments outage lasts; not negative (a negative length would
 *     bring payments back before it went down, leaving it down for the rest of the run)
 * @param output the directory the report and the rules are written to
 */
public record SimulationOptions(
    long seed,
    double requestsPerSecond,
    int days,
    List<Double> steps,
    Duration stepInterval,
    double incidentStep,
    double incidentErrorRate,
    Duration fixAfter,
    double outageAtDay,
    Duration outageLength,
    Path output) {

  /**
   * The highest mean rate: at {@link #MAX_DAYS} days it is about 100 million checkouts, some three
   * minutes on one core (the default run, 2.4 million, takes about 5 seconds).
   */
  public static final double MAX_RATE = 40;

  /** The most days a run may simulate. */
  public static final int MAX_DAYS = 30;

  /** The default seed. */
  public static final long DEFAULT_SEED = 42;

  /**
   * Validates the options.
   *
   * @param seed the seed
   * @param requestsPerSecond the mean rate
   * @param days the length in days
   * @param steps the rollout steps
   * @param stepInterval the time between steps
   * @param incidentStep the failing step
   * @param incidentErrorRate the new path's error rate during the incident
   * @param fixAfter the delay before the fix
   * @param outageAtDay the day of the dependency outage
   * @param outageLength the outage's length
   * @param output the output directory
   * @throws IllegalArgumentException listing every bad option
   */
  public SimulationOptions {
    steps = List.copyOf(steps);
    List<String> problems = new ArrayList<>();
    if (!(requestsPerSecond > 0 && requestsPerSecond <= MAX_RATE)) {
      problems.add(
          "rate was '" + requestsPerSecond + "' but must be in (0, " + (int) MAX_RATE
              + "] (checkouts per second; more would run for more than a few minutes)");
    }
    if (days < 1 || days > MAX_DAYS) {
      problems.add("days was '" + days + "' but must be from 1 to " + MAX_DAYS);
    }
    if (steps.isEmpty()) {
      problems.add("steps was '[]' but must list at least one percentage");
    }
    if (!stepsIncreaseWithinPercent(steps)) {
      problems.add(
          "steps was '" + steps + "' but must be percentages in (0, 100], each greater than the"
              + " one before, in hundredths at most");
    }
    if (stepInterval.compareTo(Duration.ofMinutes(10)) < 0) {
      problems.add("step-interval was '" + stepInterval + "' but must be at least 10 minutes");
    }
    if (!steps.isEmpty() && !steps.contains(incidentStep) && incidentStep != 0) {
      problems.add(
          "incident-step was '" + incidentStep + "' but must be one of " + steps + " (or 0: none)");
    }
    if (!(incidentErrorRate >= 0 && incidentErrorRate <= 1)) {
      problems.add("incident-error-rate was '" + incidentErrorRate + "' but must be in [0, 1]");
    }
    if (fixAfter.isNegative()) {
      problems.add("fix-after was '" + fixAfter + "' but must not be negative");
    }
    if (outageAtDay >= days) {
      problems.add(
          "outage-day was '" + outageAtDay + "' but must be before the last simulated day ends"
              + " (below " + days + "), or negative for no outage");
    }
    if (outageLength.isNegative()) {
      problems.add("outage-length was '" + outageLength + "' but must not be negative");
    }
    if (!problems.isEmpty()) {
      throw new InvalidOptionsException(problems);
    }
  }

  /** Options that do not fit together; {@link #problems} keeps each one for the usage message. */
  private static final class InvalidOptionsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    InvalidOptionsException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }
  }

  /** Whether each step is in (0, 100], a multiple of 0.01 and above the one before it. */
  private static boolean stepsIncreaseWithinPercent(List<Double> steps) {
    double before = 0;
    for (double p : steps) {
      if (!(p > before && p <= 100) || Math.abs(p * 100 - Math.rint(p * 100)) > 1e-6) {
        return false;
      }
      before = p;
    }
    return true;
  }

  /**
   * The default story: 2 checkouts per second on average, 14 days, steps 1/5/25/50/100 percent a
   * day apart, the new path failing 20% of its checkouts from the 25% step, a fix two days after
   * the rollback, and a 90-second payments outage on day 11.
   *
   * @return the defaults, writing to {@code shipshape-report} in the working directory
   */
  public static SimulationOptions defaults() {
    return new SimulationOptions(
        DEFAULT_SEED,
        2,
        14,
        List.of(1.0, 5.0, 25.0, 50.0, 100.0),
        Duration.ofDays(1),
        25,
        0.2,
        Duration.ofDays(2),
        11.13,
        Duration.ofSeconds(90),
        Path.of("shipshape-report"));
  }

  static final CommandLine.Option<Long> SEED =
      new CommandLine.Option<>("--seed", "N", CommandLine.longInteger());
  static final CommandLine.Option<Double> RATE =
      new CommandLine.Option<>("--rate", "R", CommandLine.decimal());
  static final CommandLine.Option<Integer> DAYS =
      new CommandLine.Option<>("--days", "D", CommandLine.integer("must be an integer"));
  static final CommandLine.Option<List<Double>> STEPS =
      new CommandLine.Option<>("--steps", "1,5,25,50,100", CommandLine.decimals());
  static final CommandLine.Option<Duration> STEP_INTERVAL =
      new CommandLine.Option<>("--step-interval", "24h", CommandLine.duration());
  static final CommandLine.Option<Double> INCIDENT_STEP =
      new CommandLine.Option<>("--incident-step", "P", CommandLine.decimal());
  static final CommandLine.Option<Double> INCIDENT_ERROR_RATE =
      new CommandLine.Option<>("--incident-error-rate", "F", CommandLine.decimal());
  static final CommandLine.Option<Duration> FIX_AFTER =
      new CommandLine.Option<>("--fix-after", "48h", CommandLine.duration());
  static final CommandLine.Option<Double> OUTAGE_DAY =
      new CommandLine.Option<>("--outage-day", "D", CommandLine.decimal());
  static final CommandLine.Option<Duration> OUTAGE_LENGTH =
      new CommandLine.Option<>("--outage-length", "90s", CommandLine.duration());
  static final CommandLine.Option<Path> OUT =
      new CommandLine.Option<>("--out", "DIR", CommandLine.path());

  /** Every option of the {@code simulate} command, in the order the usage lists them. */
  static final List<CommandLine.Option<?>> OPTIONS =
      List.of(
          SEED, RATE, DAYS, STEPS, STEP_INTERVAL, INCIDENT_STEP, INCIDENT_ERROR_RATE, FIX_AFTER,
          OUTAGE_DAY, OUTAGE_LENGTH, OUT);

  /**
   * Reads command-line options over the defaults: {@code --seed N}, {@code --rate R}, {@code
   * --days D}, {@code --steps 1,5,25,50,100}, {@code --step-interval 24h}, {@code --incident-step
   * P} (0: no incident), {@code --incident-error-rate F}, {@code --fix-after 48h} (0: never),
   * {@code --outage-day D} (negative: none), {@code --outage-length 90s}, {@code --out DIR} (a
   * directory, or a path where one can be created: not an existing file).
   *
   * @param args the arguments
   * @return the options
   * @throws CommandLine.UsageException listing every bad option at once
   */
  public static SimulationOptions parse(List<String> args) {
    SimulationOptions d = defaults();
    CommandLine.Values v =
        CommandLine.parse(
            args,
            OPTIONS,
            (values, problems) -> {
              try {
                read(values, d);
              } catch (InvalidOptionsException e) {
                e.problems.forEach(p -> problems.add("--" + p));
              }
              Path out = values.get(OUT, d.output);
              Path file = existingNonDirectory(out);
              if (file != null) {
                problems.add(
                    "--out was '" + out + "' but must be a directory or where one can be created ('"
                        + file + "' is a file)");
              }
            });
    return read(v, d);
  }

  /**
   * The nearest of {@code dir} and its parents that exists, if it is not a directory (the report
   * could not be written there), else null.
   */
  private static Path existingNonDirectory(Path dir) {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        return Files.isDirectory(p) ? null : p;
      }
    }
    return null;
  }

  /**
   * The options given in {@code v}, the defaults {@code d} for the others; the default outage
   * only in a run long enough to reach it.
   */
  private static SimulationOptions read(CommandLine.Values v, SimulationOptions d) {
    int days = v.get(DAYS, d.days);
    return new SimulationOptions(
        v.get(SEED, d.seed),
        v.get(RATE, d.requestsPerSecond),
        days,
        v.get(STEPS, d.steps),
        v.get(STEP_INTERVAL, d.stepInterval),
        v.get(INCIDENT_STEP, d.incidentStep),
        v.get(INCIDENT_ERROR_RATE, d.incidentErrorRate),
        v.get(FIX_AFTER, d.fixAfter),
        v.get(OUTAGE_DAY, d.outageAtDay < days ? d.outageAtDay : -1),
        v.get(OUTAGE_LENGTH, d.outageLength),
        v.get(OUT, d.output));
  }
}
