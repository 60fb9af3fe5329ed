package dev.shipshape.openfeature.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.LayeredEvaluationContext;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;
import dev.shipshape.openfeature.internal.Conversions.InvalidContextException;
import dev.shipshape.testsupport.Allocations;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Layer-by-layer conversion of the SDK's contexts and the reuse of immutable conversions. */
class ContextConverterTest {

  private final ContextConverter converter = new ContextConverter();

  private static LayeredEvaluationContext layered(
      EvaluationContext api, EvaluationContext client, EvaluationContext invocation) {
    // The transaction layer as the SDK's default propagator gives it.
    return new LayeredEvaluationContext(api, ImmutableContext.EMPTY, client, invocation);
  }

  /** An integer outside the 64-bit range, which the flags evaluator cannot represent. */
  private static Value tooBig() {
    try {
      return new Value((Object) new BigInteger("99999999999999999999"));
    } catch (InstantiationException e) {
      throw new AssertionError(e);
    }
  }

  private static ImmutableContext user(String key, String email) {
    return new ImmutableContext(key, Map.of("email", new Value(email)));
  }

  @Test
  void theSdkLayersAreReadDirectly() {
    // With the SDK version this module is built against, the fast path must be in use.
    assertThat(ContextConverter.readsLayers()).isTrue();
  }

  @Test
  void theSameImmutableLayersReuseTheirConversion() throws Exception {
    ImmutableContext ann = user("user-1", "ann@example.com");
    dev.shipshape.flags.EvaluationContext first = converter.convert(layered(null, null, ann));
    dev.shipshape.flags.EvaluationContext second = converter.convert(layered(null, null, ann));
    assertThat(first.targetingKey()).isEqualTo("user-1");
    assertThat(first.get("email")).isEqualTo("ann@example.com");
    assertThat(second).isSameAs(first);
    assertThat(converter.convert(ann)).isEqualTo(first);
  }

  @Test
  void aNewContextWithOtherValuesIsNeverGivenAnEarlierConversion() throws Exception {
    ImmutableContext ann = user("user-1", "ann@example.com");
    ImmutableContext bob = user("user-2", "bob@other.org");
    for (int round = 0; round < 3; round++) {
      assertThat(converter.convert(layered(null, null, ann)).get("email"))
          .isEqualTo("ann@example.com");
      dev.shipshape.flags.EvaluationContext b = converter.convert(layered(null, null, bob));
      assertThat(b.get("email")).isEqualTo("bob@other.org");
      assertThat(b.targetingKey()).isEqualTo("user-2");
      // An equal but distinct instance converts to the same attributes.
      assertThat(converter.convert(layered(null, null, user("user-2", "bob@other.org"))))
          .isEqualTo(b);
    }
  }

  @Test
  void aReplacedApiOrClientLayerIsSeen() throws Exception {
    ImmutableContext ann = user("user-1", "ann@example.com");
    ImmutableContext eu = new ImmutableContext(Map.of("region", new Value("eu")));
    ImmutableContext us = new ImmutableContext(Map.of("region", new Value("us")));
    assertThat(converter.convert(layered(eu, null, ann)).get("region")).isEqualTo("eu");
    assertThat(converter.convert(layered(us, null, ann)).get("region")).isEqualTo("us");
    assertThat(converter.convert(layered(null, eu, ann)).get("region")).isEqualTo("eu");
    assertThat(converter.convert(layered(null, us, ann)).get("region")).isEqualTo("us");
    assertThat(converter.convert(layered(null, null, ann)).get("region")).isNull();
    assertThat(
            converter
                .convert(new LayeredEvaluationContext(null, us, null, ann))
                .get("region"))
        .isEqualTo("us");
  }

  @Test
  void aMutableContextChangedBetweenCallsIsSeen() throws Exception {
    MutableContext ctx = new MutableContext("user-1").add("email", "ann@example.com");
    assertThat(converter.convert(layered(null, null, ctx)).get("email"))
        .isEqualTo("ann@example.com");
    ctx.add("email", "bob@other.org");
    ctx.setTargetingKey("user-2");
    dev.shipshape.flags.EvaluationContext after = converter.convert(layered(null, null, ctx));
    assertThat(after.get("email")).isEqualTo("bob@other.org");
    assertThat(after.targetingKey()).isEqualTo("user-2");
    // A mutable client layer under an immutable invocation layer is read afresh as well.
    MutableContext client = new MutableContext().add("tier", "silver");
    ImmutableContext ann = user("user-1", "ann@example.com");
    assertThat(converter.convert(layered(null, client, ann)).get("tier")).isEqualTo("silver");
    client.add("tier", "gold");
    assertThat(converter.convert(layered(null, client, ann)).get("tier")).isEqualTo("gold");
  }

  @Test
  void aStructureInsideAListThatChangesLaterIsSeen() throws Exception {
    // The SDK copies a list's elements shallowly, so this immutable context can still change.
    MutableStructure account = new MutableStructure().add("plan", "free");
    ImmutableContext ctx =
        new ImmutableContext("user-1", Map.of("accounts", new Value(List.of(new Value(account)))));
    assertThat(converter.convert(layered(null, null, ctx)).get("accounts"))
        .isEqualTo(List.of(Map.of("plan", "free")));
    account.add("plan", "pro");
    assertThat(converter.convert(layered(null, null, ctx)).get("accounts"))
        .isEqualTo(List.of(Map.of("plan", "pro")));
  }

  @Test
  void nestedStructuresAndScalarListsOfImmutableContextsAreReused() throws Exception {
    ImmutableContext ctx =
        new ImmutableContext(
            "user-1",
            Map.of(
                "account", new Value(new ImmutableStructure(Map.of("plan", new Value("pro")))),
                "tags", new Value(List.of(new Value("alpha"), new Value("beta")))));
    dev.shipshape.flags.EvaluationContext first = converter.convert(layered(null, null, ctx));
    assertThat(first.get("account")).isEqualTo(Map.of("plan", "pro"));
    assertThat(first.get("tags")).isEqualTo(List.of("alpha", "beta"));
    assertThat(converter.convert(layered(null, null, ctx))).isSameAs(first);
  }

  @Test
  void hookContextsWinAndAreNeverServedFromTheCache() throws Exception {
    ImmutableContext ann = user("user-1", "ann@example.com");
    converter.convert(layered(null, null, ann));
    EvaluationContext withHook =
        layered(null, null, ann)
            .merge(new ImmutableContext("hooked", Map.of("email", new Value("hook@x.org"))));
    dev.shipshape.flags.EvaluationContext converted = converter.convert(withHook);
    assertThat(converted.get("email")).isEqualTo("hook@x.org");
    assertThat(converted.targetingKey()).isEqualTo("hooked");
    assertThat(converter.convert(layered(null, null, ann)).get("email"))
        .isEqualTo("ann@example.com");
  }

  @Test
  void aNullAboveHidesTheValueBelowAndAnInvalidValueBelowIsHiddenByAValidOneAbove()
      throws Exception {
    ImmutableContext api = new ImmutableContext(Map.of("tier", new Value("bronze")));
    Map<String, Value> nulled = new HashMap<>();
    nulled.put("tier", new Value());
    assertThat(converter.convert(layered(api, null, new ImmutableContext(nulled))).get("tier"))
        .isNull();
    ImmutableContext invalid =
        new ImmutableContext(Map.of("n", tooBig()));
    ImmutableContext valid = new ImmutableContext(Map.of("n", new Value(7)));
    assertThat(converter.convert(layered(invalid, null, valid)).get("n")).isEqualTo(7L);
  }

  @Test
  void invalidContextsAreReportedEveryTime() {
    ImmutableContext invalid =
        new ImmutableContext(Map.of("n", tooBig()));
    for (int i = 0; i < 2; i++) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> converter.convert(layered(null, null, invalid)))
          .isInstanceOf(InvalidContextException.class)
          .hasMessageContaining("'n'");
    }
  }

  @Test
  void aSubclassOfTheLayeredContextIsReadThroughItsOwnMethods() throws Exception {
    ImmutableContext ann = user("user-1", "ann@example.com");
    LayeredEvaluationContext masked =
        new LayeredEvaluationContext(null, null, null, ann) {
          @Override
          public Map<String, Value> asUnmodifiableMap() {
            return Map.of("email", new Value("masked@example.org"));
          }
        };
    assertThat(converter.convert(masked).get("email")).isEqualTo("masked@example.org");
    assertThat(converter.convert(layered(null, null, ann)).get("email"))
        .isEqualTo("ann@example.com");
  }

  @Test
  void clearForgetsEveryConversion() throws Exception {
    ImmutableContext ann = user("user-1", "ann@example.com");
    dev.shipshape.flags.EvaluationContext first = converter.convert(ann);
    converter.clear();
    dev.shipshape.flags.EvaluationContext second = converter.convert(ann);
    assertThat(second).isEqualTo(first).isNotSameAs(first);
  }

  @Test
  void manyContextsSharingSlotsEachKeepTheirOwnAttributes() throws Exception {
    int n = ContextConverter.SLOTS * 4;
    List<ImmutableContext> users = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      users.add(user("user-" + i, "u" + i + "@example.com"));
    }
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < n; i++) {
        int k = round == 1 ? n - 1 - i : i;
        dev.shipshape.flags.EvaluationContext c =
            converter.convert(layered(null, null, users.get(k)));
        assertThat(c.targetingKey()).isEqualTo("user-" + k);
        assertThat(c.get("email")).isEqualTo("u" + k + "@example.com");
      }
    }
  }

  @Test
  void atMostSixtyFourConversionsAreKeptHoweverManyContextsAreConverted() throws Exception {
    int n = 1_000;
    List<ImmutableContext> users = new ArrayList<>();
    List<dev.shipshape.flags.EvaluationContext> conversions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      users.add(user("user-" + i, "u" + i + "@example.com"));
      conversions.add(converter.convert(layered(null, null, users.get(i))));
    }
    // A kept conversion is given back as the same instance. Asked newest first, each kept one is
    // asked for before any older context could take its place (a conversion not found replaces
    // the one in its slot), so the instances given back again are exactly those that were kept.
    int kept = 0;
    for (int i = n - 1; i >= 0; i--) {
      if (converter.convert(layered(null, null, users.get(i))) == conversions.get(i)) {
        kept++;
      } else {
        assertThat(i).as("the most recent conversion is kept").isLessThan(n - 1);
      }
    }
    // The README's bound, not the constant, so that raising the constant fails here. 1,000
    // identity hashes leave hardly a slot empty: the bound is reached, not just respected.
    assertThat(kept).isBetween(32, 64);
  }

  @Test
  void threadsConvertingTheirOwnContextsAlwaysGetTheirOwnAttributes() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(
            () -> {
              int checked = 0;
              for (int i = 0; i < 20_000; i++) {
                int k = thread * 1_000 + i % 50;
                ImmutableContext ctx =
                    i % 3 == 0 ? user("u" + k, k + "@x.org") : USERS.get(thread).get(i % 50);
                dev.shipshape.flags.EvaluationContext c =
                    converter.convert(layered(null, null, ctx));
                if (!(k + "@x.org").equals(c.get("email")) || !("u" + k).equals(c.targetingKey())) {
                  throw new AssertionError("thread " + thread + " got " + c.targetingKey());
                }
                checked++;
              }
              return checked;
            });
      }
      int total = 0;
      for (Future<Integer> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
        total += f.get();
      }
      assertThat(total).isEqualTo(80_000);
    } finally {
      pool.shutdownNow();
    }
  }

  private static final List<List<ImmutableContext>> USERS = new ArrayList<>();

  static {
    for (int t = 0; t < 4; t++) {
      List<ImmutableContext> users = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int k = t * 1_000 + i;
        users.add(user("u" + k, k + "@x.org"));
      }
      USERS.add(users);
    }
  }

  @Test
  void aRepeatedContextIsConvertedWithoutAllocating() throws Exception {
    ImmutableContext ann = user("user-1", "ann@example.com");
    LayeredEvaluationContext ctx = layered(null, null, ann);
    Allocations.Measured m = Allocations.measure(200_000, 100_000, () -> namesOf(ctx));
    assertThat(m.sink()).isEqualTo(300_000);
    // 100,000 conversions; one allocation per conversion would be megabytes
    assertThat(m.bytes()).isLessThan(10_000);
  }

  private long namesOf(LayeredEvaluationContext ctx) {
    try {
      return converter.convert(ctx).names().size();
    } catch (InvalidContextException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ against the SDK's merge

  /** One layer: absent, or an immutable or mutable context over a few of the names a..d. */
  private static Gen<EvaluationContext> layer() {
    Gen<Integer> cell = integers().between(0, 6);
    return lists()
        .of(cell)
        .ofSize(6)
        .map(
            cells -> {
              int kind = cells.get(0) % 3;
              if (kind == 0) {
                return null;
              }
              Map<String, Value> attributes = new HashMap<>();
              String key = cells.get(5) < 2 ? "key-" + cells.get(5) : null;
              for (int i = 1; i <= 4; i++) {
                String name = String.valueOf((char) ('a' + i - 1));
                int v = cells.get(i);
                if (v == 1) {
                  attributes.put(name, new Value());
                } else if (v == 2) {
                  attributes.put(name, new Value(name + "-text"));
                } else if (v == 3) {
                  attributes.put(name, new Value(v * 10));
                } else if (v == 4) {
                  attributes.put(name, tooBig());
                } else if (v == 5) {
                  attributes.put(
                      name, new Value(new ImmutableStructure(Map.of("x", new Value(true)))));
                }
              }
              if (kind == 1) {
                return key == null
                    ? new ImmutableContext(attributes)
                    : new ImmutableContext(key, attributes);
              }
              return new MutableContext(key, attributes);
            });
  }

  private static Object outcome(Callable<dev.shipshape.flags.EvaluationContext> conversion) {
    try {
      return conversion.call();
    } catch (InvalidContextException e) {
      return "invalid: " + e.getMessage();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void layerByLayerMergingAgreesWithTheSdkMergedMap() {
    qt().withExamples(500)
        .forAll(layer(), layer(), layer(), layer())
        .checkAssert(
            (api, transaction, client, invocation) -> {
              LayeredEvaluationContext ctx =
                  new LayeredEvaluationContext(api, transaction, client, invocation);
              Object expected = outcome(() -> Conversions.toFlagsContext(ctx));
              if (expected instanceof String) {
                // Which invalid attribute is named first may differ; both must refuse.
                assertThat(outcome(() -> converter.convert(ctx)))
                    .asString()
                    .startsWith("invalid: ");
                return;
              }
              assertThat(outcome(() -> converter.convert(ctx))).isEqualTo(expected);
              // A second conversion of the same layers (possibly from the cache) agrees too.
              assertThat(
                      outcome(
                          () ->
                              converter.convert(
                                  new LayeredEvaluationContext(
                                      api, transaction, client, invocation))))
                  .isEqualTo(expected);
            });
  }
}
