package dev.shipshape.flags.internal;

import dev.shipshape.flags.FlagLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Checks that Java values can be written as flag JSON. */
final class JsonConversion {
  private JsonConversion() {}

  /**
   * The value as flag JSON's Java types.
   *
   * @throws IllegalArgumentException saying what the value (or one inside it) must be
   */
  static Object normalize(@Nullable Object v) {
    return normalize(v, 0);
  }

  /**
   * A value whose lists and maps nest deeper than a flag document may, or contain themselves;
   * its text cannot be shown (it would recurse without end).
   */
  static final class TooDeep extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super(
          "must nest its lists and maps at most "
              + FlagLimits.DEFAULT_MAX_DEPTH
              + " levels deep (does one contain itself?)");
    }
  }

  private static Object normalize(@Nullable Object v, int depth) {
    if (v == null) {
      throw new IllegalArgumentException("must be a flag value");
    }
    if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
      return v;
    }
    if (v instanceof BigInteger && ((BigInteger) v).bitLength() > 63) {
      // longValue() would keep the low 64 bits: another number served
      throw new IllegalArgumentException("must be an integer that fits in a long");
    }
    if (v instanceof BigDecimal && Double.isInfinite(((BigDecimal) v).doubleValue())) {
      throw new IllegalArgumentException("must be a number that fits in a double");
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float || v instanceof BigDecimal) {
      return ((Number) v).doubleValue();
    }
    if ((v instanceof List || v instanceof Map) && depth >= FlagLimits.DEFAULT_MAX_DEPTH) {
      throw new TooDeep();
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        out.add(o == null ? null : normalize(o, depth + 1));
      }
      return out;
    }
    if (v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        out.put(
            String.valueOf(e.getKey()),
            e.getValue() == null ? null : normalize(e.getValue(), depth + 1));
      }
      return out;
    }
    throw new IllegalArgumentException(
        "must be a string, boolean, number, list or map, not a " + v.getClass().getName());
  }
}
