package dev.shipshape.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Checks that every flag contender evaluates what its benchmark claims to measure (a contender that
 * silently returned the caller's default would make its figure meaningless). No timing here.
 */
class FlagContendersAgreeTest {

  private final FlagEvaluationBenchmark bench = new FlagEvaluationBenchmark();

  @Test
  void murmur3MatchesTheFlagdConformanceVectors() {
    // flagd-testbed "fractional-flag": clubs, diamonds, hearts, spades at 25 each, hashing
    // flagKey + user name (v2 bucketing).
    String[] suits = {"clubs", "diamonds", "hearts", "spades"};
    int[] weights = {25, 25, 25, 25};
    assertThat(pick("fractional-flag", "jack", suits, weights)).isEqualTo("hearts");
    assertThat(pick("fractional-flag", "queen", suits, weights)).isEqualTo("spades");
    assertThat(pick("fractional-flag", "ten", suits, weights)).isEqualTo("clubs");
    assertThat(pick("fractional-flag", "nine", suits, weights)).isEqualTo("diamonds");
    assertThat(pick("fractional-flag", "3", suits, weights)).isEqualTo("clubs");
  }

  @Test
  void shipshapeEvaluatesTheSharedFileWithV2Bucketing() {
    FlagEvaluationBenchmark.Shipshape s = new FlagEvaluationBenchmark.Shipshape();
    s.setUp();
    try {
      assertThat(bench.staticBoolean_shipshape(s)).isTrue();
      assertThat(bench.targetedBoolean_shipshape(s)).isTrue();
      assertThat(bench.fractionalString_shipshape(s)).isEqualTo(expectedSplitVariant());
    } finally {
      s.tearDown();
    }
  }

  @Test
  void shipshapeThroughOpenFeatureAgreesWithTheDirectApi() {
    FlagEvaluationBenchmark.ShipshapeOpenFeature s =
        new FlagEvaluationBenchmark.ShipshapeOpenFeature();
    s.setUp();
    try {
      assertThat(bench.staticBoolean_shipshapeOpenFeature(s)).isTrue();
      assertThat(bench.targetedBoolean_shipshapeOpenFeature(s)).isTrue();
      assertThat(bench.fractionalString_shipshapeOpenFeature(s)).isEqualTo(expectedSplitVariant());
    } finally {
      s.tearDown();
    }
  }

  @Test
  void openFeatureWithFlagdEvaluatesTheSharedFile() {
    FlagEvaluationBenchmark.OpenFeatureFlagd s = new FlagEvaluationBenchmark.OpenFeatureFlagd();
    s.setUp();
    try {
      assertThat(bench.staticBoolean_openFeatureFlagd(s)).isTrue();
      assertThat(bench.targetedBoolean_openFeatureFlagd(s)).isTrue();
      // flagd provider 0.11.15 still buckets the legacy way (v1: abs(hash) / Integer.MAX_VALUE).
      assertThat(bench.fractionalString_openFeatureFlagd(s)).isEqualTo(legacyV1SplitVariant());
    } finally {
      s.tearDown();
    }
  }

  @Test
  void openFeatureInMemoryAgreesWithFlagd() {
    FlagEvaluationBenchmark.OpenFeatureInMemory s =
        new FlagEvaluationBenchmark.OpenFeatureInMemory();
    s.setUp();
    try {
      assertThat(bench.staticBoolean_openFeatureInMemory(s)).isTrue();
      assertThat(bench.targetedBoolean_openFeatureInMemory(s)).isTrue();
      assertThat(bench.fractionalString_openFeatureInMemory(s)).isEqualTo(expectedSplitVariant());
    } finally {
      s.tearDown();
    }
  }

  @Test
  void launchDarklyEvaluatesItsFileData() throws IOException {
    FlagEvaluationBenchmark.LaunchDarkly s = new FlagEvaluationBenchmark.LaunchDarkly();
    s.setUp();
    try {
      assertThat(bench.staticBoolean_launchDarkly(s)).isTrue();
      assertThat(bench.targetedBoolean_launchDarkly(s)).isTrue();
      // LaunchDarkly buckets with its own hash, so only membership is comparable.
      assertThat(bench.fractionalString_launchDarkly(s))
          .isIn((Object[]) BenchmarkInputs.FRACTIONAL_VARIANTS);
    } finally {
      s.tearDown();
    }
  }

  @Test
  void togglzAndFf4jEvaluateTheirFeatures() {
    FlagEvaluationBenchmark.Togglz togglz = new FlagEvaluationBenchmark.Togglz();
    togglz.setUp();
    assertThat(bench.staticBoolean_togglz(togglz)).isTrue();
    FlagEvaluationBenchmark.Ff4j ff4j = new FlagEvaluationBenchmark.Ff4j();
    ff4j.setUp();
    assertThat(bench.staticBoolean_ff4j(ff4j)).isTrue();
    assertThat(bench.targetedBoolean_ff4j(ff4j)).isTrue();
  }

  @Test
  void floorPicksTheSameVariantAsFlagd() {
    FlagEvaluationBenchmark.Floor s = new FlagEvaluationBenchmark.Floor();
    s.setUp();
    assertThat(bench.fractionalString_murmur3Floor(s)).isEqualTo(expectedSplitVariant());
  }

  private static String expectedSplitVariant() {
    return pick(
        BenchmarkInputs.FRACTIONAL_STRING,
        BenchmarkInputs.TARGETING_KEY,
        BenchmarkInputs.FRACTIONAL_VARIANTS,
        new int[] {25, 25, 25, 25});
  }

  private static String legacyV1SplitVariant() {
    int hash =
        FlagdBuckets.hash(
            (BenchmarkInputs.FRACTIONAL_STRING + BenchmarkInputs.TARGETING_KEY)
                .getBytes(StandardCharsets.UTF_8));
    float bucket = Math.abs(hash) * 1.0f / Integer.MAX_VALUE * 100;
    return BenchmarkInputs.FRACTIONAL_VARIANTS[(int) (bucket / 25)];
  }

  private static String pick(String flagKey, String key, String[] variants, int[] weights) {
    int hash = FlagdBuckets.hash((flagKey + key).getBytes(StandardCharsets.UTF_8));
    return FlagdBuckets.pick(hash, variants, weights, 100);
  }
}
