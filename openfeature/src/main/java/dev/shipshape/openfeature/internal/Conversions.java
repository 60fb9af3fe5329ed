package dev.shipshape.openfeature.internal;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.Value;
import dev.shipshape.flags.EvaluationContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts between OpenFeature's types and the flags module's: evaluation contexts in, flag
 * values and metadata out.
 */
public final class Conversions {

  /** The deepest nesting of structures and lists accepted in a context attribute. */
  public static final int MAX_CONTEXT_DEPTH = 32;

  private static final String TARGETING_KEY = dev.openfeature.sdk.EvaluationContext.TARGETING_KEY;

  private Conversions() {}

  /** A context attribute the flags evaluator cannot represent; the message names only paths. */
  public static final class InvalidContextException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidContextException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Converts an OpenFeature context. A context that is empty, or holds only a targeting key,
   * converts without building any map. Attributes whose value is null are treated as absent.
   *
   * @param ctx the merged OpenFeature context, or null
   * @return the flags context
   * @throws InvalidContextException if an attribute cannot be represented
   */
  public static EvaluationContext toFlagsContext(
      dev.openfeature.sdk.@Nullable EvaluationContext ctx) throws InvalidContextException {
    if (ctx == null) {
      return EvaluationContext.empty();
    }
    try {
      String targetingKey = ctx.getTargetingKey();
      if (ctx.isEmpty()) {
        return targetingKey == null
            ? EvaluationContext.empty()
            : EvaluationContext.of(targetingKey);
      }
      EvaluationContext.Builder builder = null;
      for (Map.Entry<String, Value> e : ctx.asUnmodifiableMap().entrySet()) {
        String name = e.getKey();
        if (name == null) {
          throw new InvalidContextException("context attribute name was null");
        }
        if (TARGETING_KEY.equals(name)) {
          continue;
        }
        Object value = fromValue(e.getValue(), name, 0, null);
        if (value == null) {
          continue;
        }
        if (builder == null) {
          builder = EvaluationContext.builder().targetingKey(targetingKey);
        }
        set(builder, name, value);
      }
      if (builder == null) {
        return targetingKey == null
            ? EvaluationContext.empty()
            : EvaluationContext.of(targetingKey);
      }
      return builder.build();
    } catch (InvalidContextException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new InvalidContextException(
          "context could not be read: " + e.getClass().getSimpleName());
    }
  }

  @SuppressWarnings("unchecked")
  static void set(EvaluationContext.Builder b, String name, Object value) {
    if (value instanceof String) {
      b.set(name, (String) value);
    } else if (value instanceof Boolean) {
      b.set(name, (boolean) (Boolean) value);
    } else if (value instanceof Long) {
      b.set(name, (long) (Long) value);
    } else if (value instanceof Double) {
      b.set(name, (double) (Double) value);
    } else if (value instanceof Instant) {
      b.set(name, (Instant) value);
    } else if (value instanceof List) {
      b.set(name, (List<?>) value);
    } else {
      b.set(name, (Map<String, ?>) value);
    }
  }

  /**
   * Converts one OpenFeature value to the flags evaluator's form.
   *
   * @param path the attribute's name, for messages
   * @param reuse if not null, told when a list holds structures or lists: OpenFeature's immutable
   *     contexts copy those only shallowly, so such a conversion must not be reused
   * @return String, Boolean, Long, Double, Instant, List or Map; null when the value is null
   */
  static @Nullable Object fromValue(
      @Nullable Value v, String path, int depth, ContextConverter.@Nullable Reuse reuse)
      throws InvalidContextException {
    return fromValue(v, null, path, -1, depth, reuse);
  }

  /**
   * Converts a value found at {@code field} (or at {@code index} when {@code field} is null) of
   * the container at {@code parent}. The path is spelled out only for a message: building it for
   * every element would copy a long attribute name once per element of a large list or structure.
   */
  private static @Nullable Object fromValue(
      @Nullable Value v,
      @Nullable Path parent,
      @Nullable String field,
      int index,
      int depth,
      ContextConverter.@Nullable Reuse reuse)
      throws InvalidContextException {
    if (v == null || v.isNull()) {
      return null;
    }
    Object inner = v.asObject();
    if (inner instanceof String || inner instanceof Boolean || inner instanceof Instant) {
      return inner;
    }
    if (inner instanceof Integer || inner instanceof Long || inner instanceof Short
        || inner instanceof Byte) {
      return ((Number) inner).longValue();
    }
    if (inner instanceof Double || inner instanceof Float || inner instanceof BigDecimal) {
      return ((Number) inner).doubleValue();
    }
    if (inner instanceof BigInteger) {
      BigInteger big = (BigInteger) inner;
      if (big.bitLength() > 63) {
        throw new InvalidContextException(
            "context attribute '" + Path.of(parent, field, index)
                + "' was a number outside the 64-bit integer range");
      }
      return big.longValue();
    }
    if (depth >= MAX_CONTEXT_DEPTH) {
      throw new InvalidContextException(
          "context attribute '" + Path.of(parent, field, index) + "' was nested deeper than "
              + MAX_CONTEXT_DEPTH + " levels");
    }
    if (inner instanceof Structure) {
      Path here = new Path(parent, field, index);
      Map<String, Value> fields = ((Structure) inner).asUnmodifiableMap();
      Map<String, Object> out = new LinkedHashMap<>(Math.max(4, fields.size() * 2));
      for (Map.Entry<String, Value> e : fields.entrySet()) {
        if (e.getKey() == null) {
          throw new InvalidContextException(
              "context attribute '" + here + "' had a null field name");
        }
        Object converted = fromValue(e.getValue(), here, e.getKey(), -1, depth + 1, reuse);
        if (converted != null) {
          out.put(e.getKey(), converted);
        }
      }
      return Collections.unmodifiableMap(out);
    }
    if (inner instanceof List) {
      Path here = new Path(parent, field, index);
      List<?> items = (List<?>) inner;
      List<Object> out = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        Object item = items.get(i);
        if (!(item instanceof Value)) {
          throw new InvalidContextException(
              "context attribute '" + Path.of(here, null, i) + "' was not a value");
        }
        if (reuse != null && (((Value) item).isStructure() || ((Value) item).isList())) {
          reuse.allowed = false;
        }
        Object converted = fromValue((Value) item, here, null, i, depth + 1, reuse);
        if (converted == null) {
          throw new InvalidContextException(
              "context attribute '" + Path.of(here, null, i) + "' was null but list elements"
                  + " must be strings, numbers, booleans, instants, structures or lists");
        }
        out.add(converted);
      }
      return Collections.unmodifiableList(out);
    }
    throw new InvalidContextException(
        "context attribute '" + Path.of(parent, field, index) + "' was "
            + withArticle(inner.getClass().getSimpleName())
            + " but must be a string, number, boolean, instant, structure or list");
  }

  /**
   * Where a value sits in an attribute: its container's path, then a field name or, when that
   * is null, a list index. Spelled out ({@link #toString()}) only for messages.
   */
  private static final class Path {
    final @Nullable Path parent;
    final @Nullable String field;
    final int index;

    Path(@Nullable Path parent, @Nullable String field, int index) {
      this.parent = parent;
      this.field = field;
      this.index = index;
    }

    static String of(@Nullable Path parent, @Nullable String field, int index) {
      return new Path(parent, field, index).toString();
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      append(b);
      return b.toString();
    }

    private void append(StringBuilder b) {
      if (parent != null) {
        parent.append(b);
        if (field != null) {
          b.append('.');
        }
      }
      if (field != null) {
        b.append(field);
      } else {
        b.append('[').append(index).append(']');
      }
    }
  }

  /**
   * Converts a flag value (Boolean, String, Long, Double, or immutable maps and lists of those)
   * to an OpenFeature value. Whole numbers within the int range become Integer, as in providers
   * that read flag files with Jackson; larger ones Long.
   *
   * @param value the flag value
   * @return the OpenFeature value
   */
  @SuppressWarnings("unchecked")
  public static Value toValue(@Nullable Object value) {
    if (value == null) {
      return new Value();
    }
    if (value instanceof Boolean) {
      return new Value((Boolean) value);
    }
    if (value instanceof String) {
      return new Value((String) value);
    }
    if (value instanceof Long) {
      long l = (Long) value;
      return l == (int) l ? new Value((int) l) : new Value(l);
    }
    if (value instanceof Integer) {
      return new Value((Integer) value);
    }
    if (value instanceof Number) {
      return new Value(((Number) value).doubleValue());
    }
    if (value instanceof Instant) {
      return new Value((Instant) value);
    }
    if (value instanceof Map) {
      Map<String, Object> in = (Map<String, Object>) value;
      Map<String, Value> out = new LinkedHashMap<>(Math.max(4, in.size() * 2));
      for (Map.Entry<String, Object> e : in.entrySet()) {
        out.put(e.getKey(), toValue(e.getValue()));
      }
      return new Value(new ImmutableStructure(out));
    }
    if (value instanceof List) {
      List<Object> in = (List<Object>) value;
      List<Value> out = new ArrayList<>(in.size());
      for (Object o : in) {
        out.add(toValue(o));
      }
      return new Value(Collections.unmodifiableList(out));
    }
    return new Value(value.toString());
  }

  /**
   * Maps a flags error code to OpenFeature's code of the same name; a code OpenFeature does not
   * know becomes GENERAL.
   *
   * @param code the flags error code
   * @return the OpenFeature error code
   */
  public static ErrorCode errorCode(dev.shipshape.flags.ErrorCode code) {
    switch (code) {
      case FLAG_NOT_FOUND:
        return ErrorCode.FLAG_NOT_FOUND;
      case TYPE_MISMATCH:
        return ErrorCode.TYPE_MISMATCH;
      case PARSE_ERROR:
        return ErrorCode.PARSE_ERROR;
      case TARGETING_KEY_MISSING:
        return ErrorCode.TARGETING_KEY_MISSING;
      default:
        return ErrorCode.GENERAL;
    }
  }

  /**
   * Converts flag metadata. Strings, booleans and decimals keep their type; whole numbers within
   * the int range become Integer, larger ones Long; nested objects and lists are left out, as
   * OpenFeature metadata holds scalars only.
   *
   * @param metadata the merged flag set and flag metadata
   * @return the OpenFeature metadata
   */
  public static ImmutableMetadata toMetadata(Map<String, Object> metadata) {
    if (metadata.isEmpty()) {
      return ImmutableMetadata.EMPTY;
    }
    ImmutableMetadata.ImmutableMetadataBuilder b = ImmutableMetadata.builder();
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      Object v = e.getValue();
      if (v instanceof String) {
        b.addString(e.getKey(), (String) v);
      } else if (v instanceof Boolean) {
        b.addBoolean(e.getKey(), (Boolean) v);
      } else if (v instanceof Long || v instanceof Integer) {
        long l = ((Number) v).longValue();
        if (l == (int) l) {
          b.addInteger(e.getKey(), (int) l);
        } else {
          b.addLong(e.getKey(), l);
        }
      } else if (v instanceof Number) {
        b.addDouble(e.getKey(), ((Number) v).doubleValue());
      }
    }
    return b.build();
  }

  /** A type name after "a" or "an", by its first letter: "an Object", "a Date". */
  static String withArticle(String name) {
    return ("AEIOUaeiou".indexOf(name.isEmpty() ? 'x' : name.charAt(0)) >= 0 ? "an " : "a ") + name;
  }
}
