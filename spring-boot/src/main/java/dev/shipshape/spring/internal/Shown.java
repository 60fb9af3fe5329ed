package dev.shipshape.spring.internal;

import dev.shipshape.time.internal.Shortened;
import dev.shipshape.time.internal.UrlRedaction;
import java.util.Locale;
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
   * The value of {@code key} as a problem shows it: {@code ***} when the key looks like it holds a
   * secret, whatever its spelling (an element that names headers, such as {@code
   * shipshape.flags.http-header.authorization}, or a last element that ends in {@code password},
   * {@code secret}, {@code key} or {@code token}, or holds {@code credentials} or {@code
   * authorization}, the keys Spring Boot's sanitizer masks by default), {@link #value(Object)}
   * otherwise. A misspelt secret property is reported, its value never.
   *
   * @param key the property's name as given
   * @param value its value, or null
   * @return the text to show; {@code null} for null
   */
  public static String value(String key, @Nullable Object value) {
    return value != null && secret(key) ? "***" : value(value);
  }

  private static boolean secret(String key) {
    String[] elements = key.toLowerCase(Locale.ROOT).split("[.\\[\\]]");
    for (String element : elements) {
      if (element.contains("header")) {
        return true;
      }
    }
    String last = elements.length == 0 ? "" : elements[elements.length - 1].replaceAll("[-_]", "");
    return last.endsWith("password")
        || last.endsWith("secret")
        || last.endsWith("key")
        || last.endsWith("token")
        || last.contains("credentials")
        || last.contains("authorization");
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
