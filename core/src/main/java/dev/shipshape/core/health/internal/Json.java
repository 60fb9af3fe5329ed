package dev.shipshape.core.health.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Writes the few JSON values health reports need: strings, numbers and booleans. */
public final class Json {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  /**
   * Appends {@code "key":value}, preceded by a comma unless {@code first}.
   *
   * @return false, the value of {@code first} for the next member
   */
  public static boolean appendMember(StringBuilder out, boolean first, String key, Object value) {
    if (!first) {
      out.append(',');
    }
    appendString(out, key);
    out.append(':');
    appendValue(out, value);
    return false;
  }

  /** Appends a string, number or boolean; anything else is written as its string form. */
  public static void appendValue(StringBuilder out, Object value) {
    if (value instanceof Boolean) {
      out.append(value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        appendString(out, value.toString());
      } else {
        out.append(value.toString());
      }
    } else if (value instanceof BigDecimal) {
      out.append(((BigDecimal) value).toString());
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      out.append(value.toString());
    } else if (value instanceof Number) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        appendString(out, Double.toString(d));
      } else {
        out.append(Double.toString(d));
      }
    } else {
      appendString(out, String.valueOf(value));
    }
  }

  /**
   * Appends {@code s} as a quoted JSON string, escaping quotes, backslashes, control characters and
   * the line separators U+2028/U+2029; a lone surrogate becomes U+FFFD so the text stays valid
   * Unicode.
   */
  public static void appendString(StringBuilder out, String s) {
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
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            unicode(out, c);
          } else if (Character.isSurrogate(c) && !paired(s, i)) {
            // a lone surrogate is not text: strict parsers reject it even escaped
            out.append('\ufffd');
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /** Whether the surrogate at {@code i} is part of a valid pair (so it can be written as is). */
  private static boolean paired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  private static void unicode(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
