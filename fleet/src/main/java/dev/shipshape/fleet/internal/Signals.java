package dev.shipshape.fleet.internal;

import dev.shipshape.slo.PrometheusRules;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.SloMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one question a fleet gate asks Prometheus per poll, and what its answer says. The question
 * is a single instant query at the poll's instant, the {@code or} of five labelled parts:
 *
 * <ul>
 *   <li>{@code page}: per halting SLO and window pair, the earliest instant a generated page
 *       alert became active within [plan start, now], from {@code ALERTS_FOR_STATE} (the series
 *       Prometheus writes beside {@code ALERTS} for every active alert, whose value is that
 *       instant);
 *   <li>{@code budget} (when budgets halt): the first instant in that range at which the SLO's
 *       remaining period budget was at or below zero, at the poll interval's resolution;
 *   <li>{@code scraped}: the newest sample of the SLO counter the instances export;
 *   <li>{@code evaluated}: the newest sample of the rules' five-minute error ratio;
 *   <li>{@code recorded}: a sample of that ratio near the plan's start, proving the server holds
 *       the plan's history (a server that lost it could not tell whether the rollout halted).
 * </ul>
 */
public final class Signals {

  static final String LABEL = "shipshape_signal";
  static final String PAGE = "page";
  static final String BUDGET = "budget";
  static final String SCRAPED = "scraped";
  static final String EVALUATED = "evaluated";
  static final String RECORDED = "recorded";

  private Signals() {}

  /**
   * The query for {@code slos} at {@code at}.
   *
   * @param slos the halting SLOs' names
   * @param matchers extra label matchers, such as {@code env="prod"}
   * @param budget whether exhausted budgets halt
   * @param start the plan's start, not after {@code at}
   * @param at the poll's instant
   * @param resolution the budget part's resolution
   * @param maxAge how old the newest samples may be
   * @return the PromQL expression
   */
  public static String query(
      Collection<String> slos,
      List<String> matchers,
      boolean budget,
      Instant start,
      Instant at,
      Duration resolution,
      Duration maxAge) {
    StringBuilder extra = new StringBuilder();
    for (String m : matchers) {
      extra.append(',').append(m);
    }
    String names = "\"" + alternation(slos) + "\"";
    String range = Math.max(1, Duration.between(start, at).toMillis()) + "ms";
    String ratio = PrometheusRules.errorRatioRule(PrometheusRules.CURRENT_WINDOW);
    String bySlo = "{sloth_slo=~" + names + extra + "}";
    Instant near = start.plus(maxAge).isBefore(at) ? start.plus(maxAge) : at;
    List<String> parts = new ArrayList<>();
    parts.add(
        signal(
            PAGE,
            "min by (sloth_slo, long_window, short_window) (min_over_time(ALERTS_FOR_STATE{"
                + "alertname=\"" + PrometheusRules.ALERT_NAME + "\",sloth_severity=\""
                + Severity.PAGE.label() + "\",sloth_slo=~" + names + extra + "}[" + range
                + "]))"));
    if (budget) {
      parts.add(
          signal(
              BUDGET,
              "min by (sloth_slo) (min_over_time(timestamp("
                  + "slo:period_error_budget_remaining:ratio" + bySlo + " <= 0)[" + range + ":"
                  + Math.max(1, resolution.toMillis()) + "ms]))"));
    }
    parts.add(
        signal(
            SCRAPED,
            "max by (" + SloMetrics.TAG_SLO + ") (timestamp("
                + SloMetrics.EVENTS_COUNTER_PROMETHEUS + "{" + SloMetrics.TAG_SLO + "=~" + names
                + extra + "}))"));
    parts.add(signal(EVALUATED, "max by (sloth_slo) (timestamp(" + ratio + bySlo + "))"));
    parts.add(
        signal(
            RECORDED,
            "max by (sloth_slo) (timestamp(" + ratio + bySlo + " @ "
                + PrometheusApi.seconds(near) + "))"));
    return String.join("\nor\n", parts);
  }

  private static String signal(String name, String expr) {
    return "label_replace(" + expr + ", \"" + LABEL + "\", \"" + name + "\", \"\", \"\")";
  }

  /** The names as an anchored regular expression's alternation, escaped for a PromQL string. */
  static String alternation(Collection<String> names) {
    List<String> quoted = new ArrayList<>();
    for (String n : names) {
      StringBuilder b = new StringBuilder();
      for (char c : n.toCharArray()) {
        if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
          b.append("\\\\");
        } else if (c == '"') {
          b.append('\\');
        }
        b.append(c);
      }
      quoted.add(b.toString());
    }
    return String.join("|", quoted);
  }

  /**
   * What an answer says.
   *
   * @param samples the answer
   * @param slos the halting SLOs' names
   * @param start the plan's start
   * @param at the poll's instant
   * @param maxAge how old the newest samples may be
   * @param server names the server in reasons
   * @return the reading
   */
  public static Reading read(
      List<PrometheusApi.Sample> samples,
      Collection<String> slos,
      Instant start,
      Instant at,
      Duration maxAge,
      String server) {
    List<String> missing = new ArrayList<>();
    for (String slo : slos) {
      Instant scraped = newest(samples, SCRAPED, SloMetrics.TAG_SLO, slo);
      if (scraped == null || Duration.between(scraped, at).compareTo(maxAge) > 0) {
        missing.add(
            "no sample of " + SloMetrics.EVENTS_COUNTER_PROMETHEUS + "{slo=\"" + slo + "\"} within "
                + maxAge + (scraped == null ? "" : " (newest at " + scraped + ")"));
      }
      Instant evaluated = newest(samples, EVALUATED, "sloth_slo", slo);
      if (evaluated == null || Duration.between(evaluated, at).compareTo(maxAge) > 0) {
        missing.add(
            "the rules of slo '" + slo + "' were not evaluated within " + maxAge
                + (evaluated == null ? "" : " (last at " + evaluated + ")"));
      }
      if (newest(samples, RECORDED, "sloth_slo", slo) == null) {
        missing.add(
            "no recording of slo '" + slo + "' near the plan's start " + start
                + " (a server without the plan's history cannot tell whether it halted; start"
                + " the plan again to go on)");
      }
    }
    Schedule.Halt halt = null;
    for (PrometheusApi.Sample s : samples) {
      String kind = s.labels().get(LABEL);
      if (!PAGE.equals(kind) && !BUDGET.equals(kind)) {
        continue;
      }
      Instant since = instant(s.value());
      Instant h = since.isBefore(start) ? start : since;
      String slo = PrometheusApi.quoted(s.labels().getOrDefault("sloth_slo", "?"));
      if (since.isAfter(at)) {
        // a server's samples are no newer than the instant asked about, nor are their values
        missing.add("slo '" + slo + "' has a " + kind + " signal at " + since + ", after " + at);
        continue;
      }
      String reason =
          PAGE.equals(kind)
              ? String.format(
                  Locale.ROOT,
                  "slo '%s' page alert %s/%s active since %s on %s",
                  slo,
                  PrometheusApi.quoted(s.labels().getOrDefault("long_window", "?")),
                  PrometheusApi.quoted(s.labels().getOrDefault("short_window", "?")),
                  since,
                  server)
              : "slo '" + slo + "' error budget exhausted at " + since + " on " + server;
      if (halt == null || h.isBefore(halt.at())) {
        halt = new Schedule.Halt(h, reason);
      }
    }
    String why =
        missing.isEmpty()
            ? "no page alert of " + slos + " since the start on " + server
            : "verdict unreadable: " + String.join("; ", missing);
    return new Reading(missing.isEmpty(), halt, why);
  }

  private static @Nullable Instant newest(
      List<PrometheusApi.Sample> samples, String kind, String label, String slo) {
    Instant newest = null;
    for (PrometheusApi.Sample s : samples) {
      Map<String, String> l = s.labels();
      if (kind.equals(l.get(LABEL)) && slo.equals(l.get(label))) {
        Instant t = instant(s.value());
        if (newest == null || t.isAfter(newest)) {
          newest = t;
        }
      }
    }
    return newest;
  }

  private static Instant instant(double seconds) {
    return Instant.ofEpochMilli(Math.round(seconds * 1000.0));
  }

  /**
   * What the answer says.
   *
   * @param readable whether every halting SLO has fresh samples and its history
   * @param halt the first halt after the start, or null
   * @param why in words
   */
  public record Reading(boolean readable, Schedule.@Nullable Halt halt, String why) {}
}
