package dev.shipshape.flags.internal.logic;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JavaScript-like value semantics of JsonLogic: truthiness, coercion, equality, order. */
final class Values {
  private Values() {}

  /**
   * The most characters a string that a rule builds ({@code cat}, a list joined as text) may
   * have: past it the rule yields no variant, so a rule that doubles a string per item of a list
   * cannot run the heap out.
   */
  static final int MAX_BUILT_CHARS = 1 << 24;

  /** The most items a list that a rule builds ({@code merge}) may have; as for strings. */
  static final int MAX_BUILT_ITEMS = 1 << 20;

  /**
   * Aborts the rule when a value it builds has grown past {@code max}.
   *
   * @param size the value's size so far
   * @param max {@link #MAX_BUILT_CHARS} or {@link #MAX_BUILT_ITEMS}
   */
  static void checkBuilt(int size, int max) {
    if (size > max) {
      throw Node.Abort.OPERATOR_ERROR;
    }
  }

  static boolean truthy(@Nullable Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      return d != 0 && !Double.isNaN(d);
    }
    if (v instanceof String) {
      return !((String) v).isEmpty();
    }
    if (v instanceof List) {
      return !((List<?>) v).isEmpty();
    }
    return true;
  }

  static boolean isNumeric(@Nullable Object v) {
    return v instanceof Number || v instanceof Instant;
  }

  static double toNumber(@Nullable Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof Instant) {
      return ((Instant) v).getEpochSecond();
    }
    if (v instanceof Boolean) {
      return ((Boolean) v) ? 1 : 0;
    }
    if (v instanceof String) {
      String s = ((String) v).trim();
      if (s.isEmpty()) {
        return 0;
      }
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  static String toStr(@Nullable Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return (String) v;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return Double.toString(d);
    }
    if (v instanceof Instant) {
      return v.toString();
    }
    if (v instanceof List) {
      StringBuilder sb = new StringBuilder();
      for (Object o : (List<?>) v) {
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(o == null ? "" : toStr(o));
        checkBuilt(sb.length(), MAX_BUILT_CHARS);
      }
      return sb.toString();
    }
    if (v instanceof Map) {
      return "[object Object]";
    }
    return String.valueOf(v);
  }

  /**
   * A value as {@code cat} joins it: like {@link #toStr}, but a missing value (null) adds
   * nothing, as JavaScript's {@code Array.prototype.join} (json-logic-js) and flagd's evaluator
   * do.
   */
  static String catStr(@Nullable Object v) {
    return v == null ? "" : v instanceof String ? (String) v : toStr(v);
  }

  static boolean looseEquals(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof String && b instanceof String) {
      return a.equals(b);
    }
    if (a instanceof Boolean && b instanceof Boolean) {
      return a.equals(b);
    }
    if (a instanceof List || a instanceof Map || b instanceof List || b instanceof Map) {
      if ((a instanceof List || a instanceof Map) && (b instanceof List || b instanceof Map)) {
        return a == b;
      }
      Object prim = a instanceof List || a instanceof Map ? b : a;
      Object obj = prim == a ? b : a;
      return looseEquals(prim, toStr(obj));
    }
    if (a instanceof Instant && b instanceof Instant) {
      return a.equals(b);
    }
    return toNumber(a) == toNumber(b);
  }

  static boolean strictEquals(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (isNumeric(a) && isNumeric(b)) {
      return toNumber(a) == toNumber(b);
    }
    if (a.getClass() != b.getClass()) {
      return false;
    }
    if (a instanceof List || a instanceof Map) {
      return a == b;
    }
    return a.equals(b);
  }

  /**
   * Compares like JavaScript's relational operators: strings lexicographically, else numbers.
   * Returns Integer.MIN_VALUE when incomparable (NaN), which every relation treats as false.
   */
  static int compare(@Nullable Object a, @Nullable Object b) {
    if (a instanceof String && b instanceof String) {
      int c = ((String) a).compareTo((String) b);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    double x = toNumber(a);
    double y = toNumber(b);
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return Integer.MIN_VALUE;
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }
}
