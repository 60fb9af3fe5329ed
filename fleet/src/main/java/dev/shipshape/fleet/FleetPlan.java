package dev.shipshape.fleet;

import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutConfigException;
import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A fleet rollout's plan, as it travels in its flag's {@code metadata} in the flagd document:
 * flat keys whose values are strings, numbers and booleans, which flagd's schema and OpenFeature
 * tooling accept. Starting, pausing, resuming, restarting and aborting a fleet rollout are edits
 * of these keys; every instance reads them through its flag sources.
 *
 * <pre>{@code
 * "metadata": {
 *   "rollout.start": "2026-03-02T09:00:00Z",
 *   "rollout.steps": "1,5,25,50,100",
 *   "rollout.interval": "1h",
 *   "rollout.rollBackOnHalt": true
 * }
 * }</pre>
 *
 * <p>From {@link #START} on, the plan serves step {@link #FROM_STEP} (default the first), then one
 * step further every interval. A page alert of a halting SLO that became active after the start
 * halts it. {@link #PAUSED_AT} freezes the step in effect at that instant; {@link #ABORTED} sends
 * it to zero for good; a new {@link #START} restarts it (halts before it no longer count).
 */
public final class FleetPlan {

  /** Every plan key starts with this prefix; an unknown key with it is a problem, not ignored. */
  public static final String PREFIX = "rollout.";

  /** The instant the plan starts, ISO-8601 ({@code 2026-03-02T09:00:00Z}); no start, no plan. */
  public static final String START = PREFIX + "start";

  /** The percentages, comma-separated and increasing ({@code 1,5,25,50,100}). */
  public static final String STEPS = PREFIX + "steps";

  /** The time between steps: {@code 90s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601. */
  public static final String INTERVAL = PREFIX + "interval";

  /** The index of the step served from the start (default 0): resuming where a pause held. */
  public static final String FROM_STEP = PREFIX + "fromStep";

  /** The instant the plan pauses at, ISO-8601: the step in effect then is held. */
  public static final String PAUSED_AT = PREFIX + "pausedAt";

  /** {@code true} sends the split to zero for good. */
  public static final String ABORTED = PREFIX + "aborted";

  /** Whether a halt also sends the split to zero (default: the rollout's configuration). */
  public static final String ROLL_BACK_ON_HALT = PREFIX + "rollBackOnHalt";

  private static final Set<String> KEYS =
      Set.of(START, STEPS, INTERVAL, FROM_STEP, PAUSED_AT, ABORTED, ROLL_BACK_ON_HALT);
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final RolloutConfig config;
  private final @Nullable Instant start;
  private final int fromStep;
  private final @Nullable Instant pausedAt;
  private final boolean aborted;

  private FleetPlan(
      RolloutConfig config,
      @Nullable Instant start,
      int fromStep,
      @Nullable Instant pausedAt,
      boolean aborted) {
    this.config = config;
    this.start = start;
    this.fromStep = fromStep;
    this.pausedAt = pausedAt;
    this.aborted = aborted;
  }

  /**
   * Reads the plan in a flag's metadata.
   *
   * @param flag the flag as its sources define it
   * @param rollout the rollout as the application configures it: the steps, interval and roll
   *     back the plan does not set
   * @return the plan
   * @throws RolloutConfigException listing every problem, each naming its JSON pointer in the
   *     flag document ({@code /flags/<key>/metadata/rollout.steps}), the value and what was
   *     expected
   */
  public static FleetPlan parse(FlagDefinition flag, RolloutConfig rollout) {
    Map<String, Object> metadata = flag.metadata();
    Problems problems = new Problems();
    String base = "/flags/" + pointer(flag.key()) + "/metadata/";
    for (String key : metadata.keySet()) {
      if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
        problems.add(
            base + pointer(key),
            metadata.get(key),
            "is not a plan key; plan keys are " + KEYS.stream().sorted().toList());
      }
    }
    Instant start = instant(metadata, START, base, problems);
    Instant pausedAt = instant(metadata, PAUSED_AT, base, problems);
    RolloutConfig.Builder b = rollout.toBuilder();
    Object steps = metadata.get(STEPS);
    if (steps != null) {
      double[] percents = steps(steps, base + pointer(STEPS), problems);
      if (percents != null) {
        b.steps(percents);
      }
    }
    Object interval = metadata.get(INTERVAL);
    if (interval != null) {
      Duration d = duration(interval);
      if (d == null) {
        problems.add(
            base + pointer(INTERVAL),
            interval,
            "must be a positive duration such as '90s', '5m', '1h', '1d' or 'PT1H'");
      } else {
        b.every(d);
      }
    }
    boolean aborted = bool(metadata, ABORTED, base, problems, false);
    Object rollBack = metadata.get(ROLL_BACK_ON_HALT);
    if (rollBack != null) {
      b.rollBackOnHalt(bool(metadata, ROLL_BACK_ON_HALT, base, problems, false));
    }
    RolloutConfig config = null;
    try {
      config = b.build();
    } catch (RolloutConfigException e) {
      for (ConfigProblem p : e.problems()) {
        problems.add(base + "rollout." + p.setting(), p.value(), p.expected());
      }
    }
    int fromStep = 0;
    Object from = metadata.get(FROM_STEP);
    if (from != null) {
      int last = config == null ? Integer.MAX_VALUE : config.steps().size() - 1;
      if (!(from instanceof Number) || !isWhole((Number) from)
          || ((Number) from).longValue() < 0 || ((Number) from).longValue() > last) {
        problems.add(
            base + pointer(FROM_STEP),
            from,
            "must be a step index from 0 to "
                + (last == Integer.MAX_VALUE ? "the last step" : Integer.toString(last)));
      } else {
        fromStep = ((Number) from).intValue();
      }
    }
    if (!problems.isEmpty() || config == null) {
      throw new RolloutConfigException(flag.key(), problems.toList());
    }
    return new FleetPlan(config, start, fromStep, pausedAt, aborted);
  }

  /**
   * The rollout's definition under this plan: the plan's steps, interval and roll back, and the
   * rest as the application configures it.
   *
   * @return the definition
   */
  public RolloutConfig config() {
    return config;
  }

  /**
   * When the plan starts.
   *
   * @return the start, or empty when the flag has no plan yet
   */
  public Optional<Instant> start() {
    return Optional.ofNullable(start);
  }

  /**
   * The index of the step served from the start.
   *
   * @return an index into {@code config().steps()}
   */
  public int fromStep() {
    return fromStep;
  }

  /**
   * When the plan pauses.
   *
   * @return the instant, or empty when it does not
   */
  public Optional<Instant> pausedAt() {
    return Optional.ofNullable(pausedAt);
  }

  /**
   * Whether the plan is aborted.
   *
   * @return true when the split goes to zero for good
   */
  public boolean aborted() {
    return aborted;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof FleetPlan)) {
      return false;
    }
    FleetPlan p = (FleetPlan) o;
    return Objects.equals(start, p.start)
        && fromStep == p.fromStep
        && Objects.equals(pausedAt, p.pausedAt)
        && aborted == p.aborted
        && config.steps().equals(p.config.steps())
        && config.interval().equals(p.config.interval())
        && config.rollBackOnHalt() == p.config.rollBackOnHalt();
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, fromStep, pausedAt, aborted, config.steps(), config.interval());
  }

  @Override
  public String toString() {
    return "FleetPlan{" + config.flagKey() + ", start=" + start + ", steps=" + config.steps()
        + ", every " + config.interval() + (fromStep > 0 ? ", from step " + fromStep : "")
        + (pausedAt != null ? ", paused at " + pausedAt : "") + (aborted ? ", aborted" : "")
        + "}";
  }

  // ---------------------------------------------------------------- parsing values

  private static @Nullable Instant instant(
      Map<String, Object> metadata, String key, String base, Problems problems) {
    Object value = metadata.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String) {
      try {
        return Instant.parse((String) value);
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    problems.add(
        base + pointer(key),
        value,
        "must be an ISO-8601 instant such as '2026-03-02T09:00:00Z'");
    return null;
  }

  private static boolean bool(
      Map<String, Object> metadata, String key, String base, Problems problems, boolean dflt) {
    Object value = metadata.get(key);
    if (value == null) {
      return dflt;
    }
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    problems.add(base + pointer(key), value, "must be true or false");
    return dflt;
  }

  private static double @Nullable [] steps(Object value, String where, Problems problems) {
    String text = value instanceof String ? ((String) value).trim() : null;
    if (text != null && !text.isEmpty()) {
      String[] parts = text.split(",", -1);
      double[] out = new double[parts.length];
      boolean ok = true;
      for (int i = 0; i < parts.length && ok; i++) {
        try {
          out[i] = Double.parseDouble(parts[i].trim());
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (ok) {
        return out;
      }
    }
    problems.add(
        where, value, "must list percentages separated by commas, such as '1,5,25,50,100'");
    return null;
  }

  /** A positive duration, short ({@code 90s}) or ISO-8601 ({@code PT1H}), or null. */
  static @Nullable Duration duration(Object value) {
    if (!(value instanceof String)) {
      return null;
    }
    String text = ((String) value).trim();
    Duration d = null;
    Matcher m = SHORT_DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        d = Duration.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return d == null || d.isNegative() || d.isZero() ? null : d;
  }

  private static boolean isWhole(Number n) {
    return n instanceof Long
        || n instanceof Integer
        || n.doubleValue() == Math.rint(n.doubleValue());
  }

  /** A JSON pointer token: {@code ~} and {@code /} escaped. */
  private static String pointer(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
