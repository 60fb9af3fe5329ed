package dev.shipshape.slo;

import dev.shipshape.time.internal.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Generates a Prometheus rule file that evaluates SLOs across a fleet from the counter every
 * instance exports ({@link SloMetrics#EVENTS_COUNTER_PROMETHEUS}), using the rule names and labels
 * Sloth users already graph.
 *
 * <p>For each SLO the file has these groups:
 *
 * <ul>
 *   <li>{@code sloth-slo-sli-recordings-<id>}: {@code slo:sli_error:ratio_rate<window>} for 5m and
 *       every alert window shorter than a day, each computed from {@code increase()} of the raw
 *       counter over that window. No traffic records 0, never NaN.
 *   <li>{@code sloth-slo-sli-sums-<id>} (evaluated every {@link #SUM_INTERVAL}): the bad and total
 *       events of each five minutes ({@value #BAD_EVENTS_RULE}, {@value #TOTAL_EVENTS_RULE}), and
 *       the error ratios of the windows of a day or longer (and the whole period: {@code
 *       ratio_rate4w} for 28 days, {@code ratio_rate30d} for 30) as the sum of bad over the sum of
 *       total five-minute counts in the window. The ratio is weighted by events, like one {@code
 *       increase()} over the whole window, but each evaluation reads one sample per five minutes
 *       instead of every raw sample of every instance. With {@link LongWindows#RAW} these windows
 *       are computed from the raw counter like the short ones and this group is left out.
 *   <li>{@code sloth-slo-meta-recordings-<id>}: {@code slo:objective:ratio}, {@code
 *       slo:error_budget:ratio}, {@code slo:time_period:days}, {@code slo:current_burn_rate:ratio},
 *       {@code slo:period_burn_rate:ratio}, {@code slo:period_error_budget_remaining:ratio} and
 *       {@code sloth_slo_info}. The objective is written exactly (the shortest decimal that reads
 *       back as the same {@code double}), so any objective {@link SloDefinition} accepts leaves a
 *       budget above 0; burn-rate factors and the period in days are rounded to twelve places.
 *   <li>{@code sloth-slo-alerts-<id>}: one {@value #ALERT_NAME} alert per window pair, labelled
 *       {@code sloth_severity} ({@code page} or {@code ticket}), {@code long_window}, {@code
 *       short_window} and {@code burn_rate_factor}, so a notification says which pair fired, and
 *       annotated with the SLO's {@code runbook_url} when it has one. A pair also needs {@link
 *       SloDefinition#minEventsPerShortWindow()} events in its short window.
 * </ul>
 *
 * <p>Only {@link BudgetingMethod#OCCURRENCES} SLOs can be exported: the rules compute event
 * ratios, so a {@link BudgetingMethod#TIMESLICES} SLO is refused rather than exported with a
 * different meaning.
 *
 * <p>Series carry {@code sloth_id} ({@code <service>-<name>}), {@code sloth_service}, {@code
 * sloth_slo}, on SLI recordings {@code sloth_window}, and the {@linkplain Options#groupBy()
 * grouping labels} of the options, so that one Prometheus scraping several environments keeps
 * them apart.
 */
public final class PrometheusRules {

  /** The name of every generated alert; labels tell SLOs, severities and window pairs apart. */
  public static final String ALERT_NAME = "SloErrorBudgetBurn";

  /** The short window always recorded, for {@code slo:current_burn_rate:ratio}. */
  public static final Duration CURRENT_WINDOW = Duration.ofMinutes(5);

  /** How often the five-minute event sums are recorded, and the span each sum covers. */
  public static final Duration SUM_INTERVAL = Duration.ofMinutes(5);

  /** Windows at least this long are computed from the five-minute sums by default. */
  public static final Duration LONG_WINDOW = Duration.ofDays(1);

  /** The recording rule holding the bad events of each five minutes. */
  public static final String BAD_EVENTS_RULE = "slo:sli_error_events:increase5m";

  /** The recording rule holding all events of each five minutes. */
  public static final String TOTAL_EVENTS_RULE = "slo:sli_total_events:increase5m";

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /**
   * Label names that PromQL reads, in any case, as a keyword or a number in {@code by (...)} and
   * {@code on(...)}, so that no rule grouped by one parses.
   */
  private static final Set<String> UNGROUPABLE = Set.of("without", "inf", "nan");

  /** The labels every generated alert sets, besides {@code sloth_severity}. */
  private static final Set<String> ALERT_LABELS =
      Set.of("long_window", "short_window", "burn_rate_factor");

  /**
   * A label name, an operator and a double-quoted value, whose content {@link PromQlString}
   * checks: a pattern alternating over the value's characters recurses once per character and
   * overflows the stack on values of a few thousand.
   */
  private static final Pattern MATCHER =
      Pattern.compile(
          "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\".*\")\\s*", Pattern.DOTALL);

  private PrometheusRules() {}

  /**
   * The rule file for {@code slos} with the {@linkplain Options#defaults() default options}, as
   * YAML.
   *
   * @param slos the SLOs; their names must be unique, even across services, because the exported
   *     counter carries the SLO name but no service label, and so must their {@code sloth_id}s
   *     ({@code <service>-<name>})
   * @return the rule file's text
   * @throws SloDefinitionException when two SLOs share a name or an id, or an SLO is budgeted by
   *     {@link BudgetingMethod#TIMESLICES} (the generated rules compute event ratios only)
   */
  public static String generate(List<SloDefinition> slos) {
    return generate(slos, Options.defaults());
  }

  /**
   * The rule file for {@code slos} with the default options, as YAML.
   *
   * @param slos the SLOs
   * @return the rule file's text
   */
  public static String generate(SloDefinition... slos) {
    return generate(List.of(slos));
  }

  /**
   * The rule file for {@code slos}, as YAML.
   *
   * @param slos the SLOs, as for {@link #generate(List)}
   * @param options grouping labels, extra matchers and the form of the long windows
   * @return the rule file's text
   * @throws SloDefinitionException as {@link #generate(List)}
   */
  public static String generate(List<SloDefinition> slos, Options options) {
    Objects.requireNonNull(options, "options");
    Map<String, Integer> names = new HashMap<>();
    Set<String> ids = new HashSet<>();
    Problems problems = new Problems();
    for (int i = 0; i < slos.size(); i++) {
      SloDefinition slo = slos.get(i);
      if (slo.budgeting() != BudgetingMethod.OCCURRENCES) {
        problems.add(
            "slos[" + i + "].budgeting",
            slo.budgeting(),
            "Prometheus rule export supports OCCURRENCES only");
      }
      Integer first = names.putIfAbsent(slo.name(), i);
      if (first != null) {
        problems.add(
            "slos[" + i + "].name",
            slo.name(),
            "a name unique in the file was expected (service '"
                + slo.service()
                + "'): slos["
                + first
                + "] (service '"
                + slos.get(first).service()
                + "') has the same name, and both would read the same "
                + SloMetrics.EVENTS_COUNTER_PROMETHEUS
                + "{slo=\""
                + slo.name()
                + "\"} series, which has no service label");
        continue;
      }
      String id = id(slo);
      if (!ids.add(id)) {
        problems.add("slos[" + i + "].sloth_id", id, "an id unique in the file was expected");
      }
    }
    problems.throwIfAny(SloDefinitionException::new);
    StringBuilder y = new StringBuilder(8192);
    y.append("# Generated by Shipshape from SLO definitions. Do not edit; regenerate.\n");
    y.append("groups:\n");
    for (SloDefinition slo : slos) {
      new SloRuleGroup(slo, options).append(y);
    }
    return y.toString();
  }

  /**
   * Writes the rule file for {@code slos} with the default options to {@code file} (UTF-8),
   * replacing it.
   *
   * @param file where to write
   * @param slos the SLOs
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, List<SloDefinition> slos) throws IOException {
    write(file, slos, Options.defaults());
  }

  /**
   * Writes the rule file for {@code slos} to {@code file} (UTF-8), replacing it.
   *
   * @param file where to write
   * @param slos the SLOs
   * @param options grouping labels, extra matchers and the form of the long windows
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, List<SloDefinition> slos, Options options)
      throws IOException {
    Files.writeString(file, generate(slos, options), StandardCharsets.UTF_8);
  }

  /**
   * The {@code sloth_id} of an SLO: {@code <service>-<name>}.
   *
   * @param slo the SLO
   * @return the id
   */
  public static String id(SloDefinition slo) {
    return slo.service() + "-" + slo.name();
  }

  /**
   * The recording rule holding the error ratio over {@code window}, e.g. {@code
   * slo:sli_error:ratio_rate5m}.
   *
   * @param window the window
   * @return the rule name
   */
  public static String errorRatioRule(Duration window) {
    return "slo:sli_error:ratio_rate" + promDuration(window);
  }

  /**
   * A duration in Prometheus notation using the largest unit that divides it: {@code 4w}, {@code
   * 30d}, {@code 1d}, {@code 6h}, {@code 5m}, {@code 10s}, {@code 1500ms}. This is the one spelling
   * of windows everywhere Shipshape names one: rule names and labels, metric tags, log lines,
   * events and JSON endpoints.
   *
   * @param d a positive duration
   * @return the duration text
   */
  public static String promDuration(Duration d) {
    long ms = Math.max(1, d.toMillis());
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    long[] units = {604_800, 86_400, 3_600, 60, 1};
    String[] names = {"w", "d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s % units[i] == 0) {
        return (s / units[i]) + names[i];
      }
    }
    return s + "s";
  }

  /** A duration of whole seconds in combined Prometheus notation: {@code 27d23h59m59s}. */
  static String combinedDuration(Duration d) {
    long s = d.getSeconds();
    StringBuilder out = new StringBuilder();
    long[] units = {86_400, 3_600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s >= units[i]) {
        out.append(s / units[i]).append(names[i]);
        s %= units[i];
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }

  /** How the rules compute the error ratio of windows of a day or longer. */
  public enum LongWindows {
    /**
     * From the five-minute sums of bad and total events (the default): each evaluation reads one
     * sample per five minutes of the window, whatever the number of instances and the scrape
     * interval. The sums start when the rules are first loaded, so a long window covers only the
     * time since then (backfill them with {@code promtool tsdb create-blocks-from rules} to start
     * complete).
     */
    EVENT_SUMS,
    /**
     * From {@code increase()} of the raw counter over the whole window, as the short windows: exact
     * from the first evaluation, but each evaluation reads every sample of every instance in the
     * window (about 32 million for 28 days of 100 instances scraped every 15 s).
     */
    RAW
  }

  /**
   * Options of a generated rule file: grouping labels, extra label matchers on the counter, and
   * the form of the long windows. Immutable; build one with {@link #builder()}.
   *
   * <pre>{@code
   * PrometheusRules.Options options =
   *     PrometheusRules.Options.builder()
   *         .groupBy("env", "cluster")          // one SLI and one alert per env and cluster
   *         .matcher("namespace=\"shop\"")      // only the shop namespace's instances
   *         .build();
   * }</pre>
   */
  public static final class Options {

    private static final Options DEFAULTS =
        new Options(List.of(), List.of(), LongWindows.EVENT_SUMS);

    private final List<String> groupBy;
    private final List<String> matchers;
    private final LongWindows longWindows;

    private Options(List<String> groupBy, List<String> matchers, LongWindows longWindows) {
      this.groupBy = groupBy;
      this.matchers = matchers;
      this.longWindows = longWindows;
    }

    /**
     * No grouping labels (every instance's events are summed together), no extra matchers, long
     * windows from the five-minute sums.
     *
     * @return the default options
     */
    public static Options defaults() {
      return DEFAULTS;
    }

    /**
     * Starts options from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * The labels the fleet sums are grouped by; they are kept on every recorded series and alert.
     *
     * @return label names, possibly empty
     */
    public List<String> groupBy() {
      return groupBy;
    }

    /**
     * Extra label matchers added to every selector of the exported counter.
     *
     * @return matchers such as {@code env="prod"}, possibly empty
     */
    public List<String> matchers() {
      return matchers;
    }

    /**
     * How the windows of a day or longer are computed.
     *
     * @return the form
     */
    public LongWindows longWindows() {
      return longWindows;
    }

    @Override
    public String toString() {
      return "Options{groupBy=" + groupBy + ", matchers=" + matchers + ", longWindows="
          + longWindows + "}";
    }

    /** Collects options; {@link #build()} validates them all at once. */
    public static final class Builder {
      private final List<String> groupBy = new ArrayList<>();
      private final List<String> matchers = new ArrayList<>();
      private @Nullable LongWindows longWindows = LongWindows.EVENT_SUMS;

      private Builder() {}

      /**
       * Adds labels to group the fleet sums by, such as {@code namespace}, {@code env} or {@code
       * cluster}: each value gets its own SLI recordings and alerts. The labels must be on the
       * scraped counter (target labels or the registry's common tags). Not {@code slo}, {@code
       * outcome}, a {@code sloth_} label, a {@code __} label, or a label the alerts set themselves
       * ({@code long_window}, {@code short_window}, {@code burn_rate_factor}): the alert's label
       * would replace the group's, and two groups would become one alert.
       *
       * @param labels label names
       * @return this builder
       */
      public Builder groupBy(String... labels) {
        groupBy.addAll(java.util.Arrays.asList(labels)); // a null label is reported by build()
        return this;
      }

      /**
       * Adds a label matcher to every selector of the counter, such as {@code env="prod"} or
       * {@code cluster=~"eu-.*"}: {@code name}, one of {@code = != =~ !~}, and a double-quoted
       * PromQL string. Not on {@code slo}, {@code outcome} or a {@code __} label.
       *
       * @param matcher the matcher
       * @return this builder
       */
      public Builder matcher(String matcher) {
        matchers.add(matcher);
        return this;
      }

      /**
       * How the windows of a day or longer are computed; default {@link LongWindows#EVENT_SUMS}.
       *
       * @param form the form
       * @return this builder
       */
      public Builder longWindows(LongWindows form) {
        this.longWindows = form;
        return this;
      }

      /**
       * Validates every option and builds them.
       *
       * @return the options
       * @throws IllegalArgumentException listing every problem, each as {@code <option> was
       *     '<value>' but <expected>}
       */
      public Options build() {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < groupBy.size(); i++) {
          String label = groupBy.get(i);
          if (label == null || !LABEL_NAME.matcher(label).matches() || reserved(label, true)) {
            problems.add(
                "groupBy["
                    + i
                    + "] was '"
                    + label
                    + "' but a label name other than slo, outcome, sloth_*, __* and the alerts'"
                    + " own long_window, short_window and burn_rate_factor was expected");
          } else if (UNGROUPABLE.contains(label.toLowerCase(Locale.ROOT))) {
            problems.add(
                "groupBy["
                    + i
                    + "] was '"
                    + label
                    + "' but a label name PromQL can group by (not without, inf or nan, in any"
                    + " case) was expected");
          } else if (!seen.add(label)) {
            problems.add("groupBy[" + i + "] was '" + label + "' but it is already listed");
          }
        }
        List<String> normalized = new ArrayList<>();
        for (int i = 0; i < matchers.size(); i++) {
          String m = matchers.get(i);
          String regexProblem;
          Matcher parsed = m == null ? null : MATCHER.matcher(m);
          if (parsed == null || !parsed.matches()) {
            problems.add(
                "matcher["
                    + i
                    + "] was '"
                    + m
                    + "' but a PromQL label matcher such as env=\"prod\" or env=~\"prod|staging\""
                    + " was expected");
          } else if (!PromQlString.carries(parsed.group(3))) {
            problems.add(
                "matcher["
                    + i
                    + "] was '"
                    + m
                    + "' but a double-quoted value of printable characters and PromQL escapes"
                    + " (\\n \\t \\\" \\\\ \\xHH \\OOO \\uHHHH \\UHHHHHHHH of a Unicode code point)"
                    + " was expected");
          } else if ((regexProblem = regexProblem(parsed)) != null) {
            problems.add(
                "matcher["
                    + i
                    + "] was '"
                    + m
                    + "' but a regular expression Prometheus compiles (Go's RE2 syntax) was"
                    + " expected: "
                    + regexProblem);
          } else if (reserved(parsed.group(1), false)) {
            problems.add(
                "matcher["
                    + i
                    + "] was '"
                    + m
                    + "' but a matcher on a label other than slo, outcome and __* was expected");
          } else {
            normalized.add(parsed.group(1) + parsed.group(2) + parsed.group(3));
          }
        }
        if (longWindows == null) {
          problems.add("longWindows was 'null' but EVENT_SUMS or RAW was expected");
        }
        if (!problems.isEmpty()) {
          throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new Options(
            List.copyOf(groupBy), List.copyOf(normalized), Objects.requireNonNull(longWindows));
      }

      /** Why Prometheus would refuse the regular expression of a =~ or !~ matcher, or null. */
      private static @Nullable String regexProblem(Matcher parsed) {
        if (!parsed.group(2).endsWith("~")) {
          return null;
        }
        String regex = PromQlString.decode(parsed.group(3));
        return regex == null ? null : PromQlRegex.problem(regex);
      }

      private static boolean reserved(String label, boolean grouping) {
        return label.equals(SloMetrics.TAG_SLO)
            || label.equals(SloMetrics.TAG_OUTCOME)
            || label.startsWith("__")
            || (grouping && (label.startsWith("sloth_") || ALERT_LABELS.contains(label)));
      }
    }
  }
}
