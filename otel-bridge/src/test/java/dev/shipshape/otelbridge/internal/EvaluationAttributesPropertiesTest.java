package dev.shipshape.otelbridge.internal;

import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.Reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.core.telemetry.FlagEvaluated;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class EvaluationAttributesPropertiesTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final List<Reason> REASONS = List.of(Reason.values());
  private static final List<ErrorCode> ERRORS = List.of(ErrorCode.values());
  private static final Set<String> ALLOWED =
      Set.of(
          "feature_flag.key",
          "feature_flag.result.variant",
          "feature_flag.result.value",
          "feature_flag.result.reason",
          "feature_flag.provider.name",
          "feature_flag.set.id",
          "feature_flag.version",
          "error.type",
          "error.message");

  private static Object value(int kind, String text) {
    switch (kind) {
      case 0:
        return text.length() % 2 == 0;
      case 1:
        return text;
      case 2:
        return (long) text.length();
      case 3:
        return text.length() / 3.0;
      default:
        return Map.of("text", text, "list", List.of(text, 1, true));
    }
  }

  @Test
  void everyEvaluationFollowsTheFeatureFlagConventions() {
    qt().withExamples(400)
        .forAll(
            strings().allPossible().ofLengthBetween(0, 20),
            integers().between(-1, 5),
            integers().between(0, REASONS.size() - 1),
            integers().between(-1, ERRORS.size() - 1))
        .checkAssert(
            (text, variantOrValueKind, reasonIndex, errorIndex) -> {
              @Nullable String variant = variantOrValueKind < 0 ? "v-" + text : null;
              @Nullable ErrorCode error = errorIndex < 0 ? null : ERRORS.get(errorIndex);
              Reason reason = REASONS.get(reasonIndex);
              Map<String, Object> metadata = new LinkedHashMap<>();
              if (text.length() % 3 == 0) {
                metadata.put("flagSetId", text);
              }
              if (text.length() % 2 == 1) {
                metadata.put("version", text.length());
              }
              FlagEvaluated e =
                  new FlagEvaluated(
                      new EvaluationDetails<>(
                          "flag-" + text,
                          value(Math.max(variantOrValueKind, 0), text),
                          variant,
                          reason,
                          error,
                          error == null ? null : "because " + text,
                          metadata),
                      AT);

              Attributes a = OtelSpans.evaluationAttributes(e);
              List<String> names = new ArrayList<>();
              a.forEach((k, v) -> names.add(k.getKey()));
              assertThat(ALLOWED).containsAll(names);
              assertThat(a.get(AttributeKey.stringKey("feature_flag.key"))).isEqualTo("flag-" + text);
              assertThat(a.get(AttributeKey.stringKey("feature_flag.provider.name")))
                  .isEqualTo("shipshape");
              assertThat(a.get(AttributeKey.stringKey("feature_flag.result.reason")))
                  .isEqualTo(reason.name().toLowerCase(Locale.ROOT));
              assertThat(names.contains("feature_flag.result.variant"))
                  .as("variant present exactly when there is one")
                  .isEqualTo(variant != null);
              assertThat(names.contains("feature_flag.result.value"))
                  .as("value present exactly when there is no variant")
                  .isEqualTo(variant == null);
              assertThat(names.contains("error.type")).isEqualTo(error != null);
              assertThat(names.contains("error.message")).isEqualTo(error != null);
              if (error != null) {
                assertThat(a.get(AttributeKey.stringKey("error.type")))
                    .isEqualTo(error.name().toLowerCase(Locale.ROOT));
              }
              assertThat(a.get(AttributeKey.stringKey("feature_flag.set.id")))
                  .isEqualTo(metadata.containsKey("flagSetId") ? text : null);
              assertThat(a.get(AttributeKey.stringKey("feature_flag.version")))
                  .isEqualTo(
                      metadata.containsKey("version") ? String.valueOf(text.length()) : null);
            });
  }

  @Test
  void objectValuesAreJsonThatParsesBackToTheSameStructure() {
    qt().withExamples(400)
        .forAll(
            strings().allPossible().ofLengthBetween(0, 30),
            strings().basicLatinAlphabet().ofLengthBetween(0, 10),
            integers().all())
        .checkAssert(
            (text, key, number) -> {
              Map<String, Object> value = new LinkedHashMap<>();
              value.put(key + "s", text);
              value.put(key + "n", number);
              value.put(key + "l", List.of(text, true, Map.of("x", number)));
              String json = Json.write(value, Integer.MAX_VALUE);
              Object parsed;
              try {
                parsed = MAPPER.readValue(json, Object.class);
              } catch (Exception e) {
                throw new AssertionError("not JSON: " + json, e);
              }
              if (isWellFormedUtf16(text)) {
                assertThat(parsed).isEqualTo(value);
              }
            });
  }

  @Test
  void longObjectValuesAreCutAtTheLimit() {
    qt().withExamples(100)
        .forAll(integers().between(0, 3_000))
        .checkAssert(
            n -> {
              String json = Json.write(List.of("x".repeat(n)), Text.MAX_CHARS);
              assertThat(json.length()).isEqualTo(Math.min(n + 4, Text.MAX_CHARS));
            });
  }

  @Test
  void everyCutIsTheLongestPrefixWithinTheLimitThatKeepsSurrogatePairsWhole() {
    qt().withExamples(400)
        .forAll(strings().allPossible().ofLengthBetween(0, 40), integers().between(0, 30))
        .checkAssert(
            (text, maxChars) -> {
              String cut = Text.cut(text, maxChars);
              assertThat(text).startsWith(cut);
              if (text.length() <= maxChars) {
                assertThat(cut).isEqualTo(text);
              } else if (maxChars > 0 && Character.isHighSurrogate(text.charAt(maxChars - 1))) {
                assertThat(cut).hasSize(maxChars - 1);
              } else {
                assertThat(cut).hasSize(maxChars);
              }
            });
  }

  private static boolean isWellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
