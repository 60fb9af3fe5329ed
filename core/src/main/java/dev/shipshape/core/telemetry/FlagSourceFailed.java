package dev.shipshape.core.telemetry;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A flag source could not be read or its content was rejected; the last good flags stay in use.
 * A source that keeps failing produces one event per failed read, all with the same {@link
 * #since()}.
 *
 * @param source the source's name (a path, URL or resource name)
 * @param message what went wrong, including validation problems with their locations
 * @param cause the exception, when there is one
 * @param since when the current streak of failures started
 * @param at when this failure was seen
 */
public record FlagSourceFailed(
    String source, String message, @Nullable Throwable cause, Instant since, Instant at)
    implements TelemetryEvent {

  /**
   * Validates the components.
   *
   * @param source the source's name
   * @param message what went wrong
   * @param cause the exception or null
   * @param since when the streak started
   * @param at when this failure was seen
   */
  public FlagSourceFailed {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(at, "at");
  }

  @Override
  public Kind kind() {
    return Kind.FLAG_SOURCE_FAILED;
  }
}
