package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes the loader: any input either yields flags that evaluate without throwing, or is refused
 * with {@link FlagDefinitionException} listing at least one problem. The seed corpus under
 * {@code src/test/resources/dev/shipshape/flags/FlagSetParserFuzzTestInputs} is replayed by the
 * normal build.
 */
class FlagSetParserFuzzTest {

  private static final EvaluationContext CTX =
      EvaluationContext.builder()
          .targetingKey("fuzz")
          .set("email", "a@example.com")
          .set("version", "1.2.3")
          .set("n", 3L)
          .set("user", Map.of("name", "x"))
          .build();

  @FuzzTest(maxDuration = "30s")
  void loaderReturnsFlagsOrThrowsTheDocumentedException(byte[] input) {
    String json = new String(input, StandardCharsets.UTF_8);
    FlagSet set;
    try {
      set = FlagSet.parse(json, "fuzz");
    } catch (FlagDefinitionException e) {
      assertThat(e.problems().stream().map(ConfigProblem::message).toList()).isNotEmpty();
      return;
    }
    try (Flags flags =
        Flags.builder()
            .clock(ManualClock.create())
            .source(FlagSource.inMemory().setDocument(json))
            .build()) {
      assertThat(flags.flagSet().keys()).isEqualTo(set.keys());
      for (String key : set.keys()) {
        flags.booleanDetails(key, false, CTX);
        flags.stringDetails(key, "", CTX);
        flags.doubleDetails(key, 0, CTX);
        flags.objectDetails(key, Map.of(), CTX);
        flags.booleanValue(key, false);
        flags.stringValue(key, "");
        flags.longValue(key, 0, CTX);
      }
    }
  }
}
