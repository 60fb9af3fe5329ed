package dev.shipshape.core.health.internal;

import dev.shipshape.time.internal.JsonStrings;
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

  /** Appends a string, number or boolean; anything else is written as its string form. */
  public static void appendValue(StringBuilder out, Object value) {
    if (value instanceof Boolean) {
      out.append(value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        JsonStrings.append(out, value.toString());
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
        JsonStrings.append(out, Double.toString(d));
      } else {
        out.append(Double.toString(d));
      }
    } else {
      JsonStrings.append(out, String.valueOf(value));
    }
  }
}
