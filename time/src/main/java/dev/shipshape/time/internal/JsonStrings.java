package dev.shipshape.time.internal;

/**
 * Writes JSON string literals, for the modules that write a little JSON by hand (health reports,
 * telemetry attributes) and must escape it the same way.
 */
public final class JsonStrings {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonStrings() {}

  /**
   * Appends {@code s} as a quoted JSON string, escaping quotes, backslashes, control characters and
   * the line separators U+2028/U+2029; a lone surrogate becomes U+FFFD so the text stays valid
   * Unicode.
   *
   * @param out where to append
   * @param s the text
   */
  public static void append(StringBuilder out, String s) {
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
