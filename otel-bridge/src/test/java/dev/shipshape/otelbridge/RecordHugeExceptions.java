package dev.shipshape.otelbridge;

import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.core.telemetry.TelemetryEvents;
import io.opentelemetry.api.common.AttributeKey;
import java.time.Duration;
import java.time.Instant;

/**
 * Run by {@link ExceptionsInASmallHeapTest} in a JVM whose heap holds the exception's message but
 * not several copies of it: records exceptions with that message, and with a cause that has it,
 * many times on guard spans and flag-source log events, and prints how many it recorded.
 */
final class RecordHugeExceptions {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  private RecordHugeExceptions() {}

  /**
   * Records the exceptions.
   *
   * @param args the message length in characters, and how many times to record each exception
   */
  public static void main(String[] args) {
    int chars = Integer.parseInt(args[0]);
    int times = Integer.parseInt(args[1]);
    String huge = "m".repeat(chars);
    Throwable[] failures = {
      new IllegalStateException(huge),
      new RuntimeException("wrapped", new IllegalStateException(huge)),
    };
    int recorded = 0;
    try (InMemoryOtel otel = new InMemoryOtel()) {
      OtelTelemetry sink = OtelTelemetry.of(otel.sdk);
      for (int i = 0; i < times; i++) {
        for (Throwable failure : failures) {
          sink.accept(
              new GuardedCallCompleted(
                  "payments", Outcome.FAILURE, 1, Duration.ofMillis(5), failure, false, AT));
          sink.accept(TelemetryEvents.sourceFailed("flags.json", "unreadable", failure, AT, AT));
          recorded += 2;
        }
      }
      long longest =
          otel.finishedSpans().stream()
              .flatMap(s -> s.getEvents().stream())
              .map(e -> e.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
              .mapToLong(String::length)
              .max()
              .orElse(-1);
      System.out.println("recorded " + recorded + " exceptions; longest stack trace " + longest);
    }
    System.exit(0);
  }
}
