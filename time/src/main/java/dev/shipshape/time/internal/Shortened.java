package dev.shipshape.time.internal;

/**
 * Text that a message, a reason or a log line quotes from outside (a value as written, what a
 * server answered), cut so that one huge input cannot fill them.
 */
public final class Shortened {

  private Shortened() {}

  /**
   * {@code text} as it is when it has at most {@code maxChars} characters, else its beginning and
   * {@code ...}, {@code maxChars} characters in all, never splitting a surrogate pair.
   *
   * @param text the text
   * @param maxChars the most characters to show, at least 4
   * @return the text to show
   */
  public static String text(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int cut = maxChars - 3;
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return text.substring(0, cut) + "...";
  }
}
