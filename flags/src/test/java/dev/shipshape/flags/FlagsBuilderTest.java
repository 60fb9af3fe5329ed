package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import org.junit.jupiter.api.Test;

class FlagsBuilderTest {

  private static final String UNIQUE = "source names must be unique";

  private final ManualClock clock = ManualClock.create();

  /** A builder on the test's clock with a classpath source for each resource, in order. */
  private Flags.Builder withClasspathSources(String... resources) {
    Flags.Builder b = Flags.builder().clock(clock);
    for (String resource : resources) {
      b.source(FlagSource.classpath(resource));
    }
    return b;
  }

  @Test
  void problemsListEachDuplicateSourceNameOnceWithoutReadingAnySource() {
    Flags.Builder b =
        withClasspathSources(
            "missing-a.json",
            "missing-a.json",
            "missing-a.json",
            "missing-b.json",
            "missing-b.json");

    assertThat(b.problems())
        .containsExactly(
            ConfigProblem.of("sources[1]", "classpath:missing-a.json", UNIQUE),
            ConfigProblem.of("sources[4]", "classpath:missing-b.json", UNIQUE));
    assertThat(b.problems())
        .extracting(ConfigProblem::message)
        .containsExactly(
            "sources[1] was 'classpath:missing-a.json' but source names must be unique",
            "sources[4] was 'classpath:missing-b.json' but source names must be unique");
  }

  @Test
  void problemsNameASourceWithoutANameByItsPositionAndClass() {
    FlagSource blank =
        new FlagSource() {
          @Override
          public String name() {
            return "";
          }

          @Override
          public String read() {
            return "{\"flags\":{}}";
          }
        };
    Flags.Builder b = Flags.builder().source(FlagSource.classpath("a.json")).source(blank);

    assertThat(b.problems())
        .containsExactly(
            ConfigProblem.of(
                "sources[1]",
                blank.getClass().getName(),
                "its name() was '' (it must name the source)"));
  }

  @Test
  void aValidBuilderHasNoProblems() {
    assertThat(Flags.builder().problems()).isEmpty();
    assertThat(withClasspathSources("missing-a.json", "missing-b.json").problems()).isEmpty();
  }

  @Test
  void buildReportsEveryProblemAtOnce() {
    Flags.Builder b =
        withClasspathSources(
            "missing-a.json", "missing-a.json", "missing-b.json", "missing-b.json");

    assertThatThrownBy(b::build)
        .isInstanceOf(FlagsConfigException.class)
        .hasMessage(
            "invalid Flags configuration (2 problems)\n"
                + "  - sources[1] was 'classpath:missing-a.json' but source names must be unique\n"
                + "  - sources[3] was 'classpath:missing-b.json' but source names must be unique")
        .extracting(e -> ((FlagsConfigException) e).problems())
        .isEqualTo(b.problems());
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
