package dev.shipshape.core.health.internal;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Immutable check details in insertion order. A map frozen here is recognised by {@link
 * #freeze(Map)}, so a result's details are copied once, when the check returns, and never again
 * for each report that shows them.
 */
public final class Details extends AbstractMap<String, Object> {

  private static final Details EMPTY = new Details(new LinkedHashMap<>());

  private final Map<String, Object> map;

  private Details(Map<String, Object> copy) {
    this.map = Collections.unmodifiableMap(copy);
  }

  /**
   * An immutable copy of {@code details} in its iteration order: {@code details} itself when it
   * is already frozen, one shared empty map when it is empty.
   *
   * @param details the details to copy
   * @return the immutable details
   */
  public static Map<String, Object> freeze(Map<String, Object> details) {
    if (details instanceof Details) {
      return details;
    }
    if (details.isEmpty()) {
      return EMPTY;
    }
    return new Details(new LinkedHashMap<>(details));
  }

  /**
   * Freezes a map that nobody else holds, without copying it.
   *
   * @param owned a new map that the caller hands over and never changes again
   * @return the immutable details
   */
  public static Map<String, Object> adopt(LinkedHashMap<String, Object> owned) {
    return owned.isEmpty() ? EMPTY : new Details(owned);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return map.entrySet();
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public boolean isEmpty() {
    return map.isEmpty();
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return map.containsKey(key);
  }

  @Override
  public @Nullable Object get(@Nullable Object key) {
    return map.get(key);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o == this || map.equals(o);
  }

  @Override
  public int hashCode() {
    return map.hashCode();
  }

  @Override
  public String toString() {
    return map.toString();
  }
}
