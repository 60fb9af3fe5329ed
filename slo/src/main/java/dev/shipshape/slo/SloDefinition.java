package dev.shipshape.slo;

import dev.shipshape.time.internal.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable service level objective: what fraction of events (or of one-minute time slices)
 * must be good over a rolling window, and which burn rates should alert.
 *
 * <p>Build one with {@link #builder(String)} (or {@link Slo#named(String)}); {@link
 * Builder#build()} validates every setting and reports all problems at once. The SLI is either an
 * event ratio (each event is recorded good or bad) or, when a {@linkplain
 * Builder#latencyThreshold(Duration) latency threshold} is set, latency (an event is good when its
 * duration is at or under the threshold).
 */
public final class SloDefinition {

  /** The default window: 28 days. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(28);

  /** The shortest window an SLO may have: one hour. */
  public static final Duration MIN_WINDOW = Duration.ofHours(1);

  /** The longest window an SLO (or an alert window) may have: 35 days, the recording horizon. */
  public static final Duration MAX_WINDOW = Duration.ofDays(35);

  /** The shortest alert window: ten seconds, the finest recording resolution. */
  public static final Duration MIN_ALERT_WINDOW = Duration.ofSeconds(10);

  /** The default minimum number of events in a short window before its pair may fire: 10. */
  public static final long DEFAULT_MIN_EVENTS_PER_SHORT_WINDOW = 10;

  /** The length of one time slice under {@link BudgetingMethod#TIMESLICES}. */
  public static final Duration TIMESLICE = Duration.ofMinutes(1);

  /** The longest runbook URL accepted. */
  public static final int MAX_RUNBOOK_URL_LENGTH = 2048;

  private static final String NAME_EXPECTED =
      "a name of letters, digits, '_', '.', '-' (up to 128, starting with a letter or digit) was"
          + " expected";

  private final String name;
  private final String service;
  private final String description;
  private final double objective;
  private final Duration window;
  private final @Nullable Duration latencyThreshold;
  private final BudgetingMethod budgeting;
  private final double timesliceTarget;
  private final List<BurnRateAlert> alerts;
  private final long minEventsPerShortWindow;
  private final @Nullable String runbookUrl;

  private SloDefinition(Builder b, Duration window, List<BurnRateAlert> alerts) {
    this.name = b.name;
    this.service = b.service == null ? b.name : b.service;
    this.description = b.description;
    this.objective = b.objective;
    this.window = window;
    this.latencyThreshold = b.latencyThreshold;
    this.budgeting = b.budgeting;
    this.timesliceTarget =
        b.budgeting == BudgetingMethod.TIMESLICES ? b.timesliceTarget : Double.NaN;
    this.alerts = alerts;
    this.minEventsPerShortWindow = b.minEventsPerShortWindow;
    this.runbookUrl = b.runbookUrl;
  }

  /**
   * Starts a definition named {@code name}: letters, digits, {@code _ . -}, up to 128 characters
   * (the name becomes a metric tag and a Prometheus label value).
   *
   * @param name the SLO's name, e.g. {@code checkout}
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A builder holding this definition's settings, to derive a changed copy.
   *
   * @return a new builder; changing it never changes this definition
   */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.service = service;
    b.description = description;
    b.objective = objective;
    b.window = window;
    b.latencyThreshold = latencyThreshold;
    b.budgeting = budgeting;
    b.timesliceTarget = timesliceTarget;
    b.alerts = alerts;
    b.minEventsPerShortWindow = minEventsPerShortWindow;
    b.runbookUrl = runbookUrl;
    return b;
  }

  /**
   * The SLO's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The service the SLO belongs to (Sloth's {@code sloth_service}); defaults to the SLO's name.
   *
   * @return the service name
   */
  public String service() {
    return service;
  }

  /**
   * A human description, possibly empty.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * The objective as a ratio in (0, 1), e.g. 0.999.
   *
   * @return the objective
   */
  public double objective() {
    return objective;
  }

  /**
   * The error budget as a ratio: {@code 1 - objective}.
   *
   * @return the error budget ratio
   */
  public double errorBudget() {
    return 1.0 - objective;
  }

  /**
   * The rolling window the objective applies to.
   *
   * @return the window
   */
  public Duration window() {
    return window;
  }

  /**
   * The latency threshold of a latency SLO: an event is good when its duration is at or under it.
   *
   * @return the threshold, or empty for an event-ratio SLO
   */
  public Optional<Duration> latencyThreshold() {
    return Optional.ofNullable(latencyThreshold);
  }

  /**
   * Whether this is a latency SLO.
   *
   * @return true when a latency threshold is set
   */
  public boolean isLatency() {
    return latencyThreshold != null;
  }

  /**
   * How the error budget is counted.
   *
   * @return the budgeting method
   */
  public BudgetingMethod budgeting() {
    return budgeting;
  }

  /**
   * The good ratio a one-minute slice needs to be good, under {@link BudgetingMethod#TIMESLICES}.
   *
   * @return the slice target, or NaN under {@link BudgetingMethod#OCCURRENCES}
   */
  public double timesliceTarget() {
    return timesliceTarget;
  }

  /**
   * The burn-rate alert pairs; the pairs are ORed, the windows within a pair ANDed.
   *
   * @return an immutable list, possibly empty
   */
  public List<BurnRateAlert> alerts() {
    return alerts;
  }

  /**
   * The minimum number of events a short window needs before its pair may fire.
   *
   * @return the minimum, zero or more
   */
  public long minEventsPerShortWindow() {
    return minEventsPerShortWindow;
  }

  /**
   * Where an on-call engineer finds what to do when this SLO's alerts fire. It travels with the
   * alert events, the log lines of a fired alert and the {@code runbook_url} annotation of the
   * generated Prometheus alerts; OpenSLO files set it with the {@code runbook_url} annotation.
   *
   * @return an absolute http(s) URL, or empty when none was given
   */
  public Optional<String> runbookUrl() {
    return Optional.ofNullable(runbookUrl);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SloDefinition)) {
      return false;
    }
    SloDefinition that = (SloDefinition) o;
    return name.equals(that.name)
        && service.equals(that.service)
        && description.equals(that.description)
        && Double.compare(objective, that.objective) == 0
        && window.equals(that.window)
        && Objects.equals(latencyThreshold, that.latencyThreshold)
        && budgeting == that.budgeting
        && Double.compare(timesliceTarget, that.timesliceTarget) == 0
        && alerts.equals(that.alerts)
        && minEventsPerShortWindow == that.minEventsPerShortWindow
        && Objects.equals(runbookUrl, that.runbookUrl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, service, objective, window, latencyThreshold, budgeting, alerts);
  }

  @Override
  public String toString() {
    return "SloDefinition{name="
        + name
        + ", service="
        + service
        + ", objective="
        + objective
        + ", window="
        + window
        + (latencyThreshold == null ? "" : ", latencyThreshold=" + latencyThreshold)
        + ", budgeting="
        + budgeting
        + (budgeting == BudgetingMethod.TIMESLICES ? ", timesliceTarget=" + timesliceTarget : "")
        + ", alerts="
        + alerts.size()
        + (runbookUrl == null ? "" : ", runbookUrl=" + runbookUrl)
        + "}";
  }

  /**
   * Collects an SLO's settings; {@link #build()} validates them all and snapshots them, so reusing
   * a builder never changes a built definition.
   */
  public static final class Builder {
    private final String name;
    private @Nullable String service;
    private String description = "";
    private double objective = Double.NaN;
    private @Nullable Duration window = DEFAULT_WINDOW;
    private @Nullable Duration latencyThreshold;
    private boolean latencyThresholdSet;
    private BudgetingMethod budgeting = BudgetingMethod.OCCURRENCES;
    private double timesliceTarget = Double.NaN;
    private @Nullable List<BurnRateAlert> alerts;
    private long minEventsPerShortWindow = DEFAULT_MIN_EVENTS_PER_SHORT_WINDOW;
    private @Nullable String runbookUrl;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * The service the SLO belongs to; defaults to the SLO's name.
     *
     * @param service a name like the SLO's own
     * @return this builder
     */
    public Builder service(String service) {
      this.service = service;
      return this;
    }

    /**
     * A human description.
     *
     * @param description free text
     * @return this builder
     */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * The objective as a ratio strictly between 0 and 1, e.g. 0.999. Required.
     *
     * @param ratio the objective
     * @return this builder
     */
    public Builder objective(double ratio) {
      this.objective = ratio;
      return this;
    }

    /**
     * The objective as a percentage strictly between 0 and 100, e.g. 99.9.
     *
     * @param percent the objective in percent
     * @return this builder
     */
    public Builder objectivePercent(double percent) {
      this.objective =
          Double.isFinite(percent)
              ? java.math.BigDecimal.valueOf(percent).movePointLeft(2).doubleValue()
              : percent;
      return this;
    }

    /**
     * The rolling window, from one hour to 35 days; default 28 days.
     *
     * @param window the window
     * @return this builder
     */
    public Builder window(Duration window) {
      this.window = window;
      return this;
    }

    /**
     * Makes this a latency SLO: an event is good when its duration is at or under {@code
     * threshold}, which must be positive.
     *
     * @param threshold the latency threshold
     * @return this builder
     */
    public Builder latencyThreshold(Duration threshold) {
      this.latencyThreshold = threshold;
      this.latencyThresholdSet = true;
      return this;
    }

    /**
     * How the error budget is counted; default {@link BudgetingMethod#OCCURRENCES}. {@link
     * BudgetingMethod#TIMESLICES} also needs a {@link #timesliceTarget(double)}.
     *
     * @param method the budgeting method
     * @return this builder
     */
    public Builder budgeting(BudgetingMethod method) {
      this.budgeting = method;
      return this;
    }

    /**
     * The good ratio, in (0, 1], that a one-minute slice needs to count as good under {@link
     * BudgetingMethod#TIMESLICES}.
     *
     * @param ratio the slice target
     * @return this builder
     */
    public Builder timesliceTarget(double ratio) {
      this.timesliceTarget = ratio;
      return this;
    }

    /**
     * The burn-rate alert pairs; default {@link BurnRateAlert#workbookDefaults(Duration)} for the
     * window. An empty list disables alerting.
     *
     * @param alerts the pairs
     * @return this builder
     */
    public Builder alerts(List<BurnRateAlert> alerts) {
      this.alerts = List.copyOf(alerts);
      return this;
    }

    /**
     * The minimum number of events a short window needs before its pair may fire, so that a
     * quiet service does not page on one failure; default 10.
     *
     * @param minEvents zero or more
     * @return this builder
     */
    public Builder minEventsPerShortWindow(long minEvents) {
      this.minEventsPerShortWindow = minEvents;
      return this;
    }

    /**
     * Where an on-call engineer finds what to do when this SLO's alerts fire: an absolute {@code
     * http} or {@code https} URL of at most {@value SloDefinition#MAX_RUNBOOK_URL_LENGTH}
     * characters, without spaces or quotes. It is copied into alert events, the log lines of fired
     * alerts and the generated alerts' {@code runbook_url} annotation.
     *
     * @param url the runbook's URL
     * @return this builder
     */
    public Builder runbookUrl(String url) {
      this.runbookUrl = url;
      return this;
    }

    /**
     * Validates every setting and builds the definition.
     *
     * @return the definition
     * @throws SloDefinitionException listing every problem found
     */
    public SloDefinition build() {
      Problems problems = new Problems();
      if (name == null || !isName(name)) {
        problems.add("name", String.valueOf(name), NAME_EXPECTED);
      }
      if (service != null && !isName(service)) {
        problems.add("service", service, NAME_EXPECTED);
      }
      if (description == null) {
        problems.add("description", "null", "a text (possibly empty) was expected");
      }
      if (!(objective > 0.0 && objective < 1.0)) {
        problems.add(
            "objective",
            Double.isNaN(objective) ? "unset" : Double.toString(objective),
            "a ratio strictly between 0 and 1 (e.g. 0.999) was expected");
      }
      Duration w = window;
      boolean windowOk =
          w != null && w.compareTo(MIN_WINDOW) >= 0 && w.compareTo(MAX_WINDOW) <= 0;
      if (!windowOk) {
        problems.add("window", String.valueOf(w), "a duration from 1 hour to 35 days was expected");
      } else {
        checkWholeSeconds(problems, "window", w);
      }
      if (latencyThresholdSet
          && (latencyThreshold == null
              || latencyThreshold.isNegative()
              || latencyThreshold.isZero())) {
        problems.add(
            "latencyThreshold",
            String.valueOf(latencyThreshold),
            "a positive duration was expected");
      }
      if (budgeting == null) {
        problems.add("budgeting", "null", "OCCURRENCES or TIMESLICES was expected");
      } else if (budgeting == BudgetingMethod.TIMESLICES
          && !(timesliceTarget > 0.0 && timesliceTarget <= 1.0)) {
        problems.add(
            "timesliceTarget",
            Double.isNaN(timesliceTarget) ? "unset" : Double.toString(timesliceTarget),
            "with TIMESLICES budgeting a ratio in (0, 1] was expected");
      }
      if (minEventsPerShortWindow < 0) {
        problems.add(
            "minEventsPerShortWindow", minEventsPerShortWindow, "zero or more was expected");
      }
      if (runbookUrl != null && !isRunbookUrl(runbookUrl)) {
        problems.add(
            "runbookUrl",
            runbookUrl,
            "an absolute http(s) URL of at most "
                + MAX_RUNBOOK_URL_LENGTH
                + " characters without spaces or quotes was expected");
      }
      List<BurnRateAlert> pairs = alerts;
      if (pairs == null) {
        pairs = windowOk ? BurnRateAlert.workbookDefaults(w) : List.of();
      }
      for (int i = 0; i < pairs.size(); i++) {
        checkAlert(problems, "alerts[" + i + "]", pairs.get(i));
      }
      problems.throwIfAny(SloDefinitionException::new);
      return new SloDefinition(this, Objects.requireNonNull(w), pairs);
    }

    private static boolean isRunbookUrl(String url) {
      if (url.length() > MAX_RUNBOOK_URL_LENGTH
          || !java.util.regex.Pattern.compile("(?i)https?://[^\\s'\"<>`]+")
              .matcher(url)
              .matches()) {
        return false;
      }
      try {
        java.net.URI uri = new java.net.URI(url);
        return uri.isAbsolute() && uri.getHost() != null;
      } catch (java.net.URISyntaxException e) {
        return false;
      }
    }

    /**
     * Refuses a window with a fraction of a second: the generated rules name a window in whole
     * units ({@code slo:sli_error:ratio_rate1h}), so such a window would be written as a second
     * rule of another window's name.
     */
    private static void checkWholeSeconds(Problems problems, String at, Duration window) {
      if (window.getNano() != 0) {
        problems.add(at, window, "a whole number of seconds was expected");
      }
    }

    private static void checkAlert(Problems problems, String at, BurnRateAlert a) {
      if (a.longWindow().compareTo(MIN_ALERT_WINDOW) < 0
          || a.longWindow().compareTo(MAX_WINDOW) > 0) {
        problems.add(
            at + ".longWindow",
            a.longWindow(),
            "a duration from 10 seconds to 35 days was expected");
      } else {
        checkWholeSeconds(problems, at + ".longWindow", a.longWindow());
      }
      if (a.shortWindow().compareTo(MIN_ALERT_WINDOW) < 0
          || a.shortWindow().compareTo(a.longWindow()) >= 0) {
        problems.add(
            at + ".shortWindow",
            a.shortWindow(),
            "a duration of at least 10 seconds and shorter than the long window ("
                + a.longWindow()
                + ") was expected");
      } else {
        checkWholeSeconds(problems, at + ".shortWindow", a.shortWindow());
      }
      if (!(a.factor() > 0.0) || Double.isInfinite(a.factor())) {
        problems.add(at + ".factor", a.factor(), "a finite burn rate above 0 was expected");
      }
    }
  }

  /**
   * Whether {@code s} is a name: {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,127}}, checked without a
   * regular expression (compiling one is a measurable part of an application's startup).
   */
  static boolean isName(String s) {
    if (s.isEmpty() || s.length() > 128) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) {
        return false;
      }
    }
    return true;
  }
}
