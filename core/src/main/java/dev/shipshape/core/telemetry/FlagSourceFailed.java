package dev.shipshape.core.telemetry;

import dev.shipshape.flags.SourceFailure;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A flag source could not be read or its content was rejected; the last good flags stay in use.
 * A source that keeps failing produces one event per failed read, all with the same {@link
 * #since()}.
 *
 * @param failure the failure as the flags module reported it
 * @param at when this failure was seen
 */
public record FlagSourceFailed(SourceFailure failure, Instant at) implements TelemetryEvent {

  /**
   * Validates the components.
   *
   * @param failure the failure
   * @param at when it was seen
   */
  public FlagSourceFailed {
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(at, "at");
  }

  /**
   * The source's name (a path, URL or resource name).
   *
   * @return the name
   */
  public String source() {
    return failure.sourceName();
  }

  /**
   * What went wrong, including validation problems with their locations.
   *
   * @return the message
   */
  public String message() {
    return failure.message();
  }

  /**
   * The exception, when there is one.
   *
   * @return the exception or null
   */
  public @Nullable Throwable cause() {
    return failure.cause();
  }

  /**
   * When the current streak of failures started.
   *
   * @return the instant
   */
  public Instant since() {
    return failure.since();
  }

  @Override
  public Kind kind() {
    return Kind.FLAG_SOURCE_FAILED;
  }
}
