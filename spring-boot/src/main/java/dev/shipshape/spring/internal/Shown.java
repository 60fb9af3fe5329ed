package dev.shipshape.spring.internal;

import org.jspecify.annotations.Nullable;

/** How a value the application gave is shown in a problem: short enough to read, whatever it is. */
public final class Shown {

  /** The most characters of a value a problem shows. */
  private static final int MAX_CHARS = 60;

  private Shown() {}

  /**
   * {@code value} as a problem shows it: as it is up to {@value #MAX_CHARS} characters, else its
   * beginning and {@code ...}, never splitting a surrogate pair.
   *
   * @param value the value, or null
   * @return the text to show; {@code null} for null
   */
  public static String value(@Nullable Object value) {
    String text = String.valueOf(value);
    if (text.length() <= MAX_CHARS) {
      return text;
    }
    int cut = MAX_CHARS - 3;
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return text.substring(0, cut) + "...";
  }
}
