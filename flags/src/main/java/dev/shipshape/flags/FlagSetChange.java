package dev.shipshape.flags;

import java.time.Instant;
import java.util.Set;

/**
 * What a reload or override changed in the effective flags.
 *
 * @param added keys that are new
 * @param removed keys that are gone
 * @param changed keys whose definition changed
 * @param at when the change was applied, from the clock
 */
public record FlagSetChange(Set<String> added, Set<String> removed, Set<String> changed, Instant at) {

  /**
   * Copies the key sets.
   *
   * @param added keys that are new
   * @param removed keys that are gone
   * @param changed keys whose definition changed
   * @param at when the change was applied
   */
  public FlagSetChange {
    added = Set.copyOf(added);
    removed = Set.copyOf(removed);
    changed = Set.copyOf(changed);
  }

  /**
   * Whether nothing changed.
   *
   * @return true when all three sets are empty
   */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }
}
