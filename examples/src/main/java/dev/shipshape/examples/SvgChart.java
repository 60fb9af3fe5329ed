package dev.shipshape.examples;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The report's charts: inline SVG of the samples over the whole run, with the alert, rollout and
 * scenario events marked as vertical lines.
 */
final class SvgChart {

  private static final int WIDTH = 1100;
  private static final int HEIGHT = 230;
  private static final int LEFT = 64;
  private static final int RIGHT = 20;
  private static final int TOP = 16;
  private static final int BOTTOM = 28;
  private SvgChart() {}

  /** One vertical marker on the charts. */
  record Marker(Instant at, String cssClass, String label) {}

  /** The timeline entries the charts mark: alerts, rollout steps and scenario events. */
  static List<Marker> markers(SimulationResult r) {
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
        out.add(new Marker(e.at(), cls, TimelineText.time(e.at()) + " " + e.text()));
      }
    }
    return out;
  }

  /** One line on a chart: a value of every sample. */
  record Series(String name, String cssClass, ToDoubleFunction<Sample> value) {}

  /** One chart of the samples over the whole run, with the markers and threshold lines. */
  static String chart(
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
        .append(HtmlReport.esc(title))
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
        .append(HtmlReport.esc(title))
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
      h.append("<line class=\"grid\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(LEFT + plotW)
          .append("\" y1=\"")
          .append(fmt(py))
          .append("\" y2=\"")
          .append(fmt(py))
          .append("\"/>")
          .append("<text class=\"ylabel\" x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(fmt(py + 4))
          .append("\">")
          .append(HtmlReport.esc(tickLabel(v)))
          .append("</text>\n");
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
          .append(TOP + plotH).append("\"><title>").append(HtmlReport.esc(m.label()))
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
          .append(HtmlReport.esc(s.name())).append("\" data-points=\"").append(r.samples().size())
          .append("\" points=\"").append(pts.toString().trim()).append("\"><title>")
          .append(HtmlReport.esc(s.name())).append("</title></polyline>\n");
    }
    // series legend
    int lx = LEFT + 8;
    for (Series s : series) {
      h.append("<line class=\"series ")
          .append(s.cssClass())
          .append("\" x1=\"")
          .append(lx)
          .append("\" x2=\"")
          .append(lx + 18)
          .append("\" y1=\"")
          .append(TOP + 12)
          .append("\" y2=\"")
          .append(TOP + 12)
          .append("\"/><text class=\"legend\" x=\"")
          .append(lx + 22)
          .append("\" y=\"")
          .append(TOP + 16)
          .append("\">")
          .append(HtmlReport.esc(s.name()))
          .append("</text>\n");
      lx += 40 + 7 * s.name().length();
    }
    h.append("</svg>\n</figure>\n");
    return h.toString();
  }

  static String legend() {
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

  static double maxOf(List<Sample> samples, ToDoubleFunction<Sample> f) {
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
    return v == Math.rint(v) ? Long.toString((long) v) : fmt(v);
  }

  /**
   * {@code v} with one decimal, exactly as {@code String.format(Locale.ROOT, "%.1f", v)} writes it,
   * without a formatter per chart point. The formatter rounds the shortest decimal form of {@code
   * v} half up; away from a tie that is plain rounding of {@code v}, so only values within a hair
   * of a tie (and values outside a chart's range) go to the formatter.
   */
  static String fmt(double v) {
    if (Double.doubleToRawLongBits(v) >= 0 && v < 1e9) { // not negative, not even -0.0
      double tenths = v * 10;
      double whole = Math.floor(tenths);
      double rest = tenths - whole;
      if (Math.abs(rest - 0.5) > 1e-6) {
        long n = (long) whole + (rest > 0.5 ? 1 : 0);
        return n / 10 + "." + n % 10;
      }
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
