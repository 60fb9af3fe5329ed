package dev.shipshape.flags;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The subject of an evaluation: a targeting key (the stable id that fractional rollouts hash)
 * plus attributes that targeting rules read with {@code var}. Immutable and safe to share across
 * threads and evaluations; build it once per request or user and reuse it.
 *
 * <p>Attribute values are strings, longs, doubles, booleans, instants (compared by rules as epoch
 * seconds), and immutable lists and maps of those. The targeting key is also readable by rules as
 * {@code targetingKey}.
 */
public final class EvaluationContext {

  /** Contexts with at most this many attributes also keep them in an array for {@link #get}. */
  private static final int SCANNED = 8;

  private static final Object[] NO_PAIRS = new Object[0];

  /** Shared by every context without attributes; never modified. */
  private static final HashMap<String, Object> NO_VALUES = new HashMap<>();

  private static final Map<String, Object> NO_ATTRIBUTES = Collections.unmodifiableMap(NO_VALUES);

  private static final EvaluationContext EMPTY = new EvaluationContext(null, NO_VALUES);

  private final @Nullable String targetingKey;
  /** Never modified after construction; typed as HashMap so lookups bind to one class. */
  private final HashMap<String, Object> values;
  private final Map<String, Object> attributes;
  /**
   * The names and values of a small context in one array, name then value, or an empty array.
   * Rules name attributes by interned strings, so {@link #get} finds a name given as a literal by
   * identity here, on the cache line that holds its value.
   */
  private final Object[] pairs;

  private EvaluationContext(@Nullable String targetingKey, HashMap<String, Object> values) {
    this.targetingKey = targetingKey;
    this.values = values;
    this.attributes =
        values == NO_VALUES ? NO_ATTRIBUTES : Collections.unmodifiableMap(values);
    int n = values.size();
    if (n == 0 || n > SCANNED) {
      this.pairs = NO_PAIRS;
    } else {
      this.pairs = new Object[2 * n];
      int i = 0;
      for (Map.Entry<String, Object> e : values.entrySet()) {
        pairs[i++] = e.getKey();
        pairs[i++] = e.getValue();
      }
    }
  }

  /**
   * The context without targeting key or attributes.
   *
   * @return the empty context
   */
  public static EvaluationContext empty() {
    return EMPTY;
  }

  /**
   * A context with only a targeting key.
   *
   * @param targetingKey the stable id of the subject
   * @return the context
   */
  public static EvaluationContext of(String targetingKey) {
    return new EvaluationContext(Objects.requireNonNull(targetingKey, "targetingKey"), NO_VALUES);
  }

  /**
   * A builder for a context with attributes.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The targeting key.
   *
   * @return the targeting key, or null when the context has none
   */
  public @Nullable String targetingKey() {
    return targetingKey;
  }

  /**
   * One attribute.
   *
   * @param name the attribute name
   * @return its value, or null when absent
   */
  public @Nullable Object get(String name) {
    Object[] p = pairs;
    for (int i = 0; i < p.length; i += 2) {
      if (p[i] == name) {
        return p[i + 1];
      }
    }
    return values.get(name);
  }

  /**
   * The attribute names.
   *
   * @return the names
   */
  public Set<String> names() {
    return attributes.keySet();
  }

  /**
   * All attributes as an immutable map.
   *
   * @return the attributes
   */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /**
   * A builder that starts from this context's key and attributes.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.targetingKey = targetingKey;
    b.attributes.putAll(attributes);
    return b;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EvaluationContext
        && Objects.equals(((EvaluationContext) o).targetingKey, targetingKey)
        && ((EvaluationContext) o).attributes.equals(attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(targetingKey, attributes);
  }

  /** Attribute names only: values may be personal data and are never printed. */
  @Override
  public String toString() {
    return "EvaluationContext" + attributes.keySet();
  }

  /** Builds an {@link EvaluationContext}; reusing a builder never changes a built context. */
  public static final class Builder {
    private @Nullable String targetingKey;
    private final Map<String, Object> attributes = new HashMap<>();

    private Builder() {}

    /**
     * Sets the targeting key.
     *
     * @param targetingKey the stable id of the subject, or null for none
     * @return this builder
     */
    public Builder targetingKey(@Nullable String targetingKey) {
      this.targetingKey = targetingKey;
      return this;
    }

    /**
     * Sets a string attribute.
     *
     * @param name the attribute name
     * @param value the value
     * @return this builder
     */
    public Builder set(String name, String value) {
      return put(name, Objects.requireNonNull(value, "value"));
    }

    /**
     * Sets an integer attribute.
     *
     * @param name the attribute name
     * @param value the value
     * @return this builder
     */
    public Builder set(String name, long value) {
      return put(name, value);
    }

    /**
     * Sets a decimal attribute.
     *
     * @param name the attribute name
     * @param value the value
     * @return this builder
     */
    public Builder set(String name, double value) {
      return put(name, value);
    }

    /**
     * Sets a boolean attribute.
     *
     * @param name the attribute name
     * @param value the value
     * @return this builder
     */
    public Builder set(String name, boolean value) {
      return put(name, value);
    }

    /**
     * Sets an instant attribute; rules compare it as epoch seconds.
     *
     * @param name the attribute name
     * @param value the value
     * @return this builder
     */
    public Builder set(String name, Instant value) {
      return put(name, Objects.requireNonNull(value, "value"));
    }

    /**
     * Sets a list attribute; the list is copied deeply into an immutable one.
     *
     * @param name the attribute name
     * @param value strings, numbers, booleans, instants, lists or maps
     * @return this builder
     * @throws IllegalArgumentException if an element has another type
     */
    public Builder set(String name, List<?> value) {
      return put(name, normalize(value, name));
    }

    /**
     * Sets a structured attribute; the map is copied deeply into an immutable one.
     *
     * @param name the attribute name
     * @param value string keys to strings, numbers, booleans, instants, lists or maps
     * @return this builder
     * @throws IllegalArgumentException if a value has another type
     */
    public Builder set(String name, Map<String, ?> value) {
      return put(name, normalize(value, name));
    }

    /**
     * Removes an attribute.
     *
     * @param name the attribute name
     * @return this builder
     */
    public Builder remove(String name) {
      attributes.remove(name);
      return this;
    }

    private Builder put(String name, Object value) {
      attributes.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * Builds the context.
     *
     * @return an immutable context
     */
    public EvaluationContext build() {
      if (targetingKey == null && attributes.isEmpty()) {
        return EMPTY;
      }
      return new EvaluationContext(
          targetingKey, attributes.isEmpty() ? NO_VALUES : new HashMap<>(attributes));
    }
  }

  /**
   * Converts a value to the immutable form rules read: Long, Double, String, Boolean, Instant,
   * and immutable lists and maps of those.
   *
   * @param where the value's name, or a {@link Where} inside it; spelled out only for a message,
   *     so that a long name is not copied once per element of a large list or map
   */
  static Object normalize(@Nullable Object value, Object where) {
    if (value == null) {
      throw new IllegalArgumentException(where + " was 'null' but must be a value");
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Long
        || value instanceof Double || value instanceof Instant) {
      return value;
    }
    if (value instanceof BigInteger && ((BigInteger) value).bitLength() > 63) {
      // longValue() would keep the low 64 bits: another number, and another variant
      throw new IllegalArgumentException(
          where + " was a " + (((BigInteger) value).bitLength() + 1)
              + "-bit integer but must fit in a long");
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigDecimal && Double.isInfinite(((BigDecimal) value).doubleValue())) {
      throw new IllegalArgumentException(
          where + " was a number beyond a double but must fit in a double");
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    if ((value instanceof List || value instanceof Map)
        && where instanceof Where && ((Where) where).depth > MAX_NESTING) {
      // a list or map that contains itself would recurse until the stack overflows
      throw new IllegalArgumentException(
          where + " was nested more than " + MAX_NESTING
              + " levels deep but must be at most that (does a list or map contain itself?)");
    }
    if (value instanceof List) {
      List<Object> out = new ArrayList<>();
      int i = 0;
      for (Object o : (List<?>) value) {
        out.add(normalize(o, new Where(where, null, i++)));
      }
      return Collections.unmodifiableList(out);
    }
    if (value instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException(
              where + " key was '" + e.getKey() + "' but must be a string");
        }
        String key = (String) e.getKey();
        out.put(key, normalize(e.getValue(), new Where(where, key, 0)));
      }
      return Collections.unmodifiableMap(out);
    }
    throw new IllegalArgumentException(
        where + " was a '" + value.getClass().getName()
            + "' but must be a string, number, boolean, instant, list or map");
  }

  /** The most lists and maps an attribute may nest inside each other. */
  private static final int MAX_NESTING = 1000;

  /** A place inside an attribute: its container, then a map key or (key null) a list index. */
  private static final class Where {
    private final Object parent;
    private final @Nullable String key;
    private final int index;
    /** How many lists and maps enclose this place. */
    private final int depth;

    Where(Object parent, @Nullable String key, int index) {
      this.parent = parent;
      this.key = key;
      this.index = index;
      this.depth = parent instanceof Where ? ((Where) parent).depth + 1 : 1;
    }

    @Override
    public String toString() {
      return key != null ? parent + "." + key : parent + "[" + index + "]";
    }
  }
}
