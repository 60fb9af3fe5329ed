package dev.shipshape.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.Reason;
import dev.shipshape.time.ManualClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile calls and contexts: evaluation never throws; each answers the exact value, variant,
 * reason and error code.
 */
class FlagEvaluationTest {

  private static final String DOC =
      "{\"flags\":{"
          + "\"staff\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"off\",\"targeting\":{\"if\":[{\"ends_with\":[{\"var\":\"email\"},"
          + "\"@example.com\"]},\"on\",\"off\"]}},"
          + "\"adult\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"off\",\"targeting\":{\"if\":[{\">=\":[{\"var\":\"age\"},18]},"
          + "\"on\",\"off\"]}},"
          + "\"split\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"A\",\"b\":\"B\"},"
          + "\"targeting\":{\"fractional\":[[\"a\",50],[\"b\",50]]}},"
          + "\"weighted\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"A\",\"b\":\"B\"},"
          + "\"defaultVariant\":\"b\",\"targeting\":{\"fractional\":[{\"var\":\"id\"},"
          + "[\"a\",{\"var\":\"w\"}],[\"b\",1]]}},"
          + "\"label\":{\"state\":\"ENABLED\",\"variants\":{\"x\":\"X\"},"
          + "\"targeting\":{\"cat\":[\"x\",{\"var\":\"missing\"}]}},"
          + "\"ratio\":{\"state\":\"ENABLED\",\"variants\":{\"big\":\"BIG\",\"small\":\"SMALL\"},"
          + "\"targeting\":{\"if\":[{\">\":[{\"/\":[{\"var\":\"n\"},{\"var\":\"d\"}]},1]},\"big\","
          + "\"small\"]}},"
          + "\"part\":{\"state\":\"ENABLED\",\"variants\":{\"ab\":\"ab\",\"other\":\"other\"},"
          + "\"defaultVariant\":\"other\",\"targeting\":{\"substr\":[{\"var\":\"s\"},"
          + "{\"var\":\"from\"},2]}},"
          + "\"member\":{\"state\":\"ENABLED\",\"variants\":{\"in\":true,\"out\":false},"
          + "\"targeting\":{\"if\":[{\"in\":[\"gold\",{\"var\":\"tiers\"}]},\"in\",\"out\"]}},"
          + "\"deep\":{\"state\":\"ENABLED\",\"variants\":{\"hit\":true,\"miss\":false},"
          + "\"targeting\":{\"if\":[{\"var\":\"" + "a.".repeat(999) + "a\"},\"hit\",\"miss\"]}},"
          + "\"doubling\":{\"state\":\"ENABLED\",\"variants\":{\"x\":\"X\",\"y\":\"Y\"},"
          + "\"defaultVariant\":\"y\",\"targeting\":{\"if\":[{\"reduce\":[{\"var\":\"xs\"},"
          + "{\"cat\":[{\"var\":\"accumulator\"},{\"var\":\"accumulator\"}]},\"x\"]},"
          + "\"x\",\"y\"]}},"
          + "\"doublingList\":{\"state\":\"ENABLED\",\"variants\":{\"x\":\"X\",\"y\":\"Y\"},"
          + "\"defaultVariant\":\"y\",\"targeting\":{\"if\":[{\"reduce\":["
          + "[" + "1,".repeat(63) + "1],"
          + "{\"merge\":[{\"var\":\"accumulator\"},{\"var\":\"accumulator\"}]},[1]]},"
          + "\"x\",\"y\"]}},"
          + "\"limit\":{\"state\":\"ENABLED\",\"variants\":{\"n\":10},\"defaultVariant\":\"n\"}"
          + "}}";

  private static Flags flags;

  @BeforeAll
  static void load() {
    flags =
        Flags.builder()
            .clock(ManualClock.create())
            .source(FlagSource.inMemory().setDocument(DOC))
            .build();
  }

  @AfterAll
  static void close() {
    flags.close();
  }

  static EvaluationContext ctx(Object... pairs) {
    EvaluationContext.Builder b = EvaluationContext.builder();
    for (int i = 0; i < pairs.length; i += 2) {
      Object v = pairs[i + 1];
      String k = (String) pairs[i];
      if (k.equals("targetingKey")) {
        b.targetingKey((String) v);
      } else if (v instanceof String) {
        b.set(k, (String) v);
      } else if (v instanceof Long || v instanceof Integer) {
        b.set(k, ((Number) v).longValue());
      } else if (v instanceof Double) {
        b.set(k, (Double) v);
      } else if (v instanceof List) {
        b.set(k, (List<?>) v);
      } else if (v instanceof Map) {
        @SuppressWarnings("unchecked") // the tests build string-keyed maps
        Map<String, ?> m = (Map<String, ?>) v;
        b.set(k, m);
      }
    }
    return b.build();
  }

  /** A call whose details must be exactly these, thrown nothing. */
  static Hostile answers(
      String name,
      Function<Flags, EvaluationDetails<?>> call,
      Object value,
      @Nullable String variant,
      Reason reason,
      @Nullable ErrorCode error) {
    return Hostile.of(
        name,
        () -> {
          EvaluationDetails<?> d = call.apply(flags);
          assertThat(d.value()).as("%s", d).isEqualTo(value);
          assertThat(d.variant()).as("%s", d).isEqualTo(variant);
          assertThat(d.reason()).as("%s", d).isEqualTo(reason);
          assertThat(d.errorCode()).as("%s", d).isEqualTo(error);
        });
  }

  static Map<String, Object> nested(int depth) {
    Map<String, Object> m = Map.of("a", true);
    for (int i = 1; i < depth; i++) {
      m = Map.of("a", m);
    }
    return m;
  }

  static final List<Hostile> CASES = new ArrayList<>();

  static {
    CASES.add(answers("a null key", f -> f.booleanDetails(null, true, ctx()),
        true, null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND));
    CASES.add(Hostile.of("a null key through every typed value", () -> {
      assertThat(flags.booleanValue(null, true)).isTrue();
      assertThat(flags.stringValue(null, "d")).isEqualTo("d");
      assertThat(flags.intValue(null, 3)).isEqualTo(3);
      assertThat(flags.longValue(null, 4L)).isEqualTo(4L);
      assertThat(flags.doubleValue(null, 0.5)).isEqualTo(0.5);
      assertThat(flags.objectValue(null, "o")).isEqualTo("o");
    }));
    CASES.add(answers("a null context on a targeted flag",
        f -> f.booleanDetails("staff", true, null), false, "off", Reason.DEFAULT, null));
    CASES.add(answers("an unknown key of emoji and control characters",
        f -> f.stringDetails("\uD83D\uDE00\u0000\n", "d", ctx()),
        "d", null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND));
    CASES.add(Hostile.of("10,000 distinct unknown keys keep 1,000", () -> {
      try (Flags own =
          Flags.builder()
              .clock(ManualClock.create())
              .source(FlagSource.inMemory().setDocument(DOC))
              .build()) {
        for (int i = 0; i < 10_000; i++) {
          own.booleanValue("nope-" + i, false);
        }
        assertThat(own.usage().unknownKeysRequested()).hasSize(1000);
      }
    }));
    CASES.add(answers("the wrong type", f -> f.intDetails("staff", 7, ctx()),
        7, null, Reason.ERROR, ErrorCode.TYPE_MISMATCH));
    CASES.add(answers("a 10 MB email", f -> f.booleanDetails("staff", false,
            ctx("email", "x".repeat(10_000_000) + "@example.com")),
        true, "on", Reason.TARGETING_MATCH, null));
    CASES.add(answers("an email that is a number", f -> f.booleanDetails("staff", true,
            ctx("email", 42L)), false, "off", Reason.DEFAULT, null));
    CASES.add(answers("an age of NaN", f -> f.booleanDetails("adult", true, ctx("age", Double.NaN)),
        false, "off", Reason.TARGETING_MATCH, null));
    CASES.add(answers("an age that is a word", f -> f.booleanDetails("adult", true,
            ctx("age", "old")), false, "off", Reason.TARGETING_MATCH, null));
    CASES.add(answers("a missing age compares as 0",
        f -> f.booleanDetails("adult", true, ctx()), false, "off", Reason.TARGETING_MATCH, null));
    CASES.add(answers("a split without a targeting key", f -> f.stringDetails("split", "d", ctx()),
        "d", null, Reason.ERROR, ErrorCode.TARGETING_KEY_MISSING));
    CASES.add(answers("a split on a 1 MB targeting key",
        f -> f.stringDetails("split", "d", ctx("targetingKey", "k".repeat(1_000_000))),
        "B", "b", Reason.SPLIT, null));
    CASES.add(answers("a computed weight of Infinity",
        f -> f.stringDetails("weighted", "d", ctx("id", "u1", "w", Double.POSITIVE_INFINITY)),
        "B", "b", Reason.DEFAULT, null));
    CASES.add(answers("a computed weight that is a word",
        f -> f.stringDetails("weighted", "d", ctx("id", "u1", "w", "heavy")),
        "B", "b", Reason.DEFAULT, null));
    CASES.add(answers("a bucketing input that is a list",
        f -> f.stringDetails("weighted", "d", ctx("id", List.of(1, 2), "w", 1L)),
        "B", "b", Reason.DEFAULT, null));
    CASES.add(answers("cat of a missing value",
        f -> f.stringDetails("label", "d", ctx()), "X", "x", Reason.TARGETING_MATCH, null));
    CASES.add(answers("division by zero", f -> f.stringDetails("ratio", "d", ctx("n", 1L, "d", 0L)),
        "BIG", "big", Reason.TARGETING_MATCH, null));
    CASES.add(answers("zero by zero", f -> f.stringDetails("ratio", "d", ctx("n", 0L, "d", 0L)),
        "SMALL", "small", Reason.TARGETING_MATCH, null));
    CASES.add(answers("substr from -10^18",
        f -> f.stringDetails("part", "d", ctx("s", "abc", "from", -1e18)),
        "ab", "ab", Reason.TARGETING_MATCH, null));
    CASES.add(answers("substr from beyond the string",
        f -> f.stringDetails("part", "d", ctx("s", "abc", "from", 1e18)),
        "d", null, Reason.ERROR, ErrorCode.GENERAL));
    CASES.add(answers("in over a list of 100,000 tiers",
        f -> {
          List<Object> tiers = new ArrayList<>(Collections.nCopies(100_000, (Object) "silver"));
          tiers.set(99_999, "gold");
          return f.booleanDetails("member", false, ctx("tiers", tiers));
        },
        true, "in", Reason.TARGETING_MATCH, null));
    CASES.add(answers("an attribute nested 1,000 levels deep",
        f -> f.booleanDetails("deep", false, ctx("a", nested(1000).get("a"))),
        true, "hit", Reason.TARGETING_MATCH, null));
    CASES.add(answers("a string doubled once per item of a 64-item list",
        f -> f.stringDetails("doubling", "d", ctx("xs", Collections.nCopies(64, 1L))),
        "Y", "y", Reason.DEFAULT, null));
    CASES.add(answers("a string doubled once per item of a 3-item list",
        f -> f.stringDetails("doubling", "d", ctx("xs", Collections.nCopies(3, 1L))),
        "X", "x", Reason.TARGETING_MATCH, null));
    CASES.add(answers("a list doubled once per item of a 64-item literal",
        f -> f.stringDetails("doublingList", "d", ctx()), "Y", "y", Reason.DEFAULT, null));
    CASES.add(answers("a map attribute where a string was expected",
        f -> {
          Map<String, Object> m = new HashMap<>();
          m.put("k", "v");
          return f.booleanDetails("staff", true, ctx("email", m));
        },
        false, "off", Reason.DEFAULT, null));
  }

  @TestFactory
  Stream<DynamicTest> hostileEvaluations() {
    return Hostile.run(CASES);
  }
}
