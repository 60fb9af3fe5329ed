package dev.shipshape.core.telemetry;

import dev.shipshape.flags.FlagSetChange;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The effective flags changed: a source was reloaded with different content, or an override was
 * set or cleared.
 *
 * @param change the change as the flags module reported it
 */
public record FlagSetChanged(FlagSetChange change) implements TelemetryEvent {

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

  @Override
  public Instant at() {
    return change.at();
  }

  @Override
  public Kind kind() {
    return Kind.FLAG_SET_CHANGED;
  }
}
