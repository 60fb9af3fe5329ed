package dev.shipshape.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The knobs of {@link ReleaseSimulation}; {@link #defaults()} tell the story the README describes.
 *
 * @param seed the random seed: the same seed gives the same run
 * @param requestsPerSecond the mean checkout rate; the day-time peak is 1.5 times this, the night
 *     trough half of it
 * @param days how many simulated days to run
 * @param steps the rollout's percentages
 * @param stepInterval the time between rollout steps
 * @param incidentStep the percentage at which the new code path starts failing
 * @param incidentErrorRate the share of new-path checkouts that fail during the incident
 * @param fixAfter how long after the rollback the fix ships and the rollout is resumed; zero
 *     for never
 * @param outageAtDay the day (from the start) on which the payments dependency goes down for a
 *     few minutes, or a negative number for no outage
 * @param outageLength how long the payments outage lasts
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
   */
  public SimulationOptions {
    steps = List.copyOf(steps);
    List<String> problems = new ArrayList<>();
    if (!(requestsPerSecond > 0 && requestsPerSecond <= 2000)) {
      problems.add("rate was '" + requestsPerSecond + "' but must be in (0, 2000]");
    }
    if (days < 1 || days > 30) {
      problems.add("days was '" + days + "' but must be from 1 to 30");
    }
    if (steps.isEmpty()) {
      problems.add("steps was '[]' but must list at least one percentage");
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
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
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

  /**
   * Reads command-line options over the defaults: {@code --seed N}, {@code --rate R}, {@code
   * --days D}, {@code --steps 1,5,25,50,100}, {@code --step-interval 24h}, {@code --incident-step
   * P} (0: no incident), {@code --incident-error-rate F}, {@code --fix-after 48h} (0: never),
   * {@code --outage-day D} (negative: none), {@code --outage-length 4m}, {@code --out DIR}.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException naming the bad option
   */
  public static SimulationOptions parse(List<String> args) {
    SimulationOptions o = defaults();
    long seed = o.seed;
    double rate = o.requestsPerSecond;
    int days = o.days;
    List<Double> steps = o.steps;
    Duration stepInterval = o.stepInterval;
    double incidentStep = o.incidentStep;
    double incidentErrorRate = o.incidentErrorRate;
    Duration fixAfter = o.fixAfter;
    double outageAtDay = o.outageAtDay;
    Duration outageLength = o.outageLength;
    Path output = o.output;
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(name + " was given without a value");
      }
      String v = args.get(++i);
      try {
        switch (name) {
          case "--seed" -> seed = Long.parseLong(v);
          case "--rate" -> rate = Double.parseDouble(v);
          case "--days" -> days = Integer.parseInt(v);
          case "--steps" -> {
            List<Double> s = new ArrayList<>();
            for (String p : v.split(",")) {
              s.add(Double.parseDouble(p.trim()));
            }
            steps = s;
          }
          case "--step-interval" -> stepInterval = duration(v);
          case "--incident-step" -> incidentStep = Double.parseDouble(v);
          case "--incident-error-rate" -> incidentErrorRate = Double.parseDouble(v);
          case "--fix-after" -> fixAfter = duration(v);
          case "--outage-day" -> outageAtDay = Double.parseDouble(v);
          case "--outage-length" -> outageLength = duration(v);
          case "--out" -> output = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " was '" + v + "' but must be a number", e);
      }
    }
    return new SimulationOptions(
        seed,
        rate,
        days,
        steps,
        stepInterval,
        incidentStep,
        incidentErrorRate,
        fixAfter,
        outageAtDay,
        outageLength,
        output);
  }

  /**
   * Parses {@code 90s}, {@code 15m}, {@code 6h}, {@code 2d} or {@code 0}.
   *
   * @param text the duration
   * @return the duration
   */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (t.length() < 2) {
      throw new IllegalArgumentException("duration was '" + text + "' but must look like 6h");
    }
    long n;
    try {
      n = Long.parseLong(t.substring(0, t.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("duration was '" + text + "' but must look like 6h", e);
    }
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException(
          "duration was '" + text + "' but must end in s, m, h or d");
    };
  }
}
