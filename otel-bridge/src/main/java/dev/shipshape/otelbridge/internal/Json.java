package dev.shipshape.otelbridge.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Compact JSON text for object flag values, cut at a maximum length. */
final class Json {

  private Json() {}

  static String write(@Nullable Object value, int maxChars) {
    StringBuilder out = new StringBuilder();
    append(out, value, maxChars);
    if (out.length() > maxChars) {
      out.setLength(maxChars);
    }
    return out.toString();
  }

  private static void append(StringBuilder out, @Nullable Object value, int maxChars) {
    if (out.length() > maxChars) {
      return;
    }
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      string(out, (String) value);
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
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        append(out, e.getValue(), maxChars);
      }
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object item : (List<?>) value) {
        if (!first) {
          out.append(',');
        }
        first = false;
        append(out, item, maxChars);
      }
      out.append(']');
    } else {
      string(out, value.toString());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
