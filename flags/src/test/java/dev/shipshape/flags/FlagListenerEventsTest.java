package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a {@link FlagListener} is told, and when evaluations are built for it. */
class FlagListenerEventsTest {

  private final ManualClock clock = ManualClock.create();

  @Test
  void aSourceStatusChangeIsToldOnceWhenItHappensAndNeverWhileItLasts() {
    List<String> seen = new CopyOnWriteArrayList<>();
    FlagListener listener =
        new FlagListener() {
          @Override
          public void flagSetChanged(FlagSetChange change) {
            seen.add("changed" + change.added() + change.changed());
          }

          @Override
          public void sourceFailed(SourceFailure failure) {
            seen.add("failed");
          }

          @Override
          public void sourceStateChanged(SourceStateChange change) {
            seen.add(change.previous() + "->" + change.current().status());
          }
        };
    SourceFailureTest.Scripted source =
        new SourceFailureTest.Scripted(Duration.ofSeconds(5))
            .then(() -> FlagSourcesTest.doc("a"))
            .then(() -> "{\"flags\": ")
            .then(() -> "{\"flags\": ")
            .then(() -> FlagSourcesTest.doc("a"))
            .then(() -> FlagSourcesTest.doc("b"));
    try (Flags flags = Flags.builder().clock(clock).source(source).listener(listener).build()) {
      assertThat(seen).containsExactly("changed[banner][]", "NOT_LOADED->FRESH");
      clock.advance(Duration.ofSeconds(5)); // broken
      clock.advance(Duration.ofSeconds(5)); // still broken: nothing new
      assertThat(seen).containsExactly("changed[banner][]", "NOT_LOADED->FRESH", "failed", "FRESH->STALE");
      clock.advance(Duration.ofSeconds(5)); // repaired with the same content: no flag changed
      clock.advance(Duration.ofSeconds(5)); // a new definition while fresh: no status change
      assertThat(seen)
          .containsExactly(
              "changed[banner][]", "NOT_LOADED->FRESH", "failed", "FRESH->STALE",
              "STALE->FRESH", "changed[][banner]");
      assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
    }
  }

  @Test
  void evaluationsAreBuiltOnlyForListenersThatAskForThem() {
    AtomicInteger unasked = new AtomicInteger();
    AtomicInteger asked = new AtomicInteger();
    FlagListener overridesOnly =
        new FlagListener() {
          @Override
          public void evaluated(EvaluationDetails<?> details) {
            unasked.incrementAndGet();
          }
        };
    FlagListener confused =
        new FlagListener() {
          @Override
          public boolean wantsEvaluations() {
            throw new IllegalStateException("no idea");
          }

          @Override
          public void evaluated(EvaluationDetails<?> details) {
            unasked.incrementAndGet();
          }
        };
    InMemoryFlagSource source = FlagSource.inMemory().putBoolean("a", true);
    try (Flags flags =
        Flags.builder().clock(clock).source(source).listener(overridesOnly).listener(confused)
            .build()) {
      assertThat(flags.booleanValue("a", false)).isTrue();
      assertThat(flags.booleanDetails("a", false).value()).isTrue();
      assertThat(unasked).hasValue(0);
      // the confused listener's question counts as its failure
      assertThat(flags.listenerFailures()).isEqualTo(1);
    }
    FlagListener asking = Listen.toEvaluations(d -> asked.incrementAndGet());
    try (Flags flags = Flags.builder().clock(clock).source(source).listener(asking).build()) {
      assertThat(flags.booleanValue("a", false)).isTrue();
      assertThat(flags.intValue("a", 3)).isEqualTo(3);
      assertThat(asked).hasValue(2);
    }
  }
}
