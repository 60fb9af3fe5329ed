package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.time.ManualClock;
import org.junit.jupiter.api.Test;

class FlagsBuilderTest {

  private final ManualClock clock = ManualClock.create();

  @Test
  void problemsListEachDuplicateSourceNameOnceWithoutReadingAnySource() {
    Flags.Builder b =
        Flags.builder()
            .clock(clock)
            .source(FlagSource.classpath("missing-a.json"))
            .source(FlagSource.classpath("missing-a.json"))
            .source(FlagSource.classpath("missing-a.json"))
            .source(FlagSource.classpath("missing-b.json"))
            .source(FlagSource.classpath("missing-b.json"));

    assertThat(b.problems())
        .containsExactly(
            "source was 'classpath:missing-a.json' but source names must be unique",
            "source was 'classpath:missing-b.json' but source names must be unique");
  }

  @Test
  void aValidBuilderHasNoProblems() {
    assertThat(Flags.builder().problems()).isEmpty();
    assertThat(
            Flags.builder()
                .source(FlagSource.classpath("missing-a.json"))
                .source(FlagSource.classpath("missing-b.json"))
                .problems())
        .isEmpty();
  }

  @Test
  void buildReportsEveryProblemAtOnce() {
    Flags.Builder b =
        Flags.builder()
            .clock(clock)
            .source(FlagSource.classpath("missing-a.json"))
            .source(FlagSource.classpath("missing-a.json"))
            .source(FlagSource.classpath("missing-b.json"))
            .source(FlagSource.classpath("missing-b.json"));

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(String.join("; ", b.problems()));
  }

  @Test
  void aCopyKeepsTheSettingsAndIsIndependentOfTheOriginal() {
    Flags.Builder original =
        Flags.builder().clock(clock).source(FlagSource.inMemory().putBoolean("first", true));
    Flags.Builder copy = original.copy();
    original.source(FlagSource.inMemory().putBoolean("second", true));
    copy.source(FlagSource.inMemory().putBoolean("third", true));

    try (Flags fromCopy = copy.build();
        Flags fromOriginal = original.build()) {
      assertThat(fromCopy.booleanValue("first", false)).isTrue();
      assertThat(fromCopy.booleanValue("third", false)).isTrue();
      assertThat(fromCopy.booleanValue("second", false)).isFalse();
      assertThat(fromOriginal.booleanValue("second", false)).isTrue();
      assertThat(fromOriginal.booleanValue("third", false)).isFalse();
    }
  }

  @Test
  void aCopyKeepsTheClock() {
    ManualClock later = ManualClock.create();
    later.advance(java.time.Duration.ofDays(400));
    Flags.Builder original =
        Flags.builder()
            .clock(later)
            .source(
                FlagSource.inMemory()
                    .putFlag(
                        "after",
                        "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
                            + "\"defaultVariant\":\"off\",\"targeting\":{\"if\":[{\">=\":"
                            + "[{\"var\":\"$flagd.timestamp\"},"
                            + (clock.instant().getEpochSecond() + 86_400)
                            + "]},\"on\",\"off\"]}}"));
    try (Flags flags = original.copy().build()) {
      assertThat(flags.booleanValue("after", false)).isTrue();
    }
  }
}
