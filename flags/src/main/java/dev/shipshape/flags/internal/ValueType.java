package dev.shipshape.flags.internal;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A type a caller asks a flag's value as: which kind of flag answers it and how a variant's value
 * converts to it. The typed evaluations ({@code intValue}) and the details evaluations ({@code
 * intDetails}) both ask it, so the two agree on every type check and conversion.
 *
 * @param <T> the Java type of the value
 */
public final class ValueType<T> {

  /** A boolean flag's value. */
  public static final ValueType<Boolean> BOOLEAN = new ValueType<>(Boolean.class, Kind.BOOLEAN);

  /** A string flag's value. */
  public static final ValueType<String> STRING = new ValueType<>(String.class, Kind.STRING);

  /** A numeric flag's value that is an integer within the range of an int. */
  public static final ValueType<Integer> INTEGER = new ValueType<>(Integer.class, Kind.NUMBER);

  /** A numeric flag's value that is an integer within the range of a long. */
  public static final ValueType<Long> LONG = new ValueType<>(Long.class, Kind.NUMBER);

  /** A numeric flag's value. */
  public static final ValueType<Double> DOUBLE = new ValueType<>(Double.class, Kind.NUMBER);

  /** An object flag's value: an immutable map or list. */
  public static final ValueType<Object> OBJECT = new ValueType<>(Object.class, Kind.OBJECT);

  private final Class<T> type;
  private final Kind kind;
  /** The type with its article, for messages: "an integer", "a string", "an object". */
  private final String withArticle;

  private ValueType(Class<T> type, Kind kind) {
    this.type = type;
    this.kind = kind;
    this.withArticle =
        Kind.withArticle(
            type == Object.class ? "object" : type.getSimpleName().toLowerCase(Locale.ROOT));
  }

  /**
   * The kind of flag whose values convert to this type.
   *
   * @return the kind
   */
  Kind kind() {
    return kind;
  }

  /**
   * The type, for a cast.
   *
   * @return the class
   */
  Class<T> type() {
    return type;
  }

  /**
   * The type with its indefinite article, for messages.
   *
   * @return for example "an integer"
   */
  String withArticle() {
    return withArticle;
  }

  /**
   * A variant's value as this type: null when it does not convert (a fraction asked as an int,
   * a number beyond the type's range, a value of another kind).
   *
   * @param value a variant's value
   * @return the converted value, or null
   */
  @Nullable T convert(Object value) {
    Object converted;
    if (type == Integer.class) {
      converted = isInt(value) ? Integer.valueOf(asInt(value)) : null;
    } else if (type == Long.class) {
      converted = isLong(value) ? Long.valueOf(asLong(value)) : null;
    } else if (type == Double.class) {
      converted = value instanceof Number ? ((Number) value).doubleValue() : null;
    } else {
      converted = type.isInstance(value) ? value : null;
    }
    return type.cast(converted);
  }

  /**
   * Whether a value is an integer within the range of an int: a long that fits, or a double
   * without a fraction that does.
   *
   * @param v a variant's value, or null
   * @return whether {@link #asInt} may be applied
   */
  static boolean isInt(@Nullable Object v) {
    if (v instanceof Long) {
      long l = (Long) v;
      return l == (int) l;
    }
    return v instanceof Double && isIntegral((Double) v, true);
  }

  /**
   * A value that {@link #isInt} accepted, as an int.
   *
   * @param v the value
   * @return the int
   */
  static int asInt(Object v) {
    return v instanceof Long ? (int) (long) (Long) v : (int) (double) (Double) v;
  }

  /**
   * Whether a value is an integer within the range of a long.
   *
   * @param v a variant's value, or null
   * @return whether {@link #asLong} may be applied
   */
  static boolean isLong(@Nullable Object v) {
    return v instanceof Long || (v instanceof Double && isIntegral((Double) v, false));
  }

  /**
   * A value that {@link #isLong} accepted, as a long.
   *
   * @param v the value
   * @return the long
   */
  static long asLong(Object v) {
    return v instanceof Long ? (Long) v : (long) (double) (Double) v;
  }

  private static boolean isIntegral(double d, boolean asInt) {
    if (d != Math.rint(d) || Double.isInfinite(d)) {
      return false;
    }
    return asInt ? d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE : Math.abs(d) < 0x1p63;
  }

  @Override
  public String toString() {
    return "ValueType[" + type.getSimpleName() + "]";
  }
}
