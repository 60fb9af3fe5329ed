package dev.shipshape.slo;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Whether Prometheus accepts a regular expression of a {@code =~} or {@code !~} label matcher.
 * Prometheus compiles it with Go's {@code regexp} package (RE2 syntax), as it is and anchored as
 * {@code ^(?:re)$}. This reads Go's syntax, refuses what Go refuses and Java would take
 * (lookaround, backreferences, possessive quantifiers, atomic groups, escapes Go does not know,
 * repetition counts above 1000), writes the rest in Java's syntax and lets {@link Pattern} find
 * what both refuse (an unclosed group, a range out of order, a quantifier with nothing to
 * repeat). {@code PrometheusRulesTest} checks each verdict against promtool's.
 */
final class PromQlRegex {

  /** Go's largest repetition count. */
  private static final int MAX_REPEAT = 1000;

  private final String re;
  private final StringBuilder java = new StringBuilder();
  private int i;
  private boolean flagsOnly;

  private PromQlRegex(String re) {
    this.re = re;
  }

  /**
   * Why Prometheus would refuse {@code re}, or null when it compiles it.
   *
   * @param re the regular expression, its PromQL string escapes already decoded
   * @return the reason, or null
   */
  static @Nullable String problem(String re) {
    PromQlRegex r = new PromQlRegex(re);
    String refused = r.translate();
    if (refused != null) {
      return refused;
    }
    try {
      Pattern.compile(r.java.toString());
      Pattern.compile("^(?:" + r.java + ")$");
      return null;
    } catch (PatternSyntaxException e) {
      return e.getDescription().toLowerCase(Locale.ROOT);
    }
  }

  /** Writes {@link #re} in Java's syntax; the reason Go refuses it, or null. */
  private @Nullable String translate() {
    boolean repeatable = false; // whether what came last can be repeated
    boolean quantified = false; // whether what came last is a quantifier
    boolean lazy = false; // whether that quantifier has its ? already
    while (i < re.length()) {
      char c = re.charAt(i);
      if (quantified && isQuantifierAt(i)) {
        if (c == '?' && !lazy) {
          java.append('?');
          i++;
          lazy = true;
          continue;
        }
        return "a repetition is repeated at offset " + i + " (such as a possessive a*+ or a**),"
            + " which Go's regular expressions refuse";
      }
      quantified = false;
      lazy = false;
      String refused = null;
      switch (c) {
        case '\\' -> {
          refused = escape(false);
          repeatable = true;
        }
        case '[' -> {
          refused = charClass();
          repeatable = true;
        }
        case '(' -> {
          boolean before = repeatable;
          refused = group();
          // flags alone, as in a(?i)*, leave what comes before them to be repeated
          repeatable = flagsOnly && before;
        }
        case '*', '+', '?' -> {
          java.append(c);
          i++;
          quantified = true;
        }
        case '{' -> {
          int end = repeatEnd(i);
          if (end < 0) {
            java.append("\\{"); // not a repetition: a literal brace, as Go reads it
            i++;
            repeatable = true;
          } else {
            refused = repeatCount(re.substring(i + 1, end));
            java.append(re, i, end + 1);
            i = end + 1;
            quantified = true;
          }
        }
        default -> {
          java.append(c);
          i++;
          repeatable = c != '|';
        }
      }
      if (refused != null) {
        return refused;
      }
      if (quantified && !repeatable) {
        return "a repetition at offset " + (i - 1) + " has nothing to repeat";
      }
    }
    return null;
  }

  /** Whether a quantifier ({@code * + ?} or a valid {@code {n,m}}) starts at {@code at}. */
  private boolean isQuantifierAt(int at) {
    char c = re.charAt(at);
    return c == '*' || c == '+' || c == '?' || (c == '{' && repeatEnd(at) >= 0);
  }

  /** Where the repetition {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at} ends, or -1. */
  private int repeatEnd(int at) {
    int end = re.indexOf('}', at);
    return end > at && re.substring(at + 1, end).matches("\\d+(,\\d*)?") ? end : -1;
  }

  private static @Nullable String repeatCount(String counts) {
    String[] parts = counts.split(",", -1);
    long min = count(parts[0]);
    long max = parts.length == 1 ? min : parts[1].isEmpty() ? min : count(parts[1]);
    if (min > MAX_REPEAT || max > MAX_REPEAT) {
      return "the repetition count {" + counts + "} is above Go's limit of " + MAX_REPEAT;
    }
    if (max < min) {
      return "the repetition {" + counts + "} has its maximum below its minimum";
    }
    return null;
  }

  private static long count(String digits) {
    return digits.length() > 7 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  /**
   * A group at {@link #i}: Go's flags, named groups and plain groups; nothing else. Sets {@link
   * #flagsOnly} when it is flags alone, such as {@code (?i)}.
   */
  private @Nullable String group() {
    flagsOnly = false;
    if (!re.startsWith("(?", i)) {
      java.append('(');
      i++;
      return null;
    }
    if (re.startsWith("(?P<", i)) {
      int end = re.indexOf('>', i);
      String name = end < 0 ? "" : re.substring(i + 4, end);
      if (!name.matches("[A-Za-z0-9_]+")) {
        return "the group name in (?P<" + name + "> is not a name of letters, digits and _";
      }
      java.append('('); // Java's group names have no _; the name only had to be valid
      i = end + 1;
      return null;
    }
    int j = i + 2;
    while (j < re.length() && "imsU-".indexOf(re.charAt(j)) >= 0) {
      j++;
    }
    boolean scoped = j < re.length() && re.charAt(j) == ':';
    String given = re.substring(i + 2, j);
    if ((scoped || (j < re.length() && re.charAt(j) == ')'))
        && given.matches("[imsU]*(-[imsU]+)?")) {
      // flags change no syntax, so the Java text leaves them out; flags alone become an empty
      // group, which Java lets a quantifier follow as Go lets it repeat what came before
      java.append(scoped ? "(?:" : "(?:)");
      flagsOnly = !scoped;
      i = j + 1;
      return null;
    }
    String construct = re.substring(i, Math.min(re.length(), i + 4));
    return "the group " + construct + "... is not one Go's regular expressions have (only (re),"
        + " (?P<name>re) and flags such as (?i) are; no lookaround or atomic groups)";
  }

  /** An escape at {@link #i}, in a character class or not. */
  private @Nullable String escape(boolean inClass) {
    if (i + 1 >= re.length()) {
      return "it ends with a lone backslash";
    }
    char e = re.charAt(i + 1);
    switch (e) {
      case 'a', 'f', 't', 'n', 'r' -> java.append('\\').append(e);
      case 'v' -> java.append("\\x0B"); // Java's \v is a class of vertical space
      case 'd', 'D', 's', 'S', 'w', 'W' -> java.append('\\').append(e);
      case 'b', 'B', 'A', 'z' -> {
        if (inClass) {
          return "\\" + e + " is not an escape Go's regular expressions know in a character class";
        }
        java.append('\\').append(e);
      }
      case 'p', 'P' -> {
        return unicodeClass(e == 'P');
      }
      case 'x' -> {
        return hex();
      }
      case 'Q' -> {
        if (inClass) {
          return "\\Q is not an escape Go's regular expressions know in a character class";
        }
        int end = re.indexOf("\\E", i + 2);
        if (end < 0) {
          // Go's \Q runs to the end, and Prometheus anchors the expression as ^(?:re)$, so the
          // quote would swallow the closing parenthesis
          return "\\Q must be closed by \\E";
        }
        java.append(Pattern.quote(re.substring(i + 2, end)));
        i = end + 2;
        return null;
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        return octal(e);
      }
      default -> {
        if (e < 0x80 && !Character.isLetterOrDigit(e)) {
          java.append('\\').append(e);
        } else {
          return "\\" + e + " is not an escape Go's regular expressions know"
              + (Character.isDigit(e) ? " (backreferences are not supported)" : "");
        }
      }
    }
    i += 2;
    return null;
  }

  private @Nullable String octal(char first) {
    int j = i + 2;
    while (j < re.length() && j < i + 4 && re.charAt(j) >= '0' && re.charAt(j) <= '7') {
      j++;
    }
    if (first != '0' && j == i + 2) {
      return "\\" + first + " is a backreference, which Go's regular expressions do not have";
    }
    int value = Integer.parseInt(re.substring(i + 1, j), 8);
    java.append("\\x{").append(Integer.toHexString(value)).append('}');
    i = j;
    return null;
  }

  private @Nullable String hex() {
    int start = i + 2;
    if (start < re.length() && re.charAt(start) == '{') {
      int end = re.indexOf('}', start);
      if (end < 0 || !re.substring(start + 1, end).matches("[0-9A-Fa-f]{1,8}")
          || Long.parseLong(re.substring(start + 1, end), 16) > Character.MAX_CODE_POINT) {
        return "\\x{...} must hold the hexadecimal digits of a Unicode code point";
      }
      java.append(re, i, end + 1);
      i = end + 1;
      return null;
    }
    if (start + 2 > re.length() || !re.substring(start, start + 2).matches("[0-9A-Fa-f]{2}")) {
      return "\\x must be followed by two hexadecimal digits or {...}";
    }
    java.append(re, i, start + 2);
    i = start + 2;
    return null;
  }

  /** {@code \pL}, {@code \p{Greek}}, {@code \p{^Greek}}, {@code \PL}: categories and scripts. */
  private @Nullable String unicodeClass(boolean negated) {
    int start = i + 2;
    if (start >= re.length()) {
      return "\\p must name a Unicode class";
    }
    String name;
    int next;
    if (re.charAt(start) == '{') {
      int end = re.indexOf('}', start);
      if (end < 0) {
        return "\\p{ is not closed";
      }
      name = re.substring(start + 1, end);
      next = end + 1;
    } else {
      name = String.valueOf(re.charAt(start));
      next = start + 1;
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.substring(1);
    }
    if (!name.matches("[A-Za-z_]+")) {
      return "\\p{" + name + "} is not a Unicode class Go's regular expressions know";
    }
    // Go's Any has no Java name; any valid class serves, the text is only compiled
    String javaName = name.equals("Any") ? "L" : "Is" + name;
    java.append(negated ? "\\P{" : "\\p{").append(javaName).append('}');
    i = next;
    return null;
  }

  /** Go's POSIX class {@code [[:name:]]} in Java's syntax, or null for a name Go does not know. */
  private static @Nullable String posix(String name) {
    return switch (name) {
      case "ascii" -> "\\p{ASCII}";
      case "xdigit" -> "\\p{XDigit}";
      case "space" -> "\\s";
      case "word" -> "\\w";
      case "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
          "upper" -> "\\p{" + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "}";
      default -> null;
    };
  }

  /** A character class at {@link #i}, in Go's syntax: a {@code ]} first is literal, no nesting. */
  private @Nullable String charClass() {
    java.append('[');
    i++;
    if (i < re.length() && re.charAt(i) == '^') {
      java.append('^');
      i++;
    }
    boolean first = true;
    while (i < re.length()) {
      char c = re.charAt(i);
      if (c == ']' && !first) {
        java.append(']');
        i++;
        return null;
      }
      first = false;
      if (c == '\\') {
        String refused = escape(true);
        if (refused != null) {
          return refused;
        }
      } else if (re.startsWith("[:", i)) {
        int end = re.indexOf(":]", i + 2);
        String name = end < 0 ? "" : re.substring(i + 2, end);
        boolean negated = name.startsWith("^");
        String posix = posix(negated ? name.substring(1) : name);
        if (posix == null) {
          return "[:" + name + ":] is not a POSIX class Go's regular expressions know";
        }
        // the complement of \p{Alpha}, \s and \w is \P{Alpha}, \S and \W
        java.append(negated ? posix.substring(0, 1) + Character.toUpperCase(posix.charAt(1))
            + posix.substring(2) : posix);
        i = end + 2;
      } else if (c == '[' || c == '&' || c == ']') {
        java.append('\\').append(c); // literal in Go; nesting or intersection in Java
        i++;
      } else {
        java.append(c);
        i++;
      }
    }
    return "the character class is not closed with ]";
  }
}
