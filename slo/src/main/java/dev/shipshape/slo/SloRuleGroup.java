package dev.shipshape.slo;

import static dev.shipshape.slo.PrometheusRules.ALERT_NAME;
import static dev.shipshape.slo.PrometheusRules.BAD_EVENTS_RULE;
import static dev.shipshape.slo.PrometheusRules.CURRENT_WINDOW;
import static dev.shipshape.slo.PrometheusRules.LONG_WINDOW;
import static dev.shipshape.slo.PrometheusRules.SUM_INTERVAL;
import static dev.shipshape.slo.PrometheusRules.TOTAL_EVENTS_RULE;
import static dev.shipshape.slo.PrometheusRules.combinedDuration;
import static dev.shipshape.slo.PrometheusRules.errorRatioRule;
import static dev.shipshape.slo.PrometheusRules.id;
import static dev.shipshape.slo.PrometheusRules.promDuration;

import dev.shipshape.slo.PrometheusRules.LongWindows;
import dev.shipshape.slo.PrometheusRules.Options;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The Prometheus rules of one SLO under one set of {@link PrometheusRules.Options}: the recording
 * rules of its error ratios and event sums, its meta rules and its burn-rate alerts, in Sloth's
 * names.
 */
final class SloRuleGroup {
  private final SloDefinition slo;
  private final Options options;
  private final String id;
  private final String sel;
  private final String all;
  private final String bad;
  private final String sum;
  private final String on;

  SloRuleGroup(SloDefinition slo, Options options) {
    this.slo = slo;
    this.options = options;
    this.id = id(slo);
    this.sel =
        "{sloth_id=\"" + id + "\", sloth_service=\"" + slo.service() + "\", sloth_slo=\""
            + slo.name() + "\"}";
    StringBuilder extra = new StringBuilder();
    for (String m : options.matchers()) {
      extra.append(',').append(m);
    }
    String events = SloMetrics.EVENTS_COUNTER_PROMETHEUS;
    this.all = events + "{" + SloMetrics.TAG_SLO + "=\"" + slo.name() + "\"" + extra + "}";
    this.bad =
        events + "{" + SloMetrics.TAG_SLO + "=\"" + slo.name() + "\"," + SloMetrics.TAG_OUTCOME
            + "=\"" + SloMetrics.OUTCOME_BAD + "\"" + extra + "}";
    String labels = String.join(", ", options.groupBy());
    this.sum = options.groupBy().isEmpty() ? "sum" : "sum by (" + labels + ") ";
    this.on = "on(" + labels + ")";
  }

  private boolean grouped() {
    return !options.groupBy().isEmpty();
  }

  /** {@code sum(increase(<series>[w]))}, grouped. */
  private String increase(String series, String window) {
    return sum + "(increase(" + series + "[" + window + "]))";
  }

  /** What a ratio falls back to when a group has no events: 0, never NaN. */
  private String zero(String total) {
    return grouped() ? total + " * 0" : "vector(0)";
  }

  private boolean summed(Duration window) {
    return options.longWindows() == LongWindows.EVENT_SUMS
        && window.compareTo(LONG_WINDOW) >= 0
        && window.toMillis() % SUM_INTERVAL.toMillis() == 0;
  }

  void append(StringBuilder y) {
    TreeSet<Duration> windows = new TreeSet<>();
    windows.add(CURRENT_WINDOW);
    for (BurnRateAlert a : slo.alerts()) {
      windows.add(a.longWindow());
      windows.add(a.shortWindow());
    }
    windows.add(slo.window());
    List<Duration> raw = new ArrayList<>();
    List<Duration> summed = new ArrayList<>();
    for (Duration w : windows) {
      (summed(w) ? summed : raw).add(w);
    }

    y.append("- name: sloth-slo-sli-recordings-").append(id).append('\n');
    y.append("  rules:\n");
    for (Duration w : raw) {
      String pw = promDuration(w);
      String total = increase(all, pw);
      y.append("  - record: ").append(errorRatioRule(w)).append('\n');
      y.append("    expr: |\n");
      y.append("      (\n");
      y.append("        (").append(increase(bad, pw)).append(" or ").append(zero(total))
          .append(")\n");
      y.append("        /\n");
      y.append("        (").append(total).append(" > 0)\n");
      y.append("      )\n");
      y.append("      or ").append(zero(total)).append('\n');
      labels(y, pw);
    }

    if (!summed.isEmpty()) {
      y.append("- name: sloth-slo-sli-sums-").append(id).append('\n');
      y.append("  interval: ").append(promDuration(SUM_INTERVAL)).append('\n');
      y.append("  rules:\n");
      String sw = promDuration(SUM_INTERVAL);
      String total = increase(all, sw);
      y.append("  - record: ").append(BAD_EVENTS_RULE).append('\n');
      // Block scalars: a matcher's value may hold " #" or ": ", which end a plain YAML scalar.
      y.append("    expr: |\n      ").append(increase(bad, sw)).append(" or ").append(zero(total))
          .append('\n');
      labels(y, null);
      y.append("  - record: ").append(TOTAL_EVENTS_RULE).append('\n');
      y.append("    expr: |\n      ").append(total).append('\n');
      labels(y, null);
      for (Duration w : summed) {
        // Both ends of a 2.x range are inclusive: one second less keeps exactly the sums of the
        // five-minute spans inside the window.
        String range = combinedDuration(w.minusSeconds(1));
        String badSum = sum + "(sum_over_time(" + BAD_EVENTS_RULE + sel + "[" + range + "]))";
        String totalSum =
            sum + "(sum_over_time(" + TOTAL_EVENTS_RULE + sel + "[" + range + "]))";
        y.append("  - record: ").append(errorRatioRule(w)).append('\n');
        y.append("    expr: |\n");
        y.append("      (\n");
        y.append("        ").append(badSum).append('\n');
        y.append("        /\n");
        y.append("        (").append(totalSum).append(" > 0)\n");
        y.append("      )\n");
        y.append("      or ").append(zero(totalSum)).append('\n');
        labels(y, promDuration(w));
      }
    }

    String period = errorRatioRule(slo.window());
    // Exact: rounded, an objective of thirteen nines or more would read 1 and leave no budget.
    String objective = exact(slo.objective());
    y.append("- name: sloth-slo-meta-recordings-").append(id).append('\n');
    y.append("  rules:\n");
    meta(y, "slo:objective:ratio", "vector(" + objective + ")");
    meta(y, "slo:error_budget:ratio", "vector(1 - " + objective + ")");
    meta(y, "slo:time_period:days",
        "vector(" + decimal(slo.window().getSeconds() / 86_400.0) + ")");
    meta(y, "slo:current_burn_rate:ratio",
        errorRatioRule(CURRENT_WINDOW) + sel
            + " / on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio"
            + sel);
    meta(y, "slo:period_burn_rate:ratio",
        period + sel
            + " / on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio"
            + sel);
    meta(y, "slo:period_error_budget_remaining:ratio", "1 - slo:period_burn_rate:ratio" + sel);
    y.append("  - record: sloth_slo_info\n");
    y.append("    expr: vector(1)\n");
    y.append("    labels:\n");
    y.append("      sloth_id: \"").append(id).append("\"\n");
    y.append("      sloth_mode: shipshape\n");
    y.append("      sloth_objective: \"").append(percent(slo.objective())).append("\"\n");
    y.append("      sloth_service: \"").append(slo.service()).append("\"\n");
    y.append("      sloth_slo: \"").append(slo.name()).append("\"\n");
    y.append("      sloth_window: \"").append(promDuration(slo.window())).append("\"\n");

    if (slo.alerts().isEmpty()) {
      return;
    }
    y.append("- name: sloth-slo-alerts-").append(id).append('\n');
    y.append("  rules:\n");
    for (BurnRateAlert a : slo.alerts()) {
      String lw = promDuration(a.longWindow());
      String sw = promDuration(a.shortWindow());
      String factor = decimal(a.factor());
      String threshold = "(" + factor + " * (1 - " + objective + "))";
      y.append("  - alert: ").append(ALERT_NAME).append('\n');
      y.append("    expr: |\n");
      y.append("      (\n");
      y.append("        max(").append(errorRatioRule(a.longWindow())).append(sel).append(" > ")
          .append(threshold).append(") without (sloth_window)\n");
      y.append("        and\n");
      y.append("        max(").append(errorRatioRule(a.shortWindow())).append(sel).append(" > ")
          .append(threshold).append(") without (sloth_window)\n");
      y.append("      )\n");
      if (slo.minEventsPerShortWindow() > 0) {
        y.append("      and ").append(on).append(" (").append(increase(all, sw)).append(" >= ")
            .append(slo.minEventsPerShortWindow()).append(")\n");
      }
      y.append("    labels:\n");
      y.append("      sloth_severity: ").append(a.severity().label()).append('\n');
      y.append("      long_window: \"").append(lw).append("\"\n");
      y.append("      short_window: \"").append(sw).append("\"\n");
      y.append("      burn_rate_factor: \"").append(factor).append("\"\n");
      y.append("    annotations:\n");
      y.append("      title: '(").append(a.severity().label()).append(") ")
          .append(slo.service()).append(' ').append(slo.name())
          .append(" SLO error budget burn rate is too fast.'\n");
      y.append("      summary: '").append(slo.service()).append(' ').append(slo.name())
          .append(" burned error budget faster than ").append(factor).append("x over both ")
          .append(lw).append(" and ").append(sw).append(" (")
          .append(decimal(Math.round(a.budgetFraction(slo.window()) * 10_000) / 100.0))
          .append("% of the ").append(promDuration(slo.window()))
          .append(" budget in ").append(lw).append(").'\n");
      String runbook = slo.runbookUrl().orElse(null);
      if (runbook != null) {
        y.append("      runbook_url: '").append(runbook.replace("'", "''")).append("'\n");
      }
    }
  }

  private void meta(StringBuilder y, String record, String expr) {
    y.append("  - record: ").append(record).append('\n');
    y.append("    expr: ").append(expr).append('\n');
    labels(y, null);
  }

  private void labels(StringBuilder y, @Nullable String window) {
    y.append("    labels:\n");
    y.append("      sloth_id: \"").append(id).append("\"\n");
    y.append("      sloth_service: \"").append(slo.service()).append("\"\n");
    y.append("      sloth_slo: \"").append(slo.name()).append("\"\n");
    if (window != null) {
      y.append("      sloth_window: \"").append(window).append("\"\n");
    }
  }

  /**
   * {@code v} in plain decimal digits, exactly: the shortest decimal that reads back as {@code v},
   * so Prometheus computes the same {@code 1 - objective} Java does.
   */
  private static String exact(double v) {
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** {@code v} as a percentage, exactly ({@code 0.999} is {@code 99.9}). */
  private static String percent(double v) {
    return new BigDecimal(Double.toString(v))
        .movePointRight(2)
        .stripTrailingZeros()
        .toPlainString();
  }

  /**
   * {@code v} in plain decimal digits, rounded to twelve places: for figures computed from a
   * definition (burn-rate factors, days, percentages) where the float's last digits are noise.
   */
  private static String decimal(double v) {
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    if (d.scale() > 12) {
      d = d.setScale(12, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
    return d.toPlainString();
  }
}
