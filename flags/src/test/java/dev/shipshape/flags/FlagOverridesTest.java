package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlagOverridesTest {

  static final String DOC =
      "{\"flags\":{"
          + "\"new-checkout\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"off\",\"targeting\":{\"fractional\":[[\"on\",5],[\"off\",95]]}},"
          + "\"by-email\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"off\",\"targeting\":{\"fractional\":[{\"var\":\"email\"},"
          + "[\"off\",90],[\"on\",10]]}},"
          + "\"banner\":{\"state\":\"DISABLED\",\"variants\":{\"a\":\"A\",\"b\":\"B\"},"
          + "\"defaultVariant\":\"a\"}}}";

  final ManualClock clock = ManualClock.create();
  final List<FlagSetChange> changes = new CopyOnWriteArrayList<>();
  InMemoryFlagSource source = FlagSource.inMemory().setDocument(DOC);
  Flags flags =
      Flags.builder()
          .clock(clock)
          .source(source)
          .listener(
              Listen.toChanges(changes::add))
          .build();

  @AfterEach
  void close() {
    flags.close();
  }

  @Test
  void setVariantServesItToEveryoneAndSurvivesReloads() {
    flags.overrides().setVariant("banner", "b");
    EvaluationDetails<String> d = flags.stringDetails("banner", "?");
    assertThat(d.value()).isEqualTo("B");
    assertThat(d.reason()).isEqualTo(Reason.STATIC);
    assertThat(changes.get(changes.size() - 1).changed()).containsExactly("banner");
    source.setDocument(DOC.replace("\"a\":\"A\"", "\"a\":\"AA\""));
    assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
    assertThat(flags.overrides().keys()).containsExactly("banner");
    flags.overrides().clear("banner");
    assertThat(flags.stringDetails("banner", "?").reason()).isEqualTo(Reason.DISABLED);
  }

  @Test
  void setValueUsesAMatchingVariantOrAddsOne() {
    flags.overrides().setValue("new-checkout", true);
    assertThat(flags.booleanDetails("new-checkout", false).variant()).isEqualTo("on");
    flags.overrides().setValue("banner", "C");
    EvaluationDetails<String> d = flags.stringDetails("banner", "?");
    assertThat(d.value()).isEqualTo("C");
    assertThat(d.variant()).isEqualTo("override");
    flags.overrides().clearAll();
    assertThat(flags.overrides().keys()).isEmpty();
    assertThat(flags.stringValue("banner", "?")).isEqualTo("?");
  }

  @Test
  void overridingAnUnknownKeyOrAWrongTypeFailsLoudly() {
    assertThatThrownBy(() -> flags.overrides().setVariant("new-chekout", "on"))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessage(
            "invalid override of flag 'new-chekout' (1 problem)\n"
                + "  - flag was 'new-chekout' but no source defines it (defined: [banner, by-email,"
                + " new-checkout])");
    assertThatThrownBy(() -> flags.overrides().setVariant("banner", "z"))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessage(
            "invalid override of flag 'banner' (1 problem)\n"
                + "  - variant was 'z' but flag 'banner' has only [a, b]");
    assertThatThrownBy(() -> flags.overrides().setValue("banner", 3))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessageEndingWith("\n  - value was '3' but flag 'banner' is a string flag");
    assertThatThrownBy(() -> flags.overrides().setFractionalWeights("banner", Map.of("a", 1)))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessageContaining(
            "flag was 'banner' but its targeting is not a top-level fractional split");
    assertThat(flags.overrides().keys()).isEmpty();
  }

  @Test
  void badFractionalWeightsAreReportedTogetherEachNamingItsVariant() {
    assertThatThrownBy(
            () ->
                flags.overrides().setFractionalWeights("new-checkout", Map.of("onn", 1, "off", -1)))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessageStartingWith("invalid override of flag 'new-checkout' (2 problems)")
        .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
        .containsExactlyInAnyOrder(
            ConfigProblem.of("variant", "onn", "the split of 'new-checkout' has [on, off]"),
            ConfigProblem.of("weights.off", -1, "must be >= 0"));
    assertThat(flags.overrides().keys()).isEmpty();
  }

  @Test
  void aValueBeyondALongOrOfNoFlagTypeIsRefusedAsTheValueArgument() {
    source.putFlag(
        "limit", "{\"state\":\"ENABLED\",\"variants\":{\"n\":10},\"defaultVariant\":\"n\"}");
    // longValue() of 10^20 keeps its low 64 bits: 7766279631452241920 would be served
    BigInteger big = new BigInteger("1" + "0".repeat(20));
    assertThatThrownBy(() -> flags.overrides().setValue("limit", big))
        .isInstanceOf(FlagsConfigException.class)
        .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
        .containsExactly(ConfigProblem.of("value", big, "must be an integer that fits in a long"));
    assertThatThrownBy(() -> flags.overrides().setValue("limit", List.of(new Object())))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessageContaining("value was '[java.lang.Object@")
        .hasMessageEndingWith(
            "but must be a string, boolean, number, list or map, not a java.lang.Object");
    assertThat(flags.overrides().keys()).isEmpty();
    assertThat(flags.longValue("limit", 0L)).isEqualTo(10L);
  }

  @Test
  void anObjectValueNestedTooDeepOrContainingItselfIsRefusedAsTheValueArgument() {
    source.putFlag(
        "layout",
        "{\"state\":\"ENABLED\",\"variants\":{\"a\":{\"cols\":2}},\"defaultVariant\":\"a\"}");
    Map<String, Object> loop = new HashMap<>();
    List<Object> inside = new ArrayList<>();
    loop.put("items", inside);
    inside.add(loop);
    Map<String, Object> deep = new HashMap<>();
    Map<String, Object> at = deep;
    for (int i = 0; i < 100; i++) {
      Map<String, Object> next = new HashMap<>();
      at.put("child", next);
      at = next;
    }

    for (Map<String, Object> value : List.of(loop, deep)) {
      assertThatThrownBy(() -> flags.overrides().setValue("layout", value))
          .isInstanceOf(FlagsConfigException.class)
          .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
          .singleElement()
          .satisfies(p -> assertThat(p.setting()).isEqualTo("value"))
          .satisfies(p -> assertThat(p.expected())
                      .startsWith("must nest its lists and maps at most 64 levels deep"));
    }
    assertThat(flags.overrides().keys()).isEmpty();
    assertThat(flags.objectValue("layout", Map.of())).isEqualTo(Map.of("cols", 2L));

    flags.overrides().setValue("layout", Map.of("a", Map.of("b", List.of(Map.of("c", 1)))));
    assertThat(flags.objectValue("layout", Map.of()))
        .isEqualTo(Map.of("a", Map.of("b", List.of(Map.of("c", 1L)))));
  }

  @Test
  void weightsThatOverflowAnIntTogetherAreRefusedAsTheWeightsArgument() {
    // each weight is valid; their sum wraps the bucket arithmetic flagd uses
    assertThatThrownBy(
            () ->
                flags
                    .overrides()
                    .setFractionalWeights(
                        "new-checkout", Map.of("on", Integer.MAX_VALUE, "off", Integer.MAX_VALUE)))
        .isInstanceOf(FlagsConfigException.class)
        .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
        .containsExactly(
            ConfigProblem.of(
                "weights", 2L * Integer.MAX_VALUE, "must add up to at most " + Integer.MAX_VALUE));
    assertThat(flags.overrides().keys()).isEmpty();
  }

  @Test
  void raisingFractionalWeightsKeepsEveryoneWhoWasAlreadyOn() {
    List<String> users = IntStream.range(0, 2_000).mapToObj(i -> "user-" + i).toList();
    List<String> onAt5 =
        users.stream().filter(u -> flags.booleanValue("new-checkout", false, EvaluationContext.of(u))).toList();
    assertThat(onAt5.size()).isBetween(60, 140);

    flags.overrides().setFractionalWeights("new-checkout", Map.of("on", 25, "off", 75));
    assertThat(flags.flagSet().definition("new-checkout").orElseThrow().fractionalSplit().orElseThrow())
        .isEqualTo(
            new FractionalSplit(
                "flagKey + targetingKey",
                List.of(new FractionalSplit.Bucket("on", 25), new FractionalSplit.Bucket("off", 75))));
    List<String> onAt25 =
        users.stream().filter(u -> flags.booleanValue("new-checkout", false, EvaluationContext.of(u))).toList();
    assertThat(onAt25).containsAll(onAt5);
    assertThat(onAt25.size()).isBetween(420, 580);
    assertThat(flags.booleanDetails("new-checkout", false, EvaluationContext.of("user-1")).reason())
        .isEqualTo(Reason.SPLIT);

    // a reload of the source keeps the override
    source.setDocument(DOC.replace("\"defaultVariant\":\"a\"", "\"defaultVariant\":\"b\""));
    assertThat(
            users.stream()
                .filter(u -> flags.booleanValue("new-checkout", false, EvaluationContext.of(u)))
                .toList())
        .isEqualTo(onAt25);
  }

  @Test
  void fractionalWeightsKeepTheBucketingInputAndVariantOrder() {
    flags.overrides().setFractionalWeights("by-email", Map.of("on", 50, "off", 50));
    FractionalSplit split =
        flags.flagSet().definition("by-email").orElseThrow().fractionalSplit().orElseThrow();
    assertThat(split.bucketingInput()).isEqualTo("{\"var\":\"email\"}");
    assertThat(split.buckets())
        .containsExactly(new FractionalSplit.Bucket("off", 50), new FractionalSplit.Bucket("on", 50));
    flags.overrides().setFractionalWeights("by-email", Map.of("on", 100));
    EvaluationContext ctx = EvaluationContext.builder().set("email", "x@y.z").build();
    assertThat(flags.booleanValue("by-email", false, ctx)).isTrue();
  }

  @Test
  void aReloadThatRemovesTheSplitDropsTheOverrideAndRestoringTheSplitDoesNotBringItBack() {
    List<String> users = IntStream.range(0, 2_000).mapToObj(i -> "user-" + i).toList();
    flags.overrides().setFractionalWeights("new-checkout", Map.of("on", 25, "off", 75));
    assertThat(flags.overrides().keys()).containsExactly("new-checkout");

    String noSplit =
        DOC.replace(",\"targeting\":{\"fractional\":[[\"on\",5],[\"off\",95]]}", "");
    assertThat(noSplit).isNotEqualTo(DOC);
    source.setDocument(noSplit);
    assertThat(flags.overrides().keys()).isEmpty();
    assertThat(changes.get(changes.size() - 1).changed()).contains("new-checkout");
    assertThat(flags.booleanDetails("new-checkout", true, EvaluationContext.of("user-1")).reason())
        .isEqualTo(Reason.STATIC);

    // the file's 5% split comes back, and only the file's split is served
    source.setDocument(DOC);
    assertThat(flags.overrides().keys()).isEmpty();
    long on =
        users.stream()
            .filter(u -> flags.booleanValue("new-checkout", false, EvaluationContext.of(u)))
            .count();
    assertThat(on).isBetween(60L, 140L);
  }

  @Test
  void aReloadThatRemovesTheFlagDropsItsOverrideForGood() {
    flags.overrides().setVariant("banner", "b");
    source.setDocument(DOC.replace("\"banner\":", "\"old-banner\":"));
    assertThat(flags.overrides().keys()).isEmpty();
    source.setDocument(DOC);
    assertThat(flags.overrides().keys()).isEmpty();
    assertThat(flags.stringDetails("banner", "?").reason()).isEqualTo(Reason.DISABLED);
  }
}
