package dev.shipshape.core.telemetry;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The effective flags changed: a source was reloaded with different content, or an override was
 * set or cleared.
 *
 * @param added flag keys that are new
 * @param removed flag keys that are gone
 * @param changed flag keys whose definition changed
 * @param at when the change was applied
 */
public record FlagSetChanged(Set<String> added, Set<String> removed, Set<String> changed, Instant at)
    implements TelemetryEvent {

  /**
   * Copies the key sets.
   *
   * @param added keys that are new
   * @param removed keys that are gone
   * @param changed keys whose definition changed
   * @param at when the change was applied
   */
  public FlagSetChanged {
    added = Set.copyOf(added);
    removed = Set.copyOf(removed);
    changed = Set.copyOf(changed);
    Objects.requireNonNull(at, "at");
  }

  @Override
  public Kind kind() {
    return Kind.FLAG_SET_CHANGED;
  }
}
