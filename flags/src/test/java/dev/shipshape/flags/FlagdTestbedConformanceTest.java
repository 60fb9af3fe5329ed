package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.testsupport.FlagdTestbed;
import dev.shipshape.time.config.ConfigProblem;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conformance vectors of open-feature/flagd-testbed, transcribed as data.
 *
 * <p>Flags: {@code evaluator/flags/testkit-flags.json} (in test-support, read through {@link
 * FlagdTestbed}). Scenarios: {@code
 * evaluator/gherkin/evaluation.feature}, {@code errors.feature}, {@code
 * no-default-variant.feature}, {@code targeting.feature}, {@code fractional.feature} (v2 and
 * nested), {@code semver.feature}, {@code string.feature} and {@code evaluator-refs.feature}.
 *
 * <p>One deliberate difference: the testbed expects {@code ref-to-nonexistent-evaluator-flag} to
 * load and fail at evaluation with PARSE_ERROR; Shipshape validates {@code $ref} at load and
 * refuses the document with a JSON pointer, so that flag is checked by {@link
 * #refToMissingEvaluatorIsRefusedAtLoadWithItsPointer()} and removed before the other vectors run.
 */
class FlagdTestbedConformanceTest {

  private static Flags flags;

  @BeforeAll
  static void load() {
    flags =
        Flags.builder().source(FlagSource.inMemory().setDocument(FlagdTestbed.loadable())).build();
  }

  @AfterAll
  static void close() {
    flags.close();
  }

  private static EvaluationContext userName(String name) {
    return EvaluationContext.builder().set("user", Map.of("name", name)).build();
  }

  private static EvaluationContext attr(String key, String value) {
    return EvaluationContext.builder().set(key, value).build();
  }

  @Test
  void refToMissingEvaluatorAndWrongArityAreRefusedAtLoadWithTheirPointers() {
    assertThatThrownBy(() -> FlagSet.parse(FlagdTestbed.testkit(), "testkit-flags.json"))
        .isInstanceOfSatisfying(
            FlagDefinitionException.class,
            e ->
                assertThat(e.problems().stream().map(ConfigProblem::message))
                    .containsExactly(
                        "/flags/ref-to-nonexistent-evaluator-flag/targeting/if/0/$ref"
                            + " was 'nonexistent_evaluator' but must be an evaluator (is_ballmer)",
                        "/flags/starts-with-wrong-args-flag/targeting/if/0/starts_with"
                            + " was '1 arguments' but must be 2 arguments",
                        "/flags/ends-with-wrong-args-flag/targeting/if/0/ends_with"
                            + " was '1 arguments' but must be 2 arguments",
                        "/flags/semver-wrong-args-flag/targeting/if/0/sem_ver"
                            + " was '2 arguments' but must be 3 arguments"));
  }

  // evaluation.feature: Resolve basic values
  @Test
  void resolvesBasicValuesOfEveryType() {
    EvaluationContext none = EvaluationContext.empty();
    assertThat(flags.booleanValue("boolean-flag", false, none)).isTrue();
    assertThat(flags.stringValue("string-flag", "bye", none)).isEqualTo("hi");
    assertThat(flags.intValue("integer-flag", 1, none)).isEqualTo(10);
    assertThat(flags.doubleValue("float-flag", 0.1, none)).isEqualTo(0.5);
    assertThat(flags.objectValue("object-flag", Map.of(), none))
        .isEqualTo(
            Map.of("showImages", true, "title", "Check out these pics!", "imagesPerPage", 100L));
    assertThat(flags.booleanDetails("boolean-flag", false).reason()).isEqualTo(Reason.STATIC);
  }

  // errors.feature: Flag not found, Type mismatch
  @Test
  void unknownFlagAndTypeMismatchReturnTheCallersDefault() {
    EvaluationDetails<String> missing = flags.stringDetails("missing-flag", "uh-oh");
    assertThat(missing.value()).isEqualTo("uh-oh");
    assertThat(missing.errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    EvaluationDetails<Integer> wrong =
        flags.intDetails("wrong-flag", 13, EvaluationContext.empty());
    assertThat(wrong.value()).isEqualTo(13);
    assertThat(wrong.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(wrong.reason()).isEqualTo(Reason.ERROR);
  }

  // errors.feature: Type mismatch across the value types
  @ParameterizedTest
  @CsvSource({
    "boolean-flag, String",
    "boolean-flag, Integer",
    "boolean-flag, Float",
    "string-flag, Boolean",
    "string-flag, Integer",
    "string-flag, Float",
    "integer-flag, Boolean",
    "integer-flag, String",
    "float-flag, Boolean",
    "float-flag, String"
  })
  void typeMismatchAcrossValueTypes(String key, String type) {
    EvaluationContext none = EvaluationContext.empty();
    EvaluationDetails<?> d;
    switch (type) {
      case "String":
        d = flags.stringDetails(key, "fallback", none);
        assertThat(d.value()).isEqualTo("fallback");
        break;
      case "Integer":
        d = flags.intDetails(key, 1, none);
        assertThat(d.value()).isEqualTo(1);
        break;
      case "Float":
        d = flags.doubleDetails(key, 0.1, none);
        assertThat(d.value()).isEqualTo(0.1);
        break;
      default:
        d = flags.booleanDetails(key, false, none);
        assertThat(d.value()).isEqualTo(false);
        break;
    }
    assertThat(d.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
  }

  // no-default-variant.feature
  @Test
  void flagsWithoutDefaultVariantFallBackToTheCallersDefault() {
    assertThat(flags.booleanDetails("null-default-flag", true).value()).isTrue();
    assertThat(flags.booleanDetails("null-default-flag", true).reason()).isEqualTo(Reason.DEFAULT);
    assertThat(flags.booleanDetails("null-default-flag", false).value()).isFalse();
    EvaluationDetails<Integer> undefined =
        flags.intDetails("undefined-default-flag", 100, EvaluationContext.empty());
    assertThat(undefined.value()).isEqualTo(100);
    assertThat(undefined.reason()).isEqualTo(Reason.DEFAULT);
    EvaluationDetails<String> woz =
        flags.stringDetails(
            "no-default-flag-null-targeting-variant",
            "Inventor",
            attr("email", "wozniak@orange.com"));
    assertThat(woz.value()).isEqualTo("Inventor");
    assertThat(woz.reason()).isEqualTo(Reason.DEFAULT);
    EvaluationDetails<String> jobs =
        flags.stringDetails(
            "no-default-flag-null-targeting-variant", "CEO", attr("email", "jobs@orange.com"));
    assertThat(jobs.value()).isEqualTo("CEO");
    assertThat(jobs.reason()).isEqualTo(Reason.TARGETING_MATCH);
    EvaluationDetails<String> retired =
        flags.stringDetails(
            "no-default-flag-undefined-targeting-variant", "Retired",
            attr("email", "wozniak@orange.com"));
    assertThat(retired.value()).isEqualTo("Retired");
    assertThat(retired.reason()).isEqualTo(Reason.DEFAULT);
  }

  // targeting.feature: Targeting by targeting key
  @ParameterizedTest
  @CsvSource({
    "5c3d8535-f81a-4478-a6d3-afaa4d51199e, hit, TARGETING_MATCH",
    "f20bd32d-703b-48b6-bc8e-79d53c85134a, miss, DEFAULT"
  })
  void targetsByTargetingKey(String key, String value, Reason reason) {
    EvaluationDetails<String> d =
        flags.stringDetails("targeting-key-flag", "fallback", EvaluationContext.of(key));
    assertThat(d.value()).isEqualTo(value);
    assertThat(d.reason()).isEqualTo(reason);
  }

  // fractional.feature: Fractional operator (v2)
  @ParameterizedTest
  @CsvSource({"jack, hearts", "queen, spades", "ten, clubs", "nine, diamonds", "3, clubs"})
  void fractionalV2(String name, String value) {
    EvaluationDetails<String> d =
        flags.stringDetails("fractional-flag", "fallback", userName(name));
    assertThat(d.value()).isEqualTo(value);
    assertThat(d.reason()).isEqualTo(Reason.SPLIT);
  }

  // fractional.feature: Fractional operator shorthand (v2)
  @ParameterizedTest
  @CsvSource({"jon@company.com, heads", "jane@company.com, tails"})
  void fractionalShorthandV2(String targetingKey, String value) {
    assertThat(
            flags.stringValue(
                "fractional-flag-shorthand", "fallback", EvaluationContext.of(targetingKey)))
        .isEqualTo(value);
  }

  // fractional.feature: Fractional operator with shared seed (v2), and the second flag
  @ParameterizedTest
  @CsvSource({
    "seven, hearts, ace-of-hearts",
    "eight, diamonds, ace-of-diamonds",
    "nine, clubs, ace-of-clubs",
    "two, spades, ace-of-spades"
  })
  void fractionalSharedSeedV2(String name, String a, String b) {
    assertThat(flags.stringValue("fractional-flag-A-shared-seed", "fallback", userName(name)))
        .isEqualTo(a);
    assertThat(flags.stringValue("fractional-flag-B-shared-seed", "fallback", userName(name)))
        .isEqualTo(b);
  }

  // fractional.feature: Fractional operator hash edge cases
  @ParameterizedTest
  @CsvSource({
    "ejOoVL, lower", "bY9fO-, lower", "SI7p-, lower", "6LvT0, upper", "ceQdGm, upper"
  })
  void fractionalHashEdgeCases(String key, String value) {
    assertThat(
            flags.stringValue("fractional-hash-edge-flag", "fallback", EvaluationContext.of(key)))
        .isEqualTo(value);
  }

  // fractional.feature: nested if expression as variant name, and as weight
  @ParameterizedTest(name = "{0}: {1} with tier {2} gets {3}")
  @CsvSource({
    "fractional-nested-if-flag, jon@company.com, premium, premium",
    "fractional-nested-if-flag, jon@company.com, basic, standard",
    "fractional-nested-if-flag, user1, premium, standard",
    "fractional-nested-if-flag, user1, basic, standard",
    "fractional-nested-weight-flag, jon@company.com, premium, red",
    "fractional-nested-weight-flag, jon@company.com, basic, blue",
    "fractional-nested-weight-flag, user1, premium, red",
    "fractional-nested-weight-flag, user1, basic, blue"
  })
  void fractionalNestedIfAsVariantNameOrWeight(String flag, String key, String tier, String value) {
    EvaluationContext ctx = EvaluationContext.builder().targetingKey(key).set("tier", tier).build();
    assertThat(flags.stringValue(flag, "fallback", ctx)).isEqualTo(value);
  }

  // fractional.feature: nested var expression as variant name
  @ParameterizedTest
  @CsvSource({
    "jon@company.com, red, red",
    "jon@company.com, green, green",
    "user1, red, blue",
    "jon@company.com, yellow, fallback",
    "jon@company.com, '', fallback"
  })
  void fractionalNestedVarAsVariantName(String key, String color, String value) {
    EvaluationContext.Builder b = EvaluationContext.builder().targetingKey(key);
    if (!color.isEmpty()) {
      b.set("color", color);
    }
    assertThat(flags.stringValue("fractional-nested-var-flag", "fallback", b.build()))
        .isEqualTo(value);
  }

  // fractional.feature: Fractional as condition
  @Test
  void fractionalAsCondition() {
    assertThat(
            flags.stringValue(
                "fractional-as-condition-flag", "zero", EvaluationContext.of("some-targeting-key")))
        .isEqualTo("hundreds");
    assertThat(
            flags.stringValue(
                "fractional-as-condition-false-flag", "zero",
                EvaluationContext.of("some-targeting-key")))
        .isEqualTo("ones");
  }

  // fractional.feature bucketing by cat($flagd.flagKey, user.name): a user without a name is
  // hashed on the flag key alone, as flagd joins a missing value as "" (it was hashed on
  // "fractional-flagnull", which lands in another bucket)
  @Test
  void aMissingBucketingAttributeJoinsAsNothingInsideCat() {
    EvaluationContext none = EvaluationContext.of("some-key");
    EvaluationContext empty =
        EvaluationContext.builder()
            .targetingKey("some-key")
            .set("user", Map.of("name", ""))
            .build();
    EvaluationContext literalNull =
        EvaluationContext.builder()
            .targetingKey("some-key")
            .set("user", Map.of("name", "null"))
            .build();
    String expected = flags.stringValue("fractional-flag", "wrong", empty);
    assertThat(flags.stringValue("fractional-flag", "wrong", none)).isEqualTo(expected);
    assertThat(flags.stringValue("fractional-flag", "wrong", literalNull)).isNotEqualTo(expected);
  }

  // semver.feature: Numeric comparison, Semantic comparison, edge cases, operator errors
  @ParameterizedTest
  @CsvSource({
    "equal-greater-lesser-version-flag, 2.0.0, equal",
    "equal-greater-lesser-version-flag, 2.1.0, greater",
    "equal-greater-lesser-version-flag, 1.9.0, lesser",
    "equal-greater-lesser-version-flag, 2.0.0-alpha, lesser",
    "equal-greater-lesser-version-flag, 2.0.0.0, none",
    "major-minor-version-flag, 3.0.1, minor",
    "major-minor-version-flag, 3.1.0, major",
    "major-minor-version-flag, 4.0.0, none",
    "semver-v-prefix-flag, 1.0.0, match",
    "semver-v-prefix-flag, v1.0.0, match",
    "semver-v-prefix-flag, 2.0.0, no-match",
    "semver-partial-version-flag, 1.5.0, match",
    "semver-partial-version-flag, 1.0.0, match",
    "semver-partial-version-flag, 2.0.0, no-match",
    "semver-build-metadata-flag, 1.0.0, match",
    "semver-build-metadata-flag, 1.0.0+other, match",
    "semver-build-metadata-flag, 2.0.0, no-match",
    "semver-invalid-version-flag, not-a-version, fallback",
    "semver-invalid-operator-flag, 1.0.0, fallback"
  })
  void semver(String key, String version, String value) {
    assertThat(flags.stringValue(key, "wrong", attr("version", version))).isEqualTo(value);
  }

  // string.feature: Substring operators
  @ParameterizedTest
  @CsvSource({"abcdef, prefix", "uvwxyz, postfix", "abcxyz, prefix", "lmnopq, none"})
  void startsWithAndEndsWith(String id, String value) {
    assertThat(flags.stringValue("starts-ends-flag", "fallback", attr("id", id))).isEqualTo(value);
  }

  // string.feature: operator errors return null, so the default variant is selected
  @ParameterizedTest
  @CsvSource({"starts-with-non-string-flag", "ends-with-non-string-flag"})
  void startsEndsErrorsSelectTheDefaultVariant(String key) {
    EvaluationContext ctx = EvaluationContext.builder().set("num", 123L).build();
    EvaluationDetails<String> d = flags.stringDetails(key, "wrong", ctx);
    assertThat(d.value()).isEqualTo("fallback");
    assertThat(d.reason()).isEqualTo(Reason.DEFAULT);
  }

  // evaluator-refs.feature
  @ParameterizedTest
  @CsvSource({
    "some-email-targeted-flag, ballmer@macrosoft.com, hi",
    "some-other-email-targeted-flag, ballmer@macrosoft.com, yes",
    "ref-whitespace-compact-flag, ballmer@macrosoft.com, hi",
    "ref-whitespace-space-after-colon-flag, ballmer@macrosoft.com, hi",
    "ref-whitespace-space-around-colon-flag, ballmer@macrosoft.com, hi",
    "ref-whitespace-compact-flag, user@example.com, bye",
    "ref-whitespace-space-after-colon-flag, user@example.com, bye",
    "ref-whitespace-space-around-colon-flag, user@example.com, bye"
  })
  void evaluatorRefs(String key, String email, String value) {
    EvaluationDetails<String> d = flags.stringDetails(key, "fallback", attr("email", email));
    assertThat(d.value()).isEqualTo(value);
    assertThat(d.reason()).isEqualTo(Reason.TARGETING_MATCH);
  }

  @Test
  void metadataFlagCarriesItsMetadata() {
    assertThat(flags.booleanDetails("metadata-flag", false).metadata())
        .isEqualTo(Map.of("string", "1.0.2", "integer", 2L, "boolean", true, "float", 0.1));
  }
}
