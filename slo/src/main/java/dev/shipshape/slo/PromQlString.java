package dev.shipshape.slo;

import org.jspecify.annotations.Nullable;

/**
 * The double-quoted strings of PromQL, as a label matcher's value in a rule file: which of them
 * Prometheus parses and a rule file carries on one line, and the text they stand for.
 */
final class PromQlString {

  private PromQlString() {}

  /**
   * Whether Prometheus parses {@code quoted}, a double-quoted PromQL string, and a rule file
   * carries it on one line: no unescaped quote, no control characters, line or paragraph
   * separators or unpaired surrogates (write them as escapes), and only the escapes PromQL knows,
   * each of a Unicode code point. Anything else would make {@code promtool check rules} reject the
   * file.
   *
   * @param quoted the value with its double quotes
   * @return whether a rule file can carry it
   */
  static boolean carries(String quoted) {
    return decode(quoted) != null;
  }

  /**
   * The text {@code quoted} stands for, its escapes decoded ({@code \x} and octal escapes as the
   * code point of their byte), or null when a rule file cannot carry it (see {@link #carries}).
   *
   * @param quoted the value with its double quotes
   * @return the text, or null
   */
  static @Nullable String decode(String quoted) {
    String s = quoted.substring(1, quoted.length() - 1);
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return null;
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
        continue;
      }
      if (Character.isSurrogate(c)) {
        return null;
      }
      if (c == '"' || (c == '\\' && i + 1 == s.length())) {
        return null;
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      int digits;
      int radix = 16;
      int start = i + 1;
      switch (e) {
        case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\', '"' -> {
          out.append(single(e));
          continue;
        }
        case 'x' -> digits = 2;
        case 'u' -> digits = 4;
        case 'U' -> digits = 8;
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          digits = 3;
          radix = 8;
          start = i;
        }
        default -> {
          return null;
        }
      }
      if (start + digits > s.length()) {
        return null;
      }
      long cp;
      try {
        cp = Long.parseLong(s.substring(start, start + digits), radix);
      } catch (NumberFormatException ex) {
        return null;
      }
      boolean codePoint = e == 'u' || e == 'U';
      boolean valid =
          codePoint
              ? cp <= Character.MAX_CODE_POINT && (cp < 0xD800 || cp > 0xDFFF)
              : cp <= 0xFF;
      if (!valid || s.charAt(start) == '+' || s.charAt(start) == '-') {
        return null;
      }
      out.appendCodePoint((int) cp);
      i = start + digits - 1;
    }
    return out.toString();
  }

  /** The character a one-letter escape such as {@code \n} stands for. */
  private static char single(char escape) {
    return switch (escape) {
      case 'a' -> '\u0007';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'v' -> '\u000B';
      default -> escape; // \\ and \"
    };
  }
}
