package dev.shipshape.flags.internal;

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

  static Object normalize(@Nullable Object v) {
    if (v == null) {
      throw new IllegalArgumentException("value was 'null' but must be a flag value");
    }
    if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float || v instanceof BigDecimal) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        out.add(o == null ? null : normalize(o));
      }
      return out;
    }
    if (v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : normalize(e.getValue()));
      }
      return out;
    }
    throw new IllegalArgumentException(
        "value was a '" + v.getClass().getName()
            + "' but must be a string, boolean, number, list or map");
  }
}
