package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import dev.shipshape.time.config.ConfigProblem;
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
      assertThat(e.getMessage()).startsWith("invalid flag definitions in flags.json (");
      return e.problems().stream().map(ConfigProblem::message).toList();
    }
    throw new AssertionError("expected the document to be refused: " + json);
  }

  @Test
  void namesTheBadDefaultVariantWithItsPointerAndTheChoices() {
    assertThat(
            problems(
                "{\"flags\":{\"new-checkout\":{\"state\":\"ENABLED\","
                    + "\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"onn\"}}}"))
        .containsExactly(
            "/flags/new-checkout/defaultVariant was 'onn' but must be a variant (on, off)");
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
            "/flags/a/state was 'ON' but must be ENABLED or DISABLED",
            "/flags/b/variants/off was '\"no\"' but must be a boolean like variant 'on', not a"
                + " string (all variants of a flag must have one type)",
            "/flags/c/targeting/regex was 'regex' but must be a supported operator",
            "/flags/d/targeting/if/0/$ref was 'beta' but must be an evaluator (internal)",
            "/flags/e/targeting/fractional/0/1 was '12.5' but must be an integer weight",
            "/flags/e/targeting/fractional/1/1 was '87.5' but must be an integer weight",
            "/flags/f~1g/variants was '{}' but must be a non-empty object");
  }

  @Test
  void refusesStructuralMistakes() {
    assertThat(problems("[]")).containsExactly("/ was '[]' but must be a JSON object");
    assertThat(problems("{}"))
        .containsExactly("/flags was missing but must be an object of flag definitions");
    assertThat(problems("{\"flags\":{\"a\":{\"variants\":{\"x\":1}}}}"))
        .containsExactly("/flags/a/state was missing but must be ENABLED or DISABLED");
    assertThat(problems("{\"flags\":{\"a\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"metadata\":{\"owner\":{\"team\":1}}}}}"))
        .containsExactly("/flags/a/metadata/owner was '{\"team\":1}' but must be a string,"
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
        .contains("must not refer to itself");
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
        .contains("was 'invalid JSON' but must be JSON: Duplicate field 'a'");
  }

  @Test
  void aDocumentNestedAHundredThousandLevelsIsRefusedWithTheDepthError() {
    String deep = "{\"flags\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThat(problems(deep))
        .singleElement()
        .asString()
        .contains(
            "was 'nested deeper than 64 levels' but must be at most 64 levels deep (maxDepth)");
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
    assertThat(problems(json)).singleElement().asString().contains("must nest at most 64 deep");
  }

  @Test
  void enforcesDocumentSizeAndFlagCountLimits() {
    String two =
        "{\"flags\":{\"a\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1}},"
            + "\"b\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1}}}}";
    assertThat(problems(two, new FlagLimits(50, 64, 10)))
        .containsExactly("/ was 'more than 50 bytes' but must be at most 50 bytes"
            + " (maxDocumentBytes)");
    assertThat(problems(two, new FlagLimits(10_000, 64, 1)))
        .containsExactly("/flags was '2 flags' but must hold at most 1 flags (maxFlags)");
  }

  @Test
  void limitsReportEveryBadSettingAtOnce() {
    assertThatThrownBy(() -> new FlagLimits(0, 2, -1))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessage(
            "invalid flag limits (3 problems)\n"
                + "  - maxDocumentBytes was '0' but must be positive\n"
                + "  - maxDepth was '2' but must be between 4 and 10000\n"
                + "  - maxFlags was '-1' but must be positive")
        .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
        .extracting(ConfigProblem::setting, ConfigProblem::value, ConfigProblem::expected)
        .containsExactly(
            tuple("maxDocumentBytes", "0", "must be positive"),
            tuple("maxDepth", "2", "must be between 4 and 10000"),
            tuple("maxFlags", "-1", "must be positive"));
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
                List.of(
                    new FractionalSplit.Bucket("on", 5), new FractionalSplit.Bucket("off", 95))));
    FlagDefinition banner = set.definition("banner").orElseThrow();
    assertThat(banner.hasTargeting()).isTrue();
    FlagDefinition plain =
        FlagSet.parse("{\"flags\":{\"p\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1}}}}", "p")
            .definition("p")
            .orElseThrow();
    assertThat(plain.hasTargeting()).isFalse();
    assertThat(plain.targeting()).isEmpty();
    assertThat(banner.state()).isEqualTo(FlagState.DISABLED);
    assertThat(banner.fractionalSplit()).isEmpty();
    assertThat(set.definition("nope")).isEmpty();
  }

  // ---------------------------------------------------------------- $ref expansion

  private static final String LEAF = "{\"==\":[{\"var\":\"email\"},\"x@example.com\"]}";

  /**
   * A document whose evaluators e0 .. e{levels-1} each refer to the next {@code fanout} times,
   * e{levels} being {@code leaf}; flag {@code bomb} targets {@code if e0 then on else off}.
   */
  static String refBomb(int levels, int fanout, String leaf) {
    StringBuilder ev = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      ev.append("\"e").append(i).append("\":{\"and\":[");
      for (int j = 0; j < fanout; j++) {
        ev.append(j == 0 ? "" : ",").append("{\"$ref\":\"e").append(i + 1).append("\"}");
      }
      ev.append("]},");
    }
    ev.append("\"e").append(levels).append("\":").append(leaf);
    return "{\"flags\":{\"bomb\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
        + "\"defaultVariant\":\"off\",\"targeting\":{\"if\":[{\"$ref\":\"e0\"},\"on\",\"off\"]}}},"
        + "\"$evaluators\":{" + ev + "}}";
  }

  /** The compact JSON size of the bomb's rule once inlined, from the shape of its text. */
  static long expandedBombBytes(int levels, int fanout, String leaf) {
    long size = leaf.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    for (int i = 0; i < levels; i++) {
      size = "{\"and\":[".length() + fanout * size + (fanout - 1) + "]}".length();
    }
    return "{\"if\":[".length() + size + ",\"on\",\"off\"]}".length();
  }

  @Test
  void aSmallDocumentWhoseEvaluatorsExpandPastTheRuleLimitIsRefusedAtOnceNamingTheLimit() {
    // Regression: ten levels of four $refs each (under a kilobyte) were copied out in full and
    // exhausted a 512 MB heap while loading.
    String bomb = refBomb(10, 4, LEAF);
    assertThat(bomb.length()).isLessThan(1024);
    List<String> problems =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(5), () -> problems(bomb));
    assertThat(problems)
        .containsExactly(
            "/flags/bomb/targeting was '"
                + expandedBombBytes(10, 4, LEAF)
                + " bytes once every $ref is inlined' but must be at most 10485760 bytes"
                + " (maxRuleBytes)");
  }

  @Test
  void evaluatorsReferredToManyTimesAreSharedSoALargeExpansionLoadsInLinearTime() {
    // 4^8 = 65,536 uses of the leaf, about 2.3 MB once inlined, from a document of 800 bytes
    String doc = refBomb(8, 4, LEAF);
    FlagSet set =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(5), () -> FlagSet.parse(doc, "shared.json"));
    assertThat(set.definition("bomb").orElseThrow().hasTargeting()).isTrue();
    String inlined = set.definition("bomb").orElseThrow().targeting().orElseThrow();
    assertThat((long) inlined.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isEqualTo(expandedBombBytes(8, 4, LEAF));
    try (Flags flags = Flags.builder().source(FlagSource.inMemory().setDocument(doc)).build()) {
      assertThat(
              flags.booleanValue(
                  "bomb", false, EvaluationContext.builder().set("email", "x@example.com").build()))
          .isTrue();
      assertThat(
              flags.booleanValue(
                  "bomb", true, EvaluationContext.builder().set("email", "y@example.com").build()))
          .isFalse();
    }
  }

  @Test
  void theRuleLimitCountsTheInlinedJsonExactlyEscapesAndMultiByteCharactersIncluded() {
    String leaf = "{\"==\":[{\"var\":\"name\"},\"Zo\u00eb \\\"\\n\\u0001 \\ud83d\\ude00\"]}";
    String doc = refBomb(2, 3, leaf);
    long size =
        FlagSet.parse(doc, "x")
            .definition("bomb")
            .orElseThrow()
            .targeting()
            .orElseThrow()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)
            .length;
    assertThat(FlagSet.parse(doc, "x", new FlagLimits(1 << 20, 64, 10, size)).keys())
        .containsExactly("bomb");
    assertThat(problems(doc, new FlagLimits(1 << 20, 64, 10, size - 1)))
        .containsExactly(
            "/flags/bomb/targeting was '" + size + " bytes once every $ref is inlined' but must"
                + " be at most " + (size - 1) + " bytes (maxRuleBytes)");
  }

  @Test
  void aRuleWithoutRefsIsNeverOverTheDefaultRuleLimit() {
    assertThat(FlagLimits.defaults().maxRuleBytes())
        .isEqualTo(FlagLimits.defaults().maxDocumentBytes());
    assertThat(new FlagLimits(4096, 64, 10).maxRuleBytes()).isEqualTo(4096);
    assertThatThrownBy(() -> new FlagLimits(10, 64, 10, 0))
        .isInstanceOf(FlagsConfigException.class)
        .extracting(e -> ((FlagsConfigException) e).problems())
        .isEqualTo(List.of(ConfigProblem.of("maxRuleBytes", 0, "must be positive")));
  }

  @Test
  void reloadingADocumentWithSharedEvaluatorsReportsOnlyTheFlagsWhoseRulesChanged() {
    String before =
        "{\"flags\":{"
            + "\"a\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
            + "\"targeting\":{\"if\":[{\"$ref\":\"staff\"},\"on\",\"off\"]}},"
            + "\"b\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
            + "\"targeting\":{\"if\":[{\"$ref\":\"beta\"},\"on\",\"off\"]}}},"
            + "\"$evaluators\":{\"staff\":{\"ends_with\":[{\"var\":\"email\"},\"@a.com\"]},"
            + "\"beta\":{\"or\":[{\"$ref\":\"staff\"},{\"var\":\"beta\"}]},"
            + "\"unused\":true}}";
    List<FlagSetChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
    InMemoryFlagSource source = FlagSource.inMemory().setDocument(before);
    try (Flags flags =
        Flags.builder()
            .source(source)
            .listener(
                Listen.toChanges(changes::add))
            .build()) {
      changes.clear();
      source.setDocument(before.replace("\"unused\":true", "\"unused\":false"));
      assertThat(changes).isEmpty();
      // "staff" is behind both flags, "a" directly and "b" through "beta"
      source.setDocument(before.replace("@a.com", "@b.com"));
      assertThat(changes)
          .singleElement()
          .satisfies(c -> assertThat(c.changed()).containsExactlyInAnyOrder("a", "b"));
      assertThat(
              flags.booleanValue(
                  "b", false, EvaluationContext.builder().set("email", "x@b.com").build()))
          .isTrue();
    }
  }

  // ---------------------------------------------------------------- parser limits and numbers

  @Test
  void aNumberOfFiveThousandDigitsNamesTheNumberLengthLimit() {
    // Regression: every parser limit was reported as "nesting was deeper than 64 levels".
    String doc =
        "{\"flags\":{\"a\":{\"state\":\"ENABLED\",\"variants\":{\"x\":" + "9".repeat(5000)
            + "}}}}";
    assertThat(problems(doc))
        .singleElement()
        .asString()
        .matches("line 1, column \\d+ was 'a number longer than 1000 characters' but must be at"
            + " most 1000 characters long");
  }

  @Test
  void aKeyOfAHundredThousandCharactersNamesTheKeyLengthLimit() {
    String doc = "{\"flags\":{\"" + "k".repeat(100_000) + "\":{}}}";
    assertThat(problems(doc))
        .singleElement()
        .asString()
        .matches("line 1, column \\d+ was 'a key longer than 50000 characters' but must be at most"
            + " 50000 characters long");
  }

  @Test
  void numbersBeyondALongOrADoubleAreRefusedInsteadOfChangingValue() {
    // Regression: 1e400 loaded as Infinity and 2^64 silently became a double.
    String doc =
        "{\"flags\":{\"a\":{\"state\":\"ENABLED\",\"variants\":{\"big\":1e400,\"small\":1},"
            + "\"defaultVariant\":\"small\"},"
            + "\"b\":{\"state\":\"ENABLED\",\"variants\":{\"x\":18446744073709551616}},"
            + "\"c\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"if\":[{\"<\":[{\"var\":\"n\"},-1e999]},\"x\",null]}}}}";
    assertThat(problems(doc))
        .containsExactly(
            "/flags/a/variants/big was 'a number beyond the range of a double' but must be at most"
                + " 1.7976931348623157E308 in magnitude",
            "/flags/b/variants/x was '18446744073709551616' but must be an integer between"
                + " -9223372036854775808 and 9223372036854775807",
            "/flags/c/targeting/if/0/</1 was 'a number beyond the range of a double' but must be at"
                + " most 1.7976931348623157E308 in magnitude");
    assertThat(
            FlagSet.parse(
                    "{\"flags\":{\"a\":{\"state\":\"ENABLED\","
                        + "\"variants\":{\"max\":9223372036854775807,\"min\":-9223372036854775808,"
                        + "\"tiny\":1e-400}}}}",
                    "x")
                .definition("a")
                .orElseThrow()
                .variants())
        .containsEntry("max", Long.MAX_VALUE)
        .containsEntry("min", Long.MIN_VALUE)
        .containsEntry("tiny", 0.0);
  }

  // ---------------------------------------------------------------- operator arity

  @Test
  void semVerStartsWithAndEndsWithAreRefusedWithTheWrongNumberOfArguments() {
    // Regression: these loaded and quietly evaluated to the default variant.
    String doc =
        "{\"flags\":{"
            + "\"s\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"if\":[{\"sem_ver\":[{\"var\":\"v\"},\">=\"]},\"x\",null]}},"
            + "\"p\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"if\":[{\"starts_with\":[\"abc\"]},\"x\",null]}},"
            + "\"q\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"if\":[{\"starts_with\":[\"a\",\"b\",\"c\",\"d\"]},\"x\",null]}},"
            + "\"r\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"ends_with\":\"abc\"}},"
            + "\"t\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"if\":[{\"ends_with\":[1,2,3,4]},\"x\",null]}},"
            + "\"u\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"sem_ver\":[\"1.0.0\",\"=\",\"1.0.0\",\"2.0.0\"]}}}}";
    assertThat(problems(doc))
        .containsExactly(
            "/flags/s/targeting/if/0/sem_ver was '2 arguments' but must be 3 arguments",
            "/flags/p/targeting/if/0/starts_with was '1 arguments' but must be 2 arguments",
            "/flags/q/targeting/if/0/starts_with was '4 arguments' but must be 2 arguments",
            "/flags/r/targeting/ends_with was '1 arguments' but must be 2 arguments",
            "/flags/t/targeting/if/0/ends_with was '4 arguments' but must be 2 arguments",
            "/flags/u/targeting/sem_ver was '4 arguments' but must be 3 arguments");
  }
}
