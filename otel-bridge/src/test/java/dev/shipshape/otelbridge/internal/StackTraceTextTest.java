package dev.shipshape.otelbridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code exception.stacktrace} is the text {@link Throwable#printStackTrace(PrintWriter)} prints,
 * cut at 16,384 characters exactly as cutting the whole text would cut it, while printing stops at
 * the cut.
 */
class StackTraceTextTest {

  private static final int MAX = Text.MAX_STACKTRACE_CHARS;

  private static String whole(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  /** An exception thrown {@code depth} calls deep. */
  private static IllegalStateException thrownAt(int depth, String message) {
    if (depth == 0) {
      return new IllegalStateException(message);
    }
    return thrownAt(depth - 1, message);
  }

  @Test
  void aTraceUnderTheLimitIsPrintedAsPrintStackTracePrintsIt() {
    IllegalStateException cause = thrownAt(12, "declined");
    RuntimeException failure = new RuntimeException("payment failed", cause);
    failure.addSuppressed(thrownAt(3, "rollback failed"));
    cause.addSuppressed(failure); // a circular reference
    String whole = whole(failure);
    assertThat(whole)
        .contains("Caused by: java.lang.IllegalStateException: declined", "Suppressed: ",
            "[CIRCULAR REFERENCE: ", "... ")
        .hasSizeLessThan(MAX);

    assertThat(Text.stackTrace(failure)).isEqualTo(whole);
  }

  @Test
  void aHugeMessageIsCutAtTheLimit() {
    IllegalStateException huge = new IllegalStateException("m".repeat(1_000_000));

    assertThat(Text.stackTrace(huge))
        .hasSize(MAX)
        .isEqualTo("java.lang.IllegalStateException: " + "m".repeat(MAX - 33));
  }

  @Test
  void aLongChainOfCausesIsCutWhereTheWholeTraceWouldBeCut() {
    Throwable chain = thrownAt(5, "root");
    for (int i = 0; i < 2_000; i++) {
      chain = new RuntimeException("level " + i + " " + "x".repeat(100), chain);
    }
    String whole = whole(chain);
    assertThat(whole).hasSizeGreaterThan(10 * MAX);

    assertThat(Text.stackTrace(chain)).isEqualTo(whole.substring(0, MAX));
  }

  @Test
  void agreesWithCuttingTheWholeTraceAroundTheLimit() {
    int base = whole(new IllegalStateException("")).length();
    for (int length = MAX - base - 3; length <= MAX - base + 3; length++) {
      for (String last : new String[] {"m", "\uD83D", "\uD83D\uDE00"}) {
        String message = "m".repeat(length) + last;
        IllegalStateException e = new IllegalStateException(message);
        assertThat(Text.stackTrace(e))
            .as("a message of %d characters ending in %s", message.length(), last)
            .isEqualTo(Text.cut(whole(e), MAX));
      }
    }
    IllegalStateException splitPair =
        new IllegalStateException("m".repeat(MAX - 34) + "\uD83D\uDE00" + "m");
    assertThat(Text.stackTrace(splitPair))
        .as("one fewer rather than split a surrogate pair")
        .hasSize(MAX - 1)
        .endsWith("m");
  }

  @Test
  void anExceptionThatCannotBePrintedHasNoTrace() {
    RuntimeException unprintable =
        new RuntimeException() {
          private static final long serialVersionUID = 1L;

          @Override
          public String toString() {
            throw new IllegalStateException("no text today");
          }
        };

    assertThat(Text.stackTrace(unprintable)).isNull();
  }
}
