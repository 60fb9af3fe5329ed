package dev.shipshape.core.health.internal;

import dev.shipshape.time.internal.SafeText;
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

  private static final Details EMPTY = new Details(new LinkedHashMap<>(), true);

  private final Map<String, Object> map;
  // whether every key and value was checked when the map was built (see #adopt)
  private final boolean checked;

  private Details(Map<String, Object> copy, boolean checked) {
    this.map = Collections.unmodifiableMap(copy);
    this.checked = checked;
  }

  /**
   * Whether {@code details} is a map frozen by {@link #adopt(LinkedHashMap)}, whose keys and values
   * were checked as it was built, so it can be used again without a check or a copy.
   *
   * @param details the details
   * @return true for details adopted after their check
   */
  public static boolean isChecked(Map<String, Object> details) {
    return details instanceof Details && ((Details) details).checked;
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
    return new Details(new LinkedHashMap<>(details), false);
  }

  /**
   * Freezes a map that nobody else holds, without copying it, as details whose keys and values the
   * caller has checked.
   *
   * @param owned a new map that the caller hands over and never changes again
   * @return the immutable details
   */
  public static Map<String, Object> adopt(LinkedHashMap<String, Object> owned) {
    return owned.isEmpty() ? EMPTY : new Details(owned, true);
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

  /**
   * The details as {@code {key=value, ...}}, like any map's, except that a value whose {@code
   * toString()} throws is shown as {@code "<class name> (unreadable)"} instead of failing.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder().append('{');
    for (Entry<String, Object> e : map.entrySet()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(e.getKey()).append('=').append(SafeText.of(e.getValue()));
    }
    return out.append('}').toString();
  }
}
