package dev.shipshape.flags;

import java.util.Map;

/**
 * Overrides applied on top of every source, for tests and progressive rollouts. Overrides survive
 * reloads that leave them applicable; each change swaps the flag set and notifies {@link
 * FlagListener#flagSetChanged}. A reload after which an override no longer applies (no source
 * defines its flag any more, or the split, variant or type it needs is gone) drops it with a
 * warning: {@link #keys()} no longer lists it, the source's definition is served, and it does not
 * come back when a later reload restores what it needed. Overriding a key that no source defines
 * throws {@link FlagsConfigException}, so a typo cannot pass silently; every refusal is one, naming
 * the argument it refuses ({@code flag}, {@code variant}, {@code value}, {@code weights.<variant>})
 * as its setting.
 */
public interface FlagOverrides {

  /**
   * Serves one of the flag's variants to everyone (the flag becomes static and enabled).
   *
   * @param key the flag key
   * @param variant a variant the flag defines
   * @throws FlagsConfigException if the flag or the variant does not exist
   */
  void setVariant(String key, String variant);

  /**
   * Serves a value to everyone; it must have the flag's type (boolean, string, number, object).
   *
   * @param key the flag key
   * @param value the value
   * @throws FlagsConfigException if the flag does not exist or the type differs
   */
  void setValue(String key, Object value);

  /**
   * Replaces the weights of the flag's fractional split, keeping its bucketing input and variant
   * order, so a user inside a 5% rollout stays inside at 25%. Variants not named get weight 0.
   * The flag's state stays the source's: a flag its source disables stays disabled.
   *
   * @param key the flag key
   * @param weightsByVariant the new weights, each zero or more
   * @throws FlagsConfigException if the flag has no {@link FlagDefinition#fractionalSplit()}, or
   *     listing every name not in the split and every negative weight
   */
  void setFractionalWeights(String key, Map<String, Integer> weightsByVariant);

  /**
   * Removes the override of one flag; does nothing when there is none.
   *
   * @param key the flag key
   */
  void clear(String key);

  /** Removes every override. */
  void clearAll();

  /**
   * The keys currently overridden.
   *
   * @return the keys
   */
  java.util.Set<String> keys();
}
