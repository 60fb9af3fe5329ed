package dev.shipshape.openfeature.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.maps;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;
import dev.shipshape.flags.EvaluationContext;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class ConversionsTest {

  /** JSON-like trees as the flags module holds them: String, Long, Double, Boolean, List, Map. */
  private static Gen<Object> tree(int depth) {
    Gen<Object> scalar =
        Generate.oneOf(
            strings().basicLatinAlphabet().ofLengthBetween(0, 6).map(s -> (Object) s),
            longs().all().map(l -> (Object) l),
            doubles().between(-1e9, 1e9).map(d -> (Object) d),
            booleans().all().map(b -> (Object) b));
    if (depth == 0) {
      return scalar;
    }
    Gen<Object> list = lists().of(tree(depth - 1)).ofSizeBetween(0, 3).map(l -> (Object) l);
    Gen<Object> map =
        maps()
            .of(strings().basicLatinAlphabet().ofLengthBetween(1, 4), tree(depth - 1))
            .ofSizeBetween(0, 3)
            .map(m -> (Object) m);
    return Generate.oneOf(scalar, scalar, list, map);
  }

  @Test
  void flagValuesSurviveTheTripToOpenFeatureAndBackIntoAContext() {
    qt().withExamples(300)
        .forAll(tree(3))
        .checkAssert(
            value -> {
              MutableContext ctx = new MutableContext("key");
              ctx.add("a", List.of(Conversions.toValue(value)));
              EvaluationContext converted = uncheckedConvert(ctx);
              assertThat(converted.targetingKey()).isEqualTo("key");
              assertThat(converted.get("a")).isEqualTo(List.of(value));
            });
  }

  private static EvaluationContext uncheckedConvert(dev.openfeature.sdk.EvaluationContext ctx) {
    try {
      return Conversions.toFlagsContext(ctx);
    } catch (Conversions.InvalidContextException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  @Test
  void emptyAndKeyOnlyContextsNeedNoAttributes() throws Exception {
    assertThat(Conversions.toFlagsContext(new ImmutableContext()))
        .isSameAs(EvaluationContext.empty());
    assertThat(Conversions.toFlagsContext(null)).isSameAs(EvaluationContext.empty());
    EvaluationContext keyOnly = Conversions.toFlagsContext(new ImmutableContext("u-1"));
    assertThat(keyOnly.targetingKey()).isEqualTo("u-1");
    assertThat(keyOnly.names()).isEmpty();
  }

  @Test
  void numbersBecomeLongsOrDoublesAndInstantsStayInstants() throws Exception {
    Instant at = Instant.parse("2026-02-03T04:05:06Z");
    MutableContext ctx =
        new MutableContext(Map.of("big", new Value((Object) BigInteger.valueOf(Long.MAX_VALUE))))
            .add("i", 7)
            .add("d", 2.5)
            .add("t", at)
            .add("s", new MutableStructure().add("n", 1).add("gone", (String) null));
    EvaluationContext c = Conversions.toFlagsContext(ctx);
    assertThat(c.get("i")).isEqualTo(7L);
    assertThat(c.get("d")).isEqualTo(2.5);
    assertThat(c.get("t")).isEqualTo(at);
    assertThat(c.get("s")).isEqualTo(Map.of("n", 1L));
    assertThat(c.get("big")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void integersBeyondLongAreInvalidContextNamingOnlyThePath() throws Exception {
    MutableContext ctx =
        new MutableContext(Map.of("huge", new Value((Object) BigInteger.TWO.pow(70))));
    assertThatThrownBy(() -> Conversions.toFlagsContext(ctx))
        .isInstanceOf(Conversions.InvalidContextException.class)
        .hasMessage("context attribute 'huge' was a number outside the 64-bit integer range");
  }

  @Test
  void anAttributeOfAnUnknownTypeIsNamedWithItsArticle() {
    Value odd =
        new Value() {
          @Override
          public boolean isNull() {
            return false;
          }

          @Override
          public Object asObject() {
            return new Object();
          }
        };
    MutableContext ctx = new MutableContext(Map.of("odd", odd));
    assertThatThrownBy(() -> Conversions.toFlagsContext(ctx))
        .isInstanceOf(Conversions.InvalidContextException.class)
        .hasMessage(
            "context attribute 'odd' was an Object but must be a string, number, boolean,"
                + " instant, structure or list");
  }

  @Test
  void aStructureThatContainsItselfIsInvalidContext() {
    MutableStructure loop = new MutableStructure();
    loop.add("self", loop);
    MutableContext ctx = new MutableContext().add("loop", loop);
    assertThatThrownBy(() -> Conversions.toFlagsContext(ctx))
        .isInstanceOf(Conversions.InvalidContextException.class)
        .hasMessageContaining("loop.self.self")
        .hasMessageContaining("nested deeper than 32 levels");
  }

  @Test
  void metadataKeepsScalarsAndNarrowsSmallIntegers() {
    ImmutableMetadata md =
        Conversions.toMetadata(
            Map.of(
                "owner", "payments",
                "revision", 3L,
                "epoch", 1L << 40,
                "ratio", 0.25,
                "on", true,
                "nested", Map.of("x", 1L)));
    assertThat(md.getString("owner")).isEqualTo("payments");
    assertThat(md.getInteger("revision")).isEqualTo(3);
    assertThat(md.getLong("epoch")).isEqualTo(1L << 40);
    assertThat(md.getDouble("ratio")).isEqualTo(0.25);
    assertThat(md.getBoolean("on")).isTrue();
    assertThat(md.asUnmodifiableMap()).doesNotContainKey("nested");
    assertThat(Conversions.toMetadata(Map.of())).isSameAs(ImmutableMetadata.EMPTY);
  }

  @Test
  void everyFlagsErrorCodeMapsToTheOpenFeatureCodeOfTheSameName() {
    for (dev.shipshape.flags.ErrorCode code : dev.shipshape.flags.ErrorCode.values()) {
      ErrorCode mapped = Conversions.errorCode(code);
      assertThat(mapped.name()).isEqualTo(code.name());
    }
  }

  @Test
  void objectValuesBecomeStructuresListsAndNarrowedNumbers() {
    Value v =
        Conversions.toValue(
            Map.of("n", 5L, "big", 1L << 40, "list", List.of("a", true), "d", 1.5));
    assertThat(v.asStructure().getValue("n")).isEqualTo(new Value(5));
    assertThat(v.asStructure().getValue("big")).isEqualTo(new Value(1L << 40));
    assertThat(v.asStructure().getValue("list").asList())
        .containsExactly(new Value("a"), new Value(true));
    assertThat(v.asStructure().getValue("d").asDouble()).isEqualTo(1.5);
  }
}
