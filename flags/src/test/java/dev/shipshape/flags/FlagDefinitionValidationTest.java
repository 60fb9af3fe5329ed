package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlagDefinitionValidationTest {

  private static List<String> problems(String json) {
    return problems(json, FlagLimits.defaults());
  }

  private static List<String> problems(String json, FlagLimits limits) {
    try {
      FlagSet.parse(json, "flags.json", limits);
    } catch (FlagDefinitionException e) {
      assertThat(e.origin()).isEqualTo("flags.json");
      assertThat(e.getMessage()).startsWith("flags.json: ");
      return e.problems();
    }
    throw new AssertionError("expected the document to be refused: " + json);
  }

  @Test
  void namesTheBadDefaultVariantWithItsPointerAndTheChoices() {
    assertThat(
            problems(
                "{\"flags\":{\"new-checkout\":{\"state\":\"ENABLED\","
                    + "\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"onn\"}}}"))
        .containsExactly("/flags/new-checkout/defaultVariant: 'onn' is not a variant (on, off)");
  }

  @Test
  void reportsEveryProblemOfADocumentAtOnce() {
    String json =
        "{\"flags\":{"
            + "\"a\":{\"state\":\"ON\",\"variants\":{\"x\":true},\"defaultVariant\":\"x\"},"
            + "\"b\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":\"no\"}},"
            + "\"c\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"regex\":[{\"var\":\"email\"},\".*\"]}},"
            + "\"d\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"if\":[{\"$ref\":\"beta\"},\"x\",null]}},"
            + "\"e\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1,\"y\":2},"
            + "\"targeting\":{\"fractional\":[[\"x\",12.5],[\"y\",87.5]]}},"
            + "\"f/g\":{\"state\":\"ENABLED\",\"variants\":{}}"
            + "},\"$evaluators\":{\"internal\":{\"==\":[1,1]}}}";
    assertThat(problems(json))
        .containsExactly(
            "/flags/a/state: 'ON' is not a state (ENABLED, DISABLED)",
            "/flags/b/variants/off: is a string but variant 'on' is a boolean"
                + " (all variants of a flag must have one type)",
            "/flags/c/targeting/regex: 'regex' is not a supported operator",
            "/flags/d/targeting/if/0/$ref: 'beta' is not an evaluator (internal)",
            "/flags/e/targeting/fractional/0/1: weight was '12.5' but must be an integer",
            "/flags/e/targeting/fractional/1/1: weight was '87.5' but must be an integer",
            "/flags/f~1g/variants: was '{}' but must be a non-empty object");
  }

  @Test
  void refusesStructuralMistakes() {
    assertThat(problems("[]")).containsExactly("/: document was '[]' but must be a JSON object");
    assertThat(problems("{}"))
        .containsExactly("/flags: is missing but must be an object of flag definitions");
    assertThat(problems("{\"flags\":{\"a\":{\"variants\":{\"x\":1}}}}"))
        .containsExactly("/flags/a/state: is missing but must be ENABLED or DISABLED");
    assertThat(problems("{\"flags\":{\"a\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"metadata\":{\"owner\":{\"team\":1}}}}}"))
        .containsExactly("/flags/a/metadata/owner: was '{\"team\":1}' but must be a string,"
            + " number or boolean");
  }

  @Test
  void refusesACycleOfEvaluators() {
    assertThat(
            problems(
                "{\"flags\":{\"a\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
                    + "\"targeting\":{\"$ref\":\"p\"}}},"
                    + "\"$evaluators\":{\"p\":{\"!\":{\"$ref\":\"q\"}},\"q\":{\"$ref\":\"p\"}}}"))
        .singleElement()
        .asString()
        .contains("refers to itself");
  }

  @Test
  void invalidJsonIsReportedWithLineAndColumn() {
    assertThat(problems("{\"flags\": {\n  \"a\": tru }}"))
        .singleElement()
        .asString()
        .startsWith("line 2, column ")
        .contains("invalid JSON");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThat(
            problems(
                "{\"flags\":{\"a\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1}},"
                    + "\"a\":{\"state\":\"DISABLED\",\"variants\":{\"x\":1}}}}"))
        .singleElement()
        .asString()
        .contains("invalid JSON: Duplicate field 'a'");
  }

  @Test
  void aDocumentNestedAHundredThousandLevelsIsRefusedWithTheDepthError() {
    String deep = "{\"flags\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThat(problems(deep))
        .singleElement()
        .asString()
        .contains("nesting was deeper than 64 levels but must be at most 64 (maxDepth)");
    String deepRule =
        "{\"flags\":{\"a\":{\"state\":\"ENABLED\",\"variants\":{\"x\":true},\"targeting\":"
            + "{\"!\":".repeat(70) + "true" + "}".repeat(70) + "}}}";
    assertThat(problems(deepRule)).singleElement().asString().contains("(maxDepth)");
  }

  @Test
  void deepRulesThroughEvaluatorsHitTheDepthLimitToo() {
    StringBuilder ev = new StringBuilder("{");
    for (int i = 0; i < 40; i++) {
      ev.append("\"e").append(i).append("\":{\"!\":[{\"!\":[{\"$ref\":\"e").append(i + 1)
          .append("\"}]}]},");
    }
    ev.append("\"e40\":true}");
    String json =
        "{\"flags\":{\"a\":{\"state\":\"ENABLED\",\"variants\":{\"x\":true},"
            + "\"targeting\":{\"$ref\":\"e0\"}}},\"$evaluators\":" + ev + "}";
    assertThat(problems(json)).singleElement().asString().contains("deeper than the limit of 64");
  }

  @Test
  void enforcesDocumentSizeAndFlagCountLimits() {
    String two =
        "{\"flags\":{\"a\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1}},"
            + "\"b\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1}}}}";
    assertThat(problems(two, new FlagLimits(50, 64, 10)))
        .containsExactly("/: document size was more than 50 bytes but must be at most 50"
            + " (maxDocumentBytes)");
    assertThat(problems(two, new FlagLimits(10_000, 64, 1)))
        .containsExactly("/flags: flag count was 2 but must be at most 1 (maxFlags)");
  }

  @Test
  void limitsReportEveryBadSettingAtOnce() {
    assertThatThrownBy(() -> new FlagLimits(0, 2, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "maxDocumentBytes was '0' but must be positive; maxDepth was '2' but must be between"
                + " 4 and 10000; maxFlags was '-1' but must be positive");
    assertThat(FlagLimits.defaults())
        .isEqualTo(new FlagLimits(10L * 1024 * 1024, 64, 10_000));
  }

  @Test
  void exposesDefinitionsAndTwoWaySplits() {
    FlagSet set =
        FlagSet.parse(
            "{\"flags\":{\"new-checkout\":{\"state\":\"ENABLED\","
                + "\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\","
                + "\"targeting\":{\"fractional\":[[\"on\",5],[\"off\",95]]},"
                + "\"metadata\":{\"owner\":\"payments\"}},"
                + "\"banner\":{\"state\":\"DISABLED\",\"variants\":{\"a\":\"A\"},"
                + "\"targeting\":{\"fractional\":[{\"var\":\"email\"},[\"a\",{\"+\":[1,1]}]]}}},"
                + "\"metadata\":{\"flagSetId\":\"shop\"}}",
            "inline");
    assertThat(set.keys()).containsExactly("new-checkout", "banner");
    assertThat(set.metadata()).containsEntry("flagSetId", "shop");
    FlagDefinition d = set.definition("new-checkout").orElseThrow();
    assertThat(d.state()).isEqualTo(FlagState.ENABLED);
    assertThat(d.variants()).containsExactly(
        java.util.Map.entry("on", true), java.util.Map.entry("off", false));
    assertThat(d.defaultVariant()).contains("off");
    assertThat(d.metadata()).containsEntry("owner", "payments");
    assertThat(d.fractionalSplit())
        .contains(
            new FractionalSplit(
                "flagKey + targetingKey",
                List.of(new FractionalSplit.Bucket("on", 5), new FractionalSplit.Bucket("off", 95))));
    FlagDefinition banner = set.definition("banner").orElseThrow();
    assertThat(banner.state()).isEqualTo(FlagState.DISABLED);
    assertThat(banner.fractionalSplit()).isEmpty();
    assertThat(set.definition("nope")).isEmpty();
  }
}
