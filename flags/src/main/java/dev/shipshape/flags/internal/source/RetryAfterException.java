package dev.shipshape.flags.internal.source;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP 429 or 503 answer with a {@code Retry-After} header: the poller sends no request before
 * the time it names (bounded by the poller).
 */
public final class RetryAfterException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Delta-seconds: at most ten digits, beyond any bound a poller applies. */
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,10}");

  private final transient @Nullable Duration delay;
  private final transient @Nullable Instant date;

  private RetryAfterException(String message, @Nullable Duration delay, @Nullable Instant date) {
    super(message);
    this.delay = delay;
    this.date = date;
  }

  /**
   * The failure of a {@code status} answer from {@code name} with this {@code Retry-After}, or null
   * when the header is absent or neither delta-seconds nor an HTTP date.
   */
  static @Nullable RetryAfterException of(String name, int status, @Nullable String header) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    Duration delay = null;
    Instant date = null;
    if (SECONDS.matcher(value).matches()) {
      delay = Duration.ofSeconds(Long.parseLong(value));
    } else {
      try {
        date = DateTimeFormatter.RFC_1123_DATE_TIME.parse(value, Instant::from);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return new RetryAfterException(
        "GET " + name + " answered HTTP " + status + " with Retry-After " + value, delay, date);
  }

  /**
   * When the server asked to be asked again, given the time the answer came.
   *
   * @param now the time of the answer
   * @return the earliest time of the next request
   */
  public Instant notBefore(Instant now) {
    Duration d = delay;
    Instant at = date;
    return d != null ? now.plus(d) : at != null ? at : now;
  }
}
