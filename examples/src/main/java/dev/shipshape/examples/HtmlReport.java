package dev.shipshape.examples;

import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.slo.AlertState;
import dev.shipshape.slo.SloSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Renders a {@link SimulationResult} as one self-contained HTML page: inline SVG charts of the
 * rollout percentage, the error budget remaining and the burn rates with the alert and rollout
 * events marked, then the final SLO snapshot, the rollout's audit trail and the timeline. No
 * scripts, fonts or other files are loaded.
 */
final class HtmlReport {

  private static final int WIDTH = 1100;
  private static final int HEIGHT = 230;
  private static final int LEFT = 64;
  private static final int RIGHT = 20;
  private static final int TOP = 16;
  private static final int BOTTOM = 28;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private HtmlReport() {}

  /** One vertical marker on the charts. */
  private record Marker(Instant at, String cssClass, String label) {}

  static String render(SimulationResult r) {
    List<Marker> markers = markers(r);
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
    h.append(legend());
    h.append(
        chart(
            "rollout",
            "Rollout: share of users on the new checkout path (%)",
            r,
            markers,
            List.of(new Series("rollout %", "s-rollout", Sample::rolloutPercent)),
            false,
            0,
            100,
            List.of()));
    double minBudget = 0;
    for (Sample s : r.samples()) {
      minBudget = Math.min(minBudget, s.budgetRemaining() * 100);
    }
    h.append(
        chart(
            "budget",
            "Error budget remaining (% of the 28-day budget)",
            r,
            markers,
            List.of(
                new Series("budget remaining %", "s-budget", s -> s.budgetRemaining() * 100)),
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
        chart(
            "burn",
            "Burn rates (log scale; dashed: alert thresholds)",
            r,
            markers,
            List.of(
                new Series("5m", "s-burn5m", Sample::burn5m),
                new Series("1h", "s-burn1h", Sample::burn1h),
                new Series("6h", "s-burn6h", Sample::burn6h)),
            true,
            0.01,
            maxBurn,
            thresholds));
    h.append(
        chart(
            "traffic",
            "Failed checkouts per 5 minutes",
            r,
            markers,
            List.of(new Series("failed", "s-failed", s -> (double) s.failed())),
            false,
            0,
            Math.max(10, maxOf(r.samples(), s -> (double) s.failed())),
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
          .append(time(e.at()))
          .append("</td><td>")
          .append(esc(e.transition().label()))
          .append("</td><td class=\"num\">")
          .append(ReleaseSimulation.pct(e.fromPercent()))
          .append("%</td><td class=\"num\">")
          .append(ReleaseSimulation.pct(e.toPercent()))
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
          .append(time(e.at()))
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
    row(h, "Simulated", time(r.start()) + " to " + time(r.end()) + " (" + o.days() + " days)");
    row(h, "Rollout steps", o.steps() + " every " + ReleaseSimulation.human(o.stepInterval()));
    row(
        h,
        "Incident",
        o.incidentStep() == 0
            ? "none"
            : String.format(
                Locale.ROOT,
                "at %s%%, %.0f%% of new-path checkouts fail",
                ReleaseSimulation.pct(o.incidentStep()),
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
          .append(time(r.incidentStartedAt()))
          .append("; the page alert halted and rolled back the rollout ")
          .append(ReleaseSimulation.human(Duration.between(r.incidentStartedAt(), r.haltedAt())))
          .append(" later. ");
    }
    b.append("Rollout ended ")
        .append(r.rolloutState().name().toLowerCase(Locale.ROOT))
        .append(" at ")
        .append(ReleaseSimulation.pct(r.rolloutPercent()))
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
    row(h, "Taken at", time(s.at()));
    row(h, "Objective", String.format(Locale.ROOT, "%.3f%% over %s", s.objective() * 100,
        ReleaseSimulation.human(s.window())));
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
          .append(ReleaseSimulation.human(a.alert().longWindow()))
          .append(" / ")
          .append(ReleaseSimulation.human(a.alert().shortWindow()))
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

  private static List<Marker> markers(SimulationResult r) {
    List<Marker> out = new ArrayList<>();
    for (TimelineEntry e : r.timeline()) {
      String cls =
          switch (e.kind()) {
            case ALERT_FIRED -> "m-fired";
            case ALERT_RESOLVED -> "m-resolved";
            case ROLLOUT -> "m-rollout";
            case SCENARIO -> "m-scenario";
            default -> null;
          };
      if (cls != null) {
        out.add(new Marker(e.at(), cls, time(e.at()) + " " + e.text()));
      }
    }
    return out;
  }

  private record Series(String name, String cssClass, ToDoubleFunction<Sample> value) {}

  private static String chart(
      String id,
      String title,
      SimulationResult r,
      List<Marker> markers,
      List<Series> series,
      boolean log,
      double min,
      double max,
      List<double[]> thresholds) {
    double t0 = r.start().getEpochSecond();
    double t1 = Math.max(t0 + 1, r.end().getEpochSecond());
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    Scale y = new Scale(min, max, log, TOP, plotH);
    StringBuilder h = new StringBuilder();
    h.append("<figure id=\"chart-")
        .append(id)
        .append("\">\n<figcaption>")
        .append(esc(title))
        .append("</figcaption>\n<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" ")
        .append("viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"")
        .append(esc(title))
        .append("\">\n");
    h.append("<rect class=\"plot\" x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(plotW)
        .append("\" height=\"")
        .append(plotH)
        .append("\"/>\n");
    // y grid and labels
    for (double v : y.ticks()) {
      double py = y.map(v);
      h.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"")
          .append(LEFT + plotW).append("\" y1=\"").append(fmt(py)).append("\" y2=\"")
          .append(fmt(py)).append("\"/>")
          .append("<text class=\"ylabel\" x=\"").append(LEFT - 6).append("\" y=\"")
          .append(fmt(py + 4)).append("\">").append(esc(tickLabel(v))).append("</text>\n");
    }
    // x grid: one line per day
    int days = (int) Math.round((t1 - t0) / 86_400);
    for (int d = 0; d <= days; d++) {
      double px = LEFT + plotW * (d * 86_400.0) / (t1 - t0);
      h.append("<line class=\"grid\" x1=\"").append(fmt(px)).append("\" x2=\"").append(fmt(px))
          .append("\" y1=\"").append(TOP).append("\" y2=\"").append(TOP + plotH).append("\"/>")
          .append("<text class=\"xlabel\" x=\"").append(fmt(px)).append("\" y=\"")
          .append(HEIGHT - 8).append("\">d").append(d).append("</text>\n");
    }
    for (double[] t : thresholds) {
      double py = y.map(t[0]);
      h.append("<line class=\"threshold sev-").append((int) t[1]).append("\" x1=\"").append(LEFT)
          .append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"").append(fmt(py))
          .append("\" y2=\"").append(fmt(py)).append("\"><title>alert threshold ")
          .append(String.format(Locale.ROOT, "%.2f", t[0])).append("</title></line>\n");
    }
    for (Marker m : markers) {
      double px = LEFT + plotW * (m.at().getEpochSecond() - t0) / (t1 - t0);
      h.append("<line class=\"marker ").append(m.cssClass()).append("\" x1=\"").append(fmt(px))
          .append("\" x2=\"").append(fmt(px)).append("\" y1=\"").append(TOP).append("\" y2=\"")
          .append(TOP + plotH).append("\"><title>").append(esc(m.label()))
          .append("</title></line>\n");
    }
    for (Series s : series) {
      StringBuilder pts = new StringBuilder(r.samples().size() * 14);
      for (Sample sample : r.samples()) {
        double px = LEFT + plotW * (sample.at().getEpochSecond() - t0) / (t1 - t0);
        double py = y.map(s.value().applyAsDouble(sample));
        pts.append(fmt(px)).append(',').append(fmt(py)).append(' ');
      }
      h.append("<polyline class=\"series ").append(s.cssClass()).append("\" data-series=\"")
          .append(esc(s.name())).append("\" data-points=\"").append(r.samples().size())
          .append("\" points=\"").append(pts.toString().trim()).append("\"><title>")
          .append(esc(s.name())).append("</title></polyline>\n");
    }
    // series legend
    int lx = LEFT + 8;
    for (Series s : series) {
      h.append("<line class=\"series ").append(s.cssClass()).append("\" x1=\"").append(lx)
          .append("\" x2=\"").append(lx + 18).append("\" y1=\"").append(TOP + 12)
          .append("\" y2=\"").append(TOP + 12).append("\"/><text class=\"legend\" x=\"")
          .append(lx + 22).append("\" y=\"").append(TOP + 16).append("\">").append(esc(s.name()))
          .append("</text>\n");
      lx += 40 + 7 * s.name().length();
    }
    h.append("</svg>\n</figure>\n");
    return h.toString();
  }

  private static String legend() {
    return "<p class=\"legend\"><span class=\"key k-fired\"></span>alert fired "
        + "<span class=\"key k-resolved\"></span>alert resolved "
        + "<span class=\"key k-rollout\"></span>rollout step "
        + "<span class=\"key k-scenario\"></span>scenario (incident, fix, outage); "
        + "hover a line for details</p>\n";
  }

  /** Maps values to pixel rows, linearly or on a log scale. */
  private record Scale(double min, double max, boolean log, int top, int height) {
    double map(double v) {
      double f;
      if (log) {
        double lv = Math.log10(Math.max(v, min));
        f = (lv - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
      } else {
        f = (v - min) / (max - min);
      }
      f = Math.max(0, Math.min(1, f));
      return top + height * (1 - f);
    }

    List<Double> ticks() {
      List<Double> out = new ArrayList<>();
      if (log) {
        for (double v = min; v <= max * 1.0001; v *= 10) {
          out.add(v);
        }
      } else {
        double step = niceStep((max - min) / 4);
        for (double v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) {
          out.add(v);
        }
      }
      return out;
    }

    private static double niceStep(double raw) {
      double p = Math.pow(10, Math.floor(Math.log10(raw)));
      double m = raw / p;
      return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }
  }

  private static double maxOf(List<Sample> samples, ToDoubleFunction<Sample> f) {
    double m = 0;
    for (Sample s : samples) {
      m = Math.max(m, f.applyAsDouble(s));
    }
    return m;
  }

  private static String tickLabel(double v) {
    if (v != 0 && Math.abs(v) < 1) {
      return String.format(Locale.ROOT, "%s", v < 0.1 ? "0.01" : "0.1").replace("0.01",
          v < 0.05 ? "0.01" : "0.1");
    }
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value))
        .append("</td></tr>\n");
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String time(Instant t) {
    return TIME.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
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
