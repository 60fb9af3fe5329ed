package dev.shipshape.core.telemetry;

import dev.shipshape.flags.FlagSetChange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The effective flags changed: a source was reloaded with different content, or an override was
 * set or cleared.
 *
 * @param change the change as the flags module reported it
 */
public record FlagSetChanged(FlagSetChange change) implements TelemetryEvent {

  /**
   * The most keys of each kind of change (added, removed, changed) that a log line or record lists;
   * the counts say how many there were. A person reading about a deployment can take in a hundred
   * keys, and a flag file of 50,000 flags then gives a line of at most 300 keys.
   */
  public static final int MAX_LISTED_KEYS = 100;

  /**
   * Validates the component.
   *
   * @param change the change
   */
  public FlagSetChanged {
    Objects.requireNonNull(change, "change");
  }

  /**
   * Flag keys that are new.
   *
   * @return the keys
   */
  public Set<String> added() {
    return change.added();
  }

  /**
   * Flag keys that are gone.
   *
   * @return the keys
   */
  public Set<String> removed() {
    return change.removed();
  }

  /**
   * Flag keys whose definition changed.
   *
   * @return the keys
   */
  public Set<String> changed() {
    return change.changed();
  }

  /**
   * The first {@value #MAX_LISTED_KEYS} of {@code keys} in sorted order: what a log line or record
   * lists of one kind of change.
   *
   * @param keys {@link #added()}, {@link #removed()} or {@link #changed()}
   * @return at most {@value #MAX_LISTED_KEYS} keys, sorted
   */
  public static List<String> listed(Set<String> keys) {
    TreeSet<String> first = new TreeSet<>();
    for (String key : keys) {
      first.add(key);
      if (first.size() > MAX_LISTED_KEYS) {
        first.pollLast();
      }
    }
    return List.copyOf(first);
  }

  @Override
  public Instant at() {
    return change.at();
  }

  @Override
  public Kind kind() {
    return Kind.FLAG_SET_CHANGED;
  }
}
