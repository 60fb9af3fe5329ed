package dev.shipshape.examples;

import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.slo.AlertState;
import dev.shipshape.slo.SloSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link SimulationResult} as one self-contained HTML page: inline SVG charts of the
 * rollout percentage, the error budget remaining and the burn rates with the alert and rollout
 * events marked, then the final SLO snapshot, the rollout's audit trail and the timeline. No
 * scripts, fonts or other files are loaded.
 */
final class HtmlReport {

  private HtmlReport() {}

  static String render(SimulationResult r) {
    List<SvgChart.Marker> markers = SvgChart.markers(r);
    StringBuilder h = new StringBuilder(256 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Shipshape release simulation: ")
        .append(esc(r.slo().name()))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>Release simulation: progressive rollout of <code>")
        .append(ReleaseSimulation.FLAG)
        .append("</code> gated by the <code>")
        .append(esc(r.slo().name()))
        .append("</code> SLO</h1>\n");
    h.append("<p class=\"lead\">")
        .append(esc(summary(r)))
        .append("</p>\n");
    h.append("<section id=\"charts\">\n");
    h.append(SvgChart.legend());
    h.append(
        SvgChart.chart(
            "rollout",
            "Rollout: share of users on the new checkout path (%)",
            r,
            markers,
            List.of(new SvgChart.Series("rollout %", "s-rollout", Sample::rolloutPercent)),
            false,
            0,
            100,
            List.of()));
    double minBudget = 0;
    for (Sample s : r.samples()) {
      minBudget = Math.min(minBudget, s.budgetRemaining() * 100);
    }
    h.append(
        SvgChart.chart(
            "budget",
            "Error budget remaining (% of the 28-day budget)",
            r,
            markers,
            List.of(
                new SvgChart.Series(
                    "budget remaining %", "s-budget", s -> s.budgetRemaining() * 100)),
            false,
            Math.floor(minBudget / 10) * 10,
            100,
            List.of()));
    double maxBurn = 100;
    for (Sample s : r.samples()) {
      maxBurn = Math.max(maxBurn, s.burn5m());
    }
    List<double[]> thresholds = new ArrayList<>();
    for (AlertState a : r.finalAlerts()) {
      thresholds.add(new double[] {a.alert().factor(), a.alert().severity().ordinal()});
    }
    h.append(
        SvgChart.chart(
            "burn",
            "Burn rates (log scale; dashed: alert thresholds)",
            r,
            markers,
            List.of(
                new SvgChart.Series("5m", "s-burn5m", Sample::burn5m),
                new SvgChart.Series("1h", "s-burn1h", Sample::burn1h),
                new SvgChart.Series("6h", "s-burn6h", Sample::burn6h)),
            true,
            0.01,
            maxBurn,
            thresholds));
    h.append(
        SvgChart.chart(
            "traffic",
            "Failed checkouts per 5 minutes",
            r,
            markers,
            List.of(new SvgChart.Series("failed", "s-failed", s -> (double) s.failed())),
            false,
            0,
            Math.max(10, SvgChart.maxOf(r.samples(), s -> (double) s.failed())),
            List.of()));
    h.append("</section>\n");

    h.append("<section id=\"snapshot\">\n<h2>Final SLO snapshot</h2>\n");
    h.append(snapshotTable(r));
    h.append("</section>\n");

    h.append("<section id=\"audit\">\n<h2>Rollout audit trail</h2>\n<table>\n")
        .append("<tr><th>At</th><th>Transition</th><th>From</th><th>To</th><th>State</th>")
        .append("<th>Reason</th></tr>\n");
    for (RolloutAuditEntry e : r.audit()) {
      h.append("<tr><td>")
          .append(TimelineText.time(e.at()))
          .append("</td><td>")
          .append(esc(e.transition().label()))
          .append("</td><td class=\"num\">")
          .append(TimelineText.pct(e.fromPercent()))
          .append("%</td><td class=\"num\">")
          .append(TimelineText.pct(e.toPercent()))
          .append("%</td><td>")
          .append(esc(e.state().name()))
          .append("</td><td>")
          .append(esc(e.reason()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n</section>\n");

    h.append("<section id=\"timeline\">\n<h2>Timeline</h2>\n<table>\n")
        .append("<tr><th>At (UTC)</th><th>Day</th><th>Kind</th><th>What happened</th></tr>\n");
    for (TimelineEntry e : r.timeline()) {
      h.append("<tr class=\"k-")
          .append(e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .append("\"><td>")
          .append(TimelineText.time(e.at()))
          .append("</td><td class=\"num\">")
          .append(Duration.between(r.start(), e.at()).toDays())
          .append("</td><td>")
          .append(esc(e.kind().name()))
          .append("</td><td>")
          .append(esc(e.text()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n</section>\n");

    SimulationOptions o = r.options();
    h.append("<section id=\"run\">\n<h2>Run</h2>\n<table>\n");
    row(h, "Seed", Long.toString(o.seed()));
    row(h, "Mean rate", String.format(Locale.ROOT, "%.1f checkouts/s", o.requestsPerSecond()));
    row(
        h,
        "Simulated",
        TimelineText.time(r.start())
            + " to "
            + TimelineText.time(r.end())
            + " ("
            + o.days()
            + " days)");
    row(h, "Rollout steps", o.steps() + " every " + TimelineText.human(o.stepInterval()));
    row(
        h,
        "Incident",
        o.incidentStep() == 0
            ? "none"
            : String.format(
                Locale.ROOT,
                "at %s%%, %.0f%% of new-path checkouts fail",
                TimelineText.pct(o.incidentStep()),
                o.incidentErrorRate() * 100));
    row(h, "Checkouts", String.format(Locale.ROOT, "%,d (%,d failed)", r.requests(), r.failed()));
    row(h, "Payment attempts", String.format(Locale.ROOT, "%,d", r.paymentAttempts()));
    row(h, "Prometheus rules", r.rules().getFileName().toString());
    h.append("</table>\n</section>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static String summary(SimulationResult r) {
    SloSnapshot s = r.finalSnapshot();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%d simulated days, %,d checkouts. ",
            r.options().days(),
            r.requests()));
    if (r.incidentStartedAt() != null && r.haltedAt() != null) {
      b.append("The new path started failing at ")
          .append(TimelineText.time(r.incidentStartedAt()))
          .append("; the page alert halted and rolled back the rollout ")
          .append(TimelineText.human(Duration.between(r.incidentStartedAt(), r.haltedAt())))
          .append(" later. ");
    }
    b.append("Rollout ended ")
        .append(r.rolloutState().name().toLowerCase(Locale.ROOT))
        .append(" at ")
        .append(TimelineText.pct(r.rolloutPercent()))
        .append("%. ")
        .append(
            String.format(
                Locale.ROOT,
                "SLI %.4f%% against %.1f%%; %.1f%% of the error budget remains.",
                s.sli() * 100,
                s.objective() * 100,
                s.budgetRemaining() * 100));
    return b.toString();
  }

  private static String snapshotTable(SimulationResult r) {
    SloSnapshot s = r.finalSnapshot();
    StringBuilder h = new StringBuilder("<table>\n");
    row(h, "SLO", r.slo().service() + " / " + s.slo() + ": " + r.slo().description());
    row(h, "Taken at", TimelineText.time(s.at()));
    row(h, "Objective", String.format(Locale.ROOT, "%.3f%% over %s", s.objective() * 100,
        TimelineText.human(s.window())));
    row(h, "Good / bad events",
        String.format(Locale.ROOT, "%,d / %,d", s.counts().good(), s.counts().bad()));
    row(h, "SLI", String.format(Locale.ROOT, "%.4f%%", s.sli() * 100));
    row(h, "Budget allowed / consumed",
        String.format(Locale.ROOT, "%.1f / %.1f events", s.budgetAllowed(), s.budgetConsumed()));
    row(h, "Budget remaining", String.format(Locale.ROOT, "%.2f%%", s.budgetRemaining() * 100));
    row(h, "Burn rate (window / last 5m)",
        String.format(Locale.ROOT, "%.3f / %.3f", s.burnRate(), s.currentBurnRate()));
    row(h, "Exhausted", Boolean.toString(s.exhausted()));
    h.append("</table>\n<h3>Alert pairs</h3>\n<table>\n")
        .append("<tr><th>Severity</th><th>Windows</th><th>Threshold</th><th>Long burn</th>")
        .append("<th>Short burn</th><th>Firing</th></tr>\n");
    for (AlertState a : r.finalAlerts()) {
      h.append("<tr><td>")
          .append(esc(a.alert().severity().name()))
          .append("</td><td>")
          .append(TimelineText.human(a.alert().longWindow()))
          .append(" / ")
          .append(TimelineText.human(a.alert().shortWindow()))
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.2f", a.alert().factor()))
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.3f", a.longBurnRate()))
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.3f", a.shortBurnRate()))
          .append("</td><td>")
          .append(a.firing())
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value))
        .append("</td></tr>\n");
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS =
      """
      body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px;
             color: #1d2330; background: #fff; max-width: 1160px; }
      h1 { font-size: 22px; margin: 0 0 8px; }
      h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #d8dde6; }
      h3 { font-size: 15px; }
      .lead { font-size: 15px; background: #f3f6fb; padding: 10px 14px; border-radius: 6px; }
      figure { margin: 14px 0; }
      figcaption { font-weight: 600; margin-bottom: 4px; }
      svg.chart { background: #fff; display: block; }
      rect.plot { fill: #fbfcfe; stroke: #c9d1de; }
      line.grid { stroke: #e6eaf0; stroke-width: 1; }
      text.ylabel { font-size: 11px; fill: #5a6475; text-anchor: end; }
      text.xlabel { font-size: 11px; fill: #5a6475; text-anchor: middle; }
      text.legend { font-size: 12px; fill: #1d2330; }
      polyline.series { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
      line.series { stroke-width: 3; }
      .s-rollout { stroke: #2f6fdf; }
      .s-budget { stroke: #118a5a; }
      .s-burn5m { stroke: #f0a23b; stroke-width: 1; opacity: .55; }
      .s-burn1h { stroke: #d6336c; }
      .s-burn6h { stroke: #6b3fd1; }
      .s-failed { stroke: #c92a2a; }
      line.threshold { stroke: #c92a2a; stroke-dasharray: 6 4; stroke-width: 1; opacity: .7; }
      line.threshold.sev-1 { stroke: #e8890c; }
      line.marker { stroke-width: 1.5; opacity: .85; }
      .m-fired { stroke: #e03131; }
      .m-resolved { stroke: #2b8a3e; }
      .m-rollout { stroke: #4c6ef5; stroke-dasharray: 2 3; }
      .m-scenario { stroke: #495057; stroke-dasharray: 8 3; }
      p.legend .key { display: inline-block; width: 14px; height: 3px; margin: 0 4px 3px 10px; }
      .key.k-fired { background: #e03131; } .key.k-resolved { background: #2b8a3e; }
      .key.k-rollout { background: #4c6ef5; } .key.k-scenario { background: #495057; }
      table { border-collapse: collapse; margin: 6px 0; }
      th, td { border: 1px solid #d8dde6; padding: 3px 8px; text-align: left; vertical-align: top; }
      th { background: #f3f6fb; }
      #timeline td:first-child, #audit td:first-child { white-space: nowrap; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      tr.k-alert-fired td { background: #fff0f0; }
      tr.k-alert-resolved td { background: #effaf1; }
      tr.k-rollout td { background: #f0f4ff; }
      tr.k-day td { color: #5a6475; }
      code { font-family: ui-monospace, monospace; }
      """;
}
