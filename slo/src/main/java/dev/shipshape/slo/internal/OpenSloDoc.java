package dev.shipshape.slo.internal;

import dev.shipshape.time.internal.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One OpenSLO document being read: the problems found in it, each under the document's context
 * and the field's path, and the typed reads of its fields that report a problem when a field is
 * not what was expected.
 */
final class OpenSloDoc {

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhdw])");

  final String context;
  final Problems problems;
  int count;

  OpenSloDoc(String context, Problems problems) {
    this.context = context;
    this.problems = problems;
  }

  void problem(String field, Object value, String expected) {
    count++;
    String v = value instanceof String ? (String) value : describe(value);
    if (v.length() > 60) {
      v = v.substring(0, 60) + "...";
    }
    problems.add(context + ": " + field, v, expected + " was expected");
  }

  void unknown(Map<?, ?> map, Set<String> allowed, String prefix) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String) || !allowed.contains(key)) {
        problem(prefix + key, map.get(key), "a supported field (" + sorted(allowed) + ")");
      }
    }
  }

  Map<?, ?> map(Object node, String at, boolean required) {
    if (node instanceof Map) {
      return (Map<?, ?>) node;
    }
    if (node != null || required) {
      problem(at, node, "a mapping");
    }
    return null;
  }

  String string(Object node, String at, boolean required) {
    if (node instanceof String) {
      return (String) node;
    }
    if (node != null || required) {
      problem(at, node, "a string");
    }
    return null;
  }

  /** The duration {@code node} holds, or null with a problem. */
  @Nullable Duration duration(@Nullable Object node, String at) {
    if (node instanceof String) {
      Matcher m = DURATION.matcher((String) node);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "s":
            return Duration.ofSeconds(n);
          case "m":
            return Duration.ofMinutes(n);
          case "h":
            return Duration.ofHours(n);
          case "d":
            return Duration.ofDays(n);
          default:
            return Duration.ofDays(7 * n);
        }
      }
    }
    problem(at, node, "a duration like '28d', '1h' or '4w' (units s, m, h, d, w)");
    return null;
  }

  /** The finite number {@code node} holds, or null with a problem. */
  @Nullable Double number(@Nullable Object node, String at) {
    if (node instanceof Number) {
      double v = ((Number) node).doubleValue();
      if (Double.isFinite(v)) {
        return v;
      }
    }
    problem(at, node, "a number");
    return null;
  }

  /** A short description of a YAML node for a problem. */
  static String describe(@Nullable Object node) {
    if (node == null) {
      return "null";
    }
    if (node instanceof Map) {
      return "a mapping";
    }
    if (node instanceof List) {
      return "a list of " + ((List<?>) node).size();
    }
    String s = String.valueOf(node);
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** The keys in order, separated by commas. */
  static String sorted(Set<String> keys) {
    return String.join(", ", new TreeSet<>(keys));
  }
}
