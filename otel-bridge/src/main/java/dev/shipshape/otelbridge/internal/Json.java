package dev.shipshape.otelbridge.internal;

import dev.shipshape.time.internal.JsonStrings;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compact JSON text for object flag values, cut at a maximum length. Writing stops once the cut is
 * reached, so a huge value (millions of list items or map entries, a 10 MB string) costs no more
 * than the cut; the cut is {@link Text}'s, which never splits a surrogate pair. Other objects, and
 * map keys, are written as the JSON string of their {@code toString()}, or of their class name when
 * that throws or returns null.
 */
final class Json {

  private Json() {}

  static String write(@Nullable Object value, int maxChars) {
    StringBuilder out = new StringBuilder();
    append(out, value, maxChars);
    return Text.cut(out, maxChars);
  }

  private static void append(StringBuilder out, @Nullable Object value, int maxChars) {
    if (out.length() > maxChars) {
      return;
    }
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      JsonStrings.append(out, head((String) value, maxChars));
    } else if (value instanceof Number || value instanceof Boolean) {
      if (value instanceof Double && !Double.isFinite((Double) value)) {
        out.append("null");
      } else {
        out.append(value);
      }
    } else if (value instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (out.length() > maxChars) {
          return;
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        Object key = e.getKey();
        JsonStrings.append(out, head(key == null ? "null" : text(key), maxChars));
        out.append(':');
        append(out, e.getValue(), maxChars);
      }
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object item : (List<?>) value) {
        if (out.length() > maxChars) {
          return;
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        append(out, item, maxChars);
      }
      out.append(']');
    } else {
      JsonStrings.append(out, head(text(value), maxChars));
    }
  }

  /** {@code value.toString()}, or its class name when that throws or returns null. */
  private static String text(Object value) {
    String text;
    try {
      text = value.toString();
    } catch (RuntimeException unprintable) {
      text = null;
    }
    return text != null ? text : value.getClass().getName();
  }

  /**
   * At most the first {@code maxChars} characters of {@code s}: escaping only lengthens text, so
   * nothing after them can survive the cut.
   */
  private static String head(String s, int maxChars) {
    return s.length() > maxChars ? s.substring(0, maxChars) : s;
  }
}
