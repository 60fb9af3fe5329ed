package dev.shipshape.core.health.internal;

import dev.shipshape.time.internal.Isolation;
import dev.shipshape.time.internal.JsonStrings;
import dev.shipshape.time.internal.SafeText;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Writes the few JSON values health reports need: strings, numbers and booleans. */
public final class Json {

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
    JsonStrings.append(out, key);
    out.append(':');
    appendValue(out, value);
    return false;
  }

  /**
   * Appends a string, number or boolean; anything else is written as its string form. A value
   * whose accessors throw is written as the string {@link SafeText#of(Object)} gives it, so a report
   * always renders. Numbers of the JDK's own classes are written from their exact text; a number
   * of another class (a {@code BigDecimal} subclass included, whose text could be anything) from
   * its {@code doubleValue()}.
   */
  public static void appendValue(StringBuilder out, Object value) {
    if (value instanceof String) {
      JsonStrings.append(out, (String) value);
    } else if (value instanceof Boolean) {
      out.append(value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      appendDouble(out, ((Number) value).doubleValue(), value.toString());
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || (value != null
            && (value.getClass() == BigDecimal.class || value.getClass() == BigInteger.class))) {
      out.append(value.toString());
    } else if (value instanceof Number) {
      double d;
      try {
        d = ((Number) value).doubleValue();
      } catch (Throwable e) {
        Isolation.rethrowIfFatal(e);
        JsonStrings.append(out, SafeText.unreadable(value));
        return;
      }
      appendDouble(out, d, Double.toString(d));
    } else {
      JsonStrings.append(out, SafeText.of(value));
    }
  }

  private static void appendDouble(StringBuilder out, double d, String text) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      JsonStrings.append(out, text);
    } else {
      out.append(text);
    }
  }
}
