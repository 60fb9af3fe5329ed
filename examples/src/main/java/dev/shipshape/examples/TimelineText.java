package dev.shipshape.examples;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the simulation writes times, percentages and durations in its timeline and report. */
final class TimelineText {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private TimelineText() {}

  /**
   * Formats one timeline line: simulated time, day number, kind and text.
   *
   * @param start the simulation's start
   * @param e the entry
   * @return the line
   */
  static String line(Instant start, TimelineEntry e) {
    long day = Duration.between(start, e.at()).toDays();
    return String.format(
        Locale.ROOT,
        "%s  day %2d  %-9s %s",
        time(e.at()),
        day,
        label(e.kind()),
        e.text());
  }

  /**
   * Formats an instant as the timeline and report show it: UTC, to the second.
   *
   * @param t the instant
   * @return for example {@code 2026-01-05 09:00:00}
   */
  static String time(Instant t) {
    return TIME.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  private static String label(TimelineEntry.Kind kind) {
    return switch (kind) {
      case ROLLOUT -> "ROLLOUT";
      case ALERT_FIRED -> "ALERT";
      case ALERT_RESOLVED -> "RESOLVED";
      case HEALTH -> "HEALTH";
      case BREAKER -> "BREAKER";
      case SCENARIO -> "SCENARIO";
      case DAY -> "DAY";
    };
  }

  static String pct(double percent) {
    return percent == Math.rint(percent)
        ? Long.toString((long) percent)
        : String.format(Locale.ROOT, "%.1f", percent);
  }

  static String human(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    if (d.toDays() > 0) {
      b.append(d.toDays()).append('d');
    }
    if (d.toHoursPart() > 0) {
      b.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      b.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      b.append(d.toSecondsPart()).append('s');
    }
    return b.toString();
  }
}
