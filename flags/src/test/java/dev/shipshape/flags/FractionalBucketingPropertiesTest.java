package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.shipshape.time.ManualClock;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Properties of flagd's fractional bucketing that progressive rollout depends on. */
class FractionalBucketingPropertiesTest {

  private final Map<String, Flags> cache = new HashMap<>();

  @AfterEach
  void close() {
    cache.values().forEach(Flags::close);
  }

  /** A flag "f" whose targeting is {"fractional": buckets}. */
  private Flags split(String buckets) {
    return cache.computeIfAbsent(
        buckets,
        b ->
            Flags.builder()
                .clock(ManualClock.create())
                .source(
                    FlagSource.inMemory()
                        .putFlag(
                            "f",
                            "{\"state\":\"ENABLED\",\"variants\":{\"a\":\"a\",\"b\":\"b\",\"c\":\"c\","
                                + "\"on\":\"on\",\"off\":\"off\"},\"defaultVariant\":\"a\","
                                + "\"targeting\":{\"fractional\":" + b + "}}"))
                .build());
  }

  private static String randomKey(SplittableRandom random) {
    char[] key = new char[8 + random.nextInt(25)];
    for (int i = 0; i < key.length; i++) {
      key[i] = (char) (0x21 + random.nextInt(0x5e));
    }
    return new String(key);
  }

  private static String twoWay(int p) {
    return "[[\"on\"," + p + "],[\"off\"," + (100 - p) + "]]";
  }

  @Test
  void aKeyAlwaysLandsInTheSameBucket() {
    String buckets = "[[\"a\",30],[\"b\",30],[\"c\",40]]";
    Flags first = split(buckets);
    cache.clear();
    Flags second = split(buckets);
    try {
      qt().forAll(strings().allPossible().ofLengthBetween(1, 40))
          .checkAssert(
              key -> {
                EvaluationContext ctx = EvaluationContext.of(key);
                String v = first.stringValue("f", "?", ctx);
                assertThat(v).isIn("a", "b", "c");
                assertThat(first.stringValue("f", "?", ctx)).isEqualTo(v);
                assertThat(second.stringValue("f", "?", ctx)).isEqualTo(v);
              });
    } finally {
      first.close();
    }
  }

  @Test
  void eachBucketsShareIsWithinOnePercentagePointOfItsWeight() {
    qt().withExamples(5)
        .forAll(
            integers().between(1, 100),
            integers().between(1, 100),
            integers().between(1, 100),
            longs().all())
        .checkAssert(
            (wa, wb, wc, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              Flags flags =
                  split("[[\"a\"," + wa + "],[\"b\"," + wb + "],[\"c\"," + wc + "]]");
              Map<String, Integer> counts = new HashMap<>();
              int n = 100_000;
              for (int i = 0; i < n; i++) {
                counts.merge(
                    flags.stringValue("f", "?", EvaluationContext.of(randomKey(random))), 1,
                    Integer::sum);
              }
              double total = wa + wb + wc;
              assertThat(counts.getOrDefault("a", 0) * 100.0 / n)
                  .isCloseTo(wa * 100 / total, org.assertj.core.data.Offset.offset(1.0));
              assertThat(counts.getOrDefault("b", 0) * 100.0 / n)
                  .isCloseTo(wb * 100 / total, org.assertj.core.data.Offset.offset(1.0));
              assertThat(counts.getOrDefault("c", 0) * 100.0 / n)
                  .isCloseTo(wc * 100 / total, org.assertj.core.data.Offset.offset(1.0));
            });
  }

  @Test
  void raisingTheOnShareNeverMovesAKeyFromOnToOff() {
    qt().forAll(
            strings().basicLatinAlphabet().ofLengthBetween(0, 30),
            integers().between(0, 100),
            integers().between(0, 100))
        .checkAssert(
            (key, a, b) -> {
              int p1 = Math.min(a, b);
              int p2 = Math.max(a, b);
              EvaluationContext ctx = EvaluationContext.of(key);
              if (split(twoWay(p1)).stringValue("f", "?", ctx).equals("on")) {
                assertThat(split(twoWay(p2)).stringValue("f", "?", ctx)).isEqualTo("on");
              }
              // the same holds when "off" is listed first
              String offFirst1 = "[[\"off\"," + (100 - p1) + "],[\"on\"," + p1 + "]]";
              String offFirst2 = "[[\"off\"," + (100 - p2) + "],[\"on\"," + p2 + "]]";
              if (split(offFirst1).stringValue("f", "?", ctx).equals("on")) {
                assertThat(split(offFirst2).stringValue("f", "?", ctx)).isEqualTo("on");
              }
            });
  }
}
