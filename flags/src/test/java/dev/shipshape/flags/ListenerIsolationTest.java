package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.shipshape.testsupport.LogCapture;
import dev.shipshape.time.ManualClock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenerIsolationTest {

  private final LogCapture logs = LogCapture.all(Level.INFO);

  @AfterEach
  void detach() {
    logs.close();
  }

  @Test
  void aThrowingListenerIsLoggedOncePerCauseAndNeverReachesTheCaller() {
    InMemoryFlagSource source = FlagSource.inMemory().putBoolean("a", true);
    FlagListener broken =
        throwing(
            details -> new IllegalStateException("boom " + details.flagKey()),
            () -> new UnsupportedOperationException("no"));
    try (Flags flags =
        Flags.builder().clock(ManualClock.create()).source(source).listener(broken).build()) {
      for (int i = 0; i < 50; i++) {
        assertThat(flags.booleanValue("a", false, EvaluationContext.of("user-" + i))).isTrue();
      }
      source.putBoolean("a", false);
      source.putBoolean("b", true);
      assertThat(flags.booleanValue("a", true)).isFalse();
    }
    assertThat(listenerFailureWarnings()).isEqualTo(2);
  }

  @Test
  void aSneakilyThrownCheckedExceptionIsIsolatedCountedAndLoggedOncePerCause() {
    // Regression: only unchecked exceptions were caught, so a checked exception thrown past the
    // compiler escaped from flag evaluation and from the reload that announced a change.
    InMemoryFlagSource source = FlagSource.inMemory().putBoolean("a", true);
    FlagListener sneaky =
        throwing(details -> new java.io.IOException("disk"), () -> new Exception("checked"));
    try (Flags flags =
        Flags.builder().clock(ManualClock.create()).source(source).listener(sneaky).build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(flags.booleanValue("a", false, EvaluationContext.of("user-" + i))).isTrue();
      }
      source.putBoolean("a", false);
      assertThat(flags.booleanValue("a", true)).isFalse();
      // 4 evaluations, plus the change announced at build and by putBoolean
      assertThat(flags.listenerFailures()).isEqualTo(6);
    }
    assertThat(listenerFailureWarnings()).isEqualTo(2);
  }

  /**
   * A listener that wants evaluations and throws what {@code onEvaluation} gives for each one and
   * what {@code onChange} gives for each change, checked exceptions included.
   */
  private static FlagListener throwing(
      Function<EvaluationDetails<?>, Throwable> onEvaluation, Supplier<Throwable> onChange) {
    return Listen.toEvaluationsAndChanges(
        details -> ListenerIsolationTest.<RuntimeException>sneakyThrow(onEvaluation.apply(details)),
        change -> ListenerIsolationTest.<RuntimeException>sneakyThrow(onChange.get()));
  }

  /** How many listener failures were logged at WARN. */
  private long listenerFailureWarnings() {
    return logs.events().stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .filter(e -> e.getFormattedMessage().startsWith("flag listener "))
        .filter(e -> e.getFormattedMessage().contains(" failed in "))
        .count();
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
    throw (E) e;
  }

  @Test
  void logsNeverCarryTargetingKeysOrAttributesAtInfoOrAbove() {
    InMemoryFlagSource source = FlagSource.inMemory().putBoolean("a", true);
    try (Flags flags = Flags.builder().clock(ManualClock.create()).source(source).build()) {
      EvaluationContext ctx =
          EvaluationContext.builder().targetingKey("tk-secret").set("email", "pii@x.y").build();
      flags.booleanValue("a", false, ctx);
      flags.booleanDetails("missing", false, ctx);
      source.setDocument("{\"flags\":{}}");
    }
    assertThat(logs.events())
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .allSatisfy(
            e ->
                assertThat(e.getFormattedMessage() + e.getKeyValuePairs())
                    .doesNotContain("tk-secret")
                    .doesNotContain("pii@x.y"));
  }
}
