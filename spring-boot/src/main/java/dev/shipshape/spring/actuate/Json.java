package dev.shipshape.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Plain JSON values for the endpoints: strings, finite numbers, booleans, lists and maps. */
final class Json {
  private Json() {}

  static @Nullable Object value(@Nullable Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
        || v instanceof Long) {
      return v;
    }
    if (v instanceof Double d) {
      return number(d);
    }
    if (v instanceof Float f) {
      return number(f.doubleValue());
    }
    if (v instanceof Number n) {
      return n;
    }
    if (v instanceof Instant || v instanceof Duration || v instanceof Enum<?>) {
      return v.toString();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Json::value).toList();
    }
    return v.toString();
  }

  static @Nullable Double number(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
