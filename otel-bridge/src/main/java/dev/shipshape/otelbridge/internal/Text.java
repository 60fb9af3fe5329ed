package dev.shipshape.otelbridge.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one cutting rule for every string the bridge writes: attribute values (each element of a
 * string array too), span names, status descriptions and log-record bodies keep at most {@value
 * #MAX_CHARS} characters, one fewer rather than split a surrogate pair. An exception's stack trace
 * keeps up to {@value #MAX_STACKTRACE_CHARS}, a hundred frames or more, since ten would rarely
 * reach the application's own code; it is printed only that far, so that a huge message or a long
 * chain of causes costs no more than the characters kept.
 */
final class Text {

  /** Longest string the bridge writes, in UTF-16 characters. */
  static final int MAX_CHARS = 1024;

  /** Longest {@code exception.stacktrace}, in UTF-16 characters. */
  static final int MAX_STACKTRACE_CHARS = 16 * 1024;

  private static final String STACKTRACE = "exception.stacktrace";

  private Text() {}

  /** {@code s} cut at {@value #MAX_CHARS} characters. */
  static String cut(String s) {
    return cut(s, MAX_CHARS);
  }

  /**
   * {@code s}, or its first {@code maxChars} characters when it is longer: one fewer when the last
   * of them is the first half of a surrogate pair.
   */
  static String cut(CharSequence s, int maxChars) {
    if (s.length() <= maxChars) {
      return s.toString();
    }
    int cut = maxChars;
    if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
      cut--;
    }
    return s.subSequence(0, cut).toString();
  }

  /**
   * The stack trace of {@code failure} as {@link Throwable#printStackTrace(PrintWriter)} prints
   * it, cut at {@value #MAX_STACKTRACE_CHARS} characters as {@link #cut(CharSequence, int)} cuts:
   * printing stops one character after the cut, so the whole text is never built.
   *
   * @return the text, or null when printing it throws (a {@code toString()} that throws, say)
   */
  static @Nullable String stackTrace(Throwable failure) {
    Prefix trace = new Prefix(MAX_STACKTRACE_CHARS + 1);
    try (PrintWriter w = new PrintWriter(trace)) {
      failure.printStackTrace(w);
    } catch (Prefix.Full enough) {
      // the rest of the trace would be cut
    } catch (RuntimeException unprintable) {
      return null;
    }
    return cut(trace.text, MAX_STACKTRACE_CHARS);
  }

  /**
   * A writer that keeps the first {@code maxChars} characters written to it and stops the writing,
   * by throwing {@link Full}, at the first character beyond them.
   */
  private static final class Prefix extends Writer {

    /** Thrown, without a stack trace, when the prefix is complete. */
    static final class Full extends RuntimeException {
      private static final long serialVersionUID = 1L;
      static final Full INSTANCE = new Full();

      private Full() {
        super("the prefix is complete", null, false, false);
      }
    }

    final StringBuilder text = new StringBuilder();
    private final int maxChars;

    Prefix(int maxChars) {
      this.maxChars = maxChars;
    }

    @Override
    public void write(String s, int off, int len) {
      int room = maxChars - text.length();
      if (len <= room) {
        text.append(s, off, off + len);
      } else {
        text.append(s, off, off + room);
        throw Full.INSTANCE;
      }
    }

    @Override
    public void write(char[] chars, int off, int len) {
      int room = maxChars - text.length();
      if (len <= room) {
        text.append(chars, off, len);
      } else {
        text.append(chars, off, room);
        throw Full.INSTANCE;
      }
    }

    @Override
    public void write(int c) {
      if (text.length() >= maxChars) {
        throw Full.INSTANCE;
      }
      text.append((char) c);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /**
   * {@code attributes} with every string, and every string of an array, cut at {@value
   * #MAX_CHARS} characters ({@code exception.stacktrace} at {@value #MAX_STACKTRACE_CHARS}); the
   * same instance when none is longer.
   */
  static Attributes cut(Attributes attributes) {
    boolean[] tooLong = {false};
    attributes.forEach((key, value) -> tooLong[0] |= tooLong(key, value));
    if (!tooLong[0]) {
      return attributes;
    }
    AttributesBuilder b = Attributes.builder();
    attributes.forEach((key, value) -> put(b, key, value));
    return b.build();
  }

  /** The most characters a value of {@code key} keeps. */
  private static int limit(AttributeKey<?> key) {
    return key.getKey().equals(STACKTRACE) ? MAX_STACKTRACE_CHARS : MAX_CHARS;
  }

  private static boolean tooLong(AttributeKey<?> key, Object value) {
    if (value instanceof String) {
      return ((String) value).length() > limit(key);
    }
    if (value instanceof List) {
      for (Object item : (List<?>) value) {
        if (item instanceof String && ((String) item).length() > MAX_CHARS) {
          return true;
        }
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static void put(AttributesBuilder b, AttributeKey<?> key, Object value) {
    if (key.getType() == AttributeType.STRING) {
      b.put((AttributeKey<String>) key, cut((String) value, limit(key)));
    } else if (key.getType() == AttributeType.STRING_ARRAY) {
      List<String> cut = new ArrayList<>();
      for (String item : (List<String>) value) {
        cut.add(cut(item));
      }
      b.put((AttributeKey<List<String>>) key, cut);
    } else {
      b.put((AttributeKey<Object>) key, value);
    }
  }
}
