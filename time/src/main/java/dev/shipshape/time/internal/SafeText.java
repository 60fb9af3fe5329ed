package dev.shipshape.time.internal;

import org.jspecify.annotations.Nullable;

/**
 * The text of a value a user gave the library (a health check's detail, say), read without ever
 * throwing: a value whose {@code toString()} throws or returns null is shown as {@code "<class
 * name> (unreadable)"}, so that one bad value never fails the report, the endpoint or the log
 * line it appears in.
 */
public final class SafeText {

  private SafeText() {}

  /**
   * The value's {@code toString()}, or {@link #unreadable(Object)} when that throws or returns
   * null; {@code "null"} for null. Errors of the virtual machine are thrown on.
   *
   * @param value a value
   * @return its text
   */
  public static String of(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    String text;
    try {
      text = value.toString();
    } catch (Throwable e) {
      Isolation.rethrowIfFatal(e);
      text = null;
    }
    return text != null ? text : unreadable(value);
  }

  /**
   * What stands for a value that cannot be read: its class's name and {@code (unreadable)}.
   *
   * @param value the value
   * @return the text shown instead
   */
  public static String unreadable(Object value) {
    return value.getClass().getName() + " (unreadable)";
  }
}
