package dev.shipshape.spring.internal;

import dev.shipshape.time.internal.Shortened;
import dev.shipshape.time.internal.UrlRedaction;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;

/**
 * How a value the application gave, and where it gave it, are shown in a problem: short enough
 * to read, whatever the value is.
 */
public final class Shown {

  /** The most characters of a value a problem shows. */
  private static final int MAX_CHARS = 60;

  private Shown() {}

  /**
   * {@code value} as a problem shows it: as it is up to {@value #MAX_CHARS} characters, else its
   * beginning and {@code ...}, never splitting a surrogate pair. A URL's user info and query values
   * are masked first ({@code https://***@example.com/flags.json?k=***}), valid URL or not, since
   * problems are printed and logged.
   *
   * @param value the value, or null
   * @return the text to show; {@code null} for null
   */
  public static String value(@Nullable Object value) {
    return Shortened.text(UrlRedaction.location(String.valueOf(value)), MAX_CHARS);
  }

  /**
   * Where a value was set, as a problem shows it after what was expected: {@code " (set in
   * class path resource [application.yml] - 7:16)"}, or nothing when the source keeps no origins
   * (a map of values, such as a test's properties).
   *
   * @param origin the value's origin, or null
   * @return the text to append, perhaps empty
   */
  public static String setIn(@Nullable Origin origin) {
    if (origin instanceof PropertySourceOrigin inSource) {
      origin = inSource.getOrigin(); // a file and line, not the name of a map of values
    }
    return origin == null ? "" : " (set in " + origin + ")";
  }
}
