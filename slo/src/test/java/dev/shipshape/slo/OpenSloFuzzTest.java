package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shipshape.time.config.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the OpenSLO loader: any input gives definitions or the documented {@link
 * SloDefinitionException}, nothing else. The normal build replays the seed corpus in {@code
 * OpenSloFuzzTestInputs/parsesOrRefuses}.
 */
class OpenSloFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void parsesOrRefuses(byte[] input) {
    String yaml = new String(input, StandardCharsets.UTF_8);
    List<SloDefinition> slos;
    try {
      slos = OpenSlo.parse(yaml, "fuzz.yaml");
    } catch (SloDefinitionException e) {
      assertThat(e.problems().stream().map(ConfigProblem::message).toList())
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p).contains(" was ").contains(" but ").endsWith("expected"));
      return;
    }
    assertThat(slos).isNotEmpty();
    for (SloDefinition slo : slos) {
      assertThat(slo.objective()).isStrictlyBetween(0.0, 1.0);
      assertThat(slo.toBuilder().build()).isEqualTo(slo);
    }
  }
}
