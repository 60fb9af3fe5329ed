package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.testsupport.Allocations;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlagsEvaluationTest {

  static final String DOC =
      "{\"flags\":{"
          + "\"new-checkout\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"off\",\"targeting\":{\"if\":[{\"ends_with\":[{\"var\":\"email\"},"
          + "\"@example.com\"]},\"on\",\"off\"]},\"metadata\":{\"owner\":\"payments\",\"flagSetId\":\"own\"}},"
          + "\"rollout\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"off\",\"targeting\":{\"fractional\":[[\"on\",50],[\"off\",50]]}},"
          + "\"color\":{\"state\":\"ENABLED\",\"variants\":{\"red\":\"#f00\",\"blue\":\"#00f\"},"
          + "\"defaultVariant\":\"red\",\"targeting\":{\"if\":[{\"var\":\"beta\"},\"green\",null]}},"
          + "\"off-flag\":{\"state\":\"DISABLED\",\"variants\":{\"a\":\"A\"},\"defaultVariant\":\"a\"},"
          + "\"limit\":{\"state\":\"ENABLED\",\"variants\":{\"small\":10,\"huge\":10000000000,"
          + "\"half\":0.5},\"defaultVariant\":\"huge\",\"targeting\":{\"if\":[{\"var\":\"half\"},\"half\"]}},"
          + "\"config\":{\"state\":\"ENABLED\",\"variants\":{\"v1\":{\"retries\":3,\"hosts\":[\"a\",\"b\"]}},"
          + "\"defaultVariant\":\"v1\"},"
          + "\"boolean-result\":{\"state\":\"ENABLED\",\"variants\":{\"true\":\"yes\",\"false\":\"no\"},"
          + "\"defaultVariant\":\"false\",\"targeting\":{\"==\":[{\"var\":\"tier\"},\"gold\"]}}"
          + "},\"metadata\":{\"flagSetId\":\"shop\",\"version\":\"7\"}}";

  final ManualClock clock = ManualClock.create();
  Flags flags;

  Flags flags(FlagListener... listeners) {
    Flags.Builder b = Flags.builder().clock(clock).source(FlagSource.inMemory().setDocument(DOC));
    for (FlagListener l : listeners) {
      b.listener(l);
    }
    flags = b.build();
    return flags;
  }

  @AfterEach
  void close() {
    if (flags != null) {
      flags.close();
    }
  }

  @Test
  void targetingMatchReturnsTheSelectedVariantWithMergedMetadata() {
    flags();
    EvaluationContext ada = EvaluationContext.builder().set("email", "ada@example.com").build();
    EvaluationDetails<Boolean> d = flags.booleanDetails("new-checkout", false, ada);
    assertThat(d)
        .isEqualTo(
            new EvaluationDetails<>(
                "new-checkout", true, "on", Reason.TARGETING_MATCH, null, null,
                Map.of("flagSetId", "own", "owner", "payments", "version", "7")));
    assertThat(flags.booleanValue("new-checkout", true, EvaluationContext.empty())).isFalse();
  }

  @Test
  void fractionalTargetingReportsSplitAndNeedsATargetingKey() {
    flags();
    EvaluationDetails<Boolean> d =
        flags.booleanDetails("rollout", false, EvaluationContext.of("user-7"));
    assertThat(d.reason()).isEqualTo(Reason.SPLIT);
    assertThat(d.variant()).isIn("on", "off");
    EvaluationDetails<Boolean> noKey = flags.booleanDetails("rollout", true);
    assertThat(noKey.value()).isTrue();
    assertThat(noKey.reason()).isEqualTo(Reason.ERROR);
    assertThat(noKey.errorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
    assertThat(noKey.variant()).isNull();
    assertThat(flags.booleanValue("rollout", true)).isTrue();
  }

  @Test
  void fractionalWithoutATargetingKeyReturnsTheCallersDefaultNotTheFlagsDefaultVariant() {
    // Pins a documented difference from flagd: flagd itself serves the flag's defaultVariant
    // here; we report ERROR / TARGETING_KEY_MISSING with the caller's default, as OpenFeature
    // providers do (see "Evaluation rules" in the README).
    try (Flags f =
        Flags.builder()
            .clock(clock)
            .source(
                FlagSource.inMemory()
                    .putFlag(
                        "banner",
                        "{\"state\":\"ENABLED\",\"variants\":{\"a\":\"A\",\"b\":\"B\"},"
                            + "\"defaultVariant\":\"b\","
                            + "\"targeting\":{\"fractional\":[[\"a\",50],[\"b\",50]]}}"))
            .build()) {
      EvaluationDetails<String> d = f.stringDetails("banner", "caller-default");
      assertThat(d.value()).isEqualTo("caller-default");
      assertThat(d.variant()).isNull();
      assertThat(d.reason()).isEqualTo(Reason.ERROR);
      assertThat(d.errorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
      assertThat(f.stringValue("banner", "caller-default", EvaluationContext.empty()))
          .isEqualTo("caller-default");
      assertThat(f.stringDetails("banner", "caller-default", EvaluationContext.of("u1")).value())
          .isIn("A", "B");
    }
  }

  @Test
  void aVariantThatDoesNotExistIsAGeneralErrorWithTheCallersDefault() {
    flags();
    EvaluationContext beta = EvaluationContext.builder().set("beta", true).build();
    EvaluationDetails<String> d = flags.stringDetails("color", "#000", beta);
    assertThat(d.value()).isEqualTo("#000");
    assertThat(d.errorCode()).isEqualTo(ErrorCode.GENERAL);
    assertThat(d.errorMessage()).contains("'green'").contains("[red, blue]");
    assertThat(flags.stringValue("color", "#000", beta)).isEqualTo("#000");
    EvaluationDetails<String> nullRule = flags.stringDetails("color", "#000");
    assertThat(nullRule.value()).isEqualTo("#f00");
    assertThat(nullRule.reason()).isEqualTo(Reason.DEFAULT);
    assertThat(nullRule.variant()).isEqualTo("red");
  }

  @Test
  void aBooleanRuleResultSelectsTheVariantNamedTrueOrFalse() {
    flags();
    EvaluationContext gold = EvaluationContext.builder().set("tier", "gold").build();
    assertThat(flags.stringValue("boolean-result", "?", gold)).isEqualTo("yes");
    assertThat(flags.stringValue("boolean-result", "?")).isEqualTo("no");
  }

  @Test
  void disabledFlagsReturnTheCallersDefault() {
    flags();
    EvaluationDetails<String> d = flags.stringDetails("off-flag", "dflt");
    assertThat(d.value()).isEqualTo("dflt");
    assertThat(d.reason()).isEqualTo(Reason.DISABLED);
    assertThat(d.errorCode()).isNull();
    assertThat(flags.stringValue("off-flag", "dflt")).isEqualTo("dflt");
  }

  @Test
  void numericAccessorsRefuseLossyConversions() {
    flags();
    assertThat(flags.longValue("limit", 1)).isEqualTo(10_000_000_000L);
    assertThat(flags.intValue("limit", 1)).isEqualTo(1);
    assertThat(flags.intDetails("limit", 1, EvaluationContext.empty()).errorCode())
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(flags.doubleValue("limit", 1)).isEqualTo(1e10);
    EvaluationContext half = EvaluationContext.builder().set("half", true).build();
    assertThat(flags.doubleValue("limit", 1, half)).isEqualTo(0.5);
    assertThat(flags.longValue("limit", 1, half)).isEqualTo(1);
  }

  @Test
  void typeErrorsNameTheTypesWithTheirArticles() {
    flags();
    EvaluationContext none = EvaluationContext.empty();
    assertThat(flags.booleanDetails("config", false, none).errorMessage())
        .isEqualTo("flag 'config' is an object flag, not a boolean");
    assertThat(flags.intDetails("new-checkout", 0, none).errorMessage())
        .isEqualTo("flag 'new-checkout' is a boolean flag, not an integer");
    assertThat(flags.objectDetails("color", Map.of(), none).errorMessage())
        .isEqualTo("flag 'color' is a string flag, not an object");
    assertThat(flags.intDetails("limit", 1, none).errorMessage())
        .isEqualTo("variant 'huge' of flag 'limit' is not an integer");
    assertThatThrownBy(() -> flags.overrides().setValue("config", "text"))
        .hasMessageEndingWith("\n  - value was 'text' but flag 'config' is an object flag");
    assertThatThrownBy(
            () ->
                FlagSet.parse(
                    "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":"
                        + "{\"a\":\"x\",\"b\":{\"k\":1}},\"defaultVariant\":\"a\"}}}",
                    "doc"))
        .hasMessageContaining(
            "/flags/f/variants/b was '{\"k\":1}' but must be a string like variant 'a', not an"
                + " object (all variants");
  }

  @Test
  void objectValuesAreImmutable() {
    flags();
    Object v = flags.objectValue("config", Map.of());
    assertThat(v).isEqualTo(Map.of("retries", 3L, "hosts", List.of("a", "b")));
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) v;
    assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(flags.objectDetails("new-checkout", Map.of(), EvaluationContext.empty()).errorCode())
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void laterSourcesOverrideEarlierOnesByKey() {
    InMemoryFlagSource base = FlagSource.inMemory().setDocument(DOC);
    InMemoryFlagSource local = FlagSource.inMemory().putBoolean("new-checkout", true);
    flags = Flags.builder().clock(clock).source(base).source(local).build();
    assertThat(flags.booleanDetails("new-checkout", false).reason()).isEqualTo(Reason.STATIC);
    assertThat(flags.booleanValue("new-checkout", false)).isTrue();
    assertThat(flags.stringValue("color", "?")).isEqualTo("#f00");
  }

  @Test
  void evaluationListenersSeeEveryEvaluationAndThrowingOnesAreIsolated() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    FlagListener recording =
        Listen.toEvaluations(d -> seen.add(d.flagKey() + "=" + d.value() + ":" + d.reason()));
    FlagListener throwing =
        new FlagListener() {
          @Override
          public boolean wantsEvaluations() {
            return true;
          }

          @Override
          public void evaluated(EvaluationDetails<?> details) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void flagSetChanged(FlagSetChange change) {
            throw new IllegalStateException("listener bug");
          }
        };
    flags(throwing, recording);
    assertThat(flags.booleanValue("new-checkout", true)).isFalse();
    assertThat(flags.stringValue("missing", "x")).isEqualTo("x");
    assertThat(flags.intValue("limit", 5)).isEqualTo(5);
    assertThat(seen)
        .containsExactly(
            "new-checkout=false:DEFAULT", "missing=x:ERROR", "limit=5:ERROR");
  }

  @Test
  void usageCountsEvaluationsAndFindsStaleFlagsAndUnknownKeys() {
    flags();
    flags.booleanValue("new-checkout", false);
    clock.advance(Duration.ofDays(10));
    flags.booleanValue("new-checkout", false);
    flags.stringValue("color", "x");
    flags.booleanValue("typo-flag", false);
    clock.advance(Duration.ofDays(3));
    FlagUsageReport r = flags.usage();
    assertThat(r.asOf()).isEqualTo(clock.instant());
    FlagUsageReport.Entry nc =
        r.flags().stream().filter(e -> e.key().equals("new-checkout")).findFirst().orElseThrow();
    assertThat(nc.evaluations()).isEqualTo(2);
    assertThat(nc.lastEvaluated()).isEqualTo(clock.instant().minus(Duration.ofDays(3)));
    assertThat(nc.trackedSince()).isEqualTo(ManualClock.DEFAULT_START);
    assertThat(r.neverEvaluated())
        .containsExactly("boolean-result", "config", "limit", "off-flag", "rollout");
    assertThat(r.notEvaluatedSince(Duration.ofDays(1)))
        .containsExactly(
            "boolean-result", "color", "config", "limit", "new-checkout", "off-flag", "rollout");
    assertThat(r.notEvaluatedSince(Duration.ofDays(5)))
        .containsExactly("boolean-result", "config", "limit", "off-flag", "rollout");
    assertThat(r.unknownKeysRequested()).containsExactly("typo-flag");
  }

  @Test
  void repeatedDetailsKeepTheirTypeVariantAndReasonPerRequest() {
    flags();
    EvaluationContext half = EvaluationContext.builder().set("half", true).build();
    for (int round = 0; round < 3; round++) {
      // one numeric flag asked as long, double and int: each answer has its own type
      assertThat(flags.longDetails("limit", 1L, EvaluationContext.empty()).value())
          .isEqualTo(10_000_000_000L);
      assertThat(flags.doubleDetails("limit", 1.0, EvaluationContext.empty()).value())
          .isEqualTo(1.0E10);
      EvaluationDetails<Integer> tooBig = flags.intDetails("limit", 7, EvaluationContext.empty());
      assertThat(tooBig.value()).isEqualTo(7);
      assertThat(tooBig.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
      EvaluationDetails<Double> d = flags.doubleDetails("limit", 1.0, half);
      assertThat(d.value()).isEqualTo(0.5);
      assertThat(d.variant()).isEqualTo("half");
      assertThat(d.reason()).isEqualTo(Reason.TARGETING_MATCH);
      // the same flag and context: the default variant again, by the static reason
      EvaluationDetails<Long> dflt = flags.longDetails("limit", 1L, EvaluationContext.empty());
      assertThat(dflt.variant()).isEqualTo("huge");
      assertThat(dflt.reason()).isEqualTo(Reason.DEFAULT);
      EvaluationDetails<Boolean> on =
          flags.booleanDetails("rollout", false, EvaluationContext.of("user-7"));
      EvaluationDetails<Boolean> other =
          flags.booleanDetails("rollout", true, EvaluationContext.of("user-8"));
      assertThat(on.reason()).isEqualTo(Reason.SPLIT);
      assertThat(other.reason()).isEqualTo(Reason.SPLIT);
      assertThat(on.flagKey()).isEqualTo("rollout");
    }
  }

  @Test
  void lastEvaluatedIsTheUsageClockOfTheSecondTheEvaluationHappenedIn() {
    flags();
    clock.advance(Duration.ofMillis(2_700));
    flags.booleanValue("new-checkout", false);
    clock.advance(Duration.ofMinutes(5));
    FlagUsageReport.Entry nc =
        flags.usage().flags().stream()
            .filter(e -> e.key().equals("new-checkout"))
            .findFirst()
            .orElseThrow();
    // the usage clock ticks every second from when Flags was built: 2.7 s in, it reads 2 s
    assertThat(nc.lastEvaluated()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(2));
    assertThat(nc.evaluations()).isEqualTo(1);
  }

  @Test
  void evaluationDoesNotReadTheClock() {
    java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
    java.time.Clock counting =
        new java.time.Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return clock.getZone();
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public java.time.Instant instant() {
            reads.incrementAndGet();
            return clock.instant();
          }

          @Override
          public long millis() {
            reads.incrementAndGet();
            return clock.millis();
          }
        };
    try (Flags f =
        Flags.builder()
            .clock(counting)
            .scheduler(dev.shipshape.time.Scheduler.manual(clock))
            .source(FlagSource.inMemory().setDocument(DOC))
            .build()) {
      long before = reads.get();
      EvaluationContext ctx =
          EvaluationContext.builder().targetingKey("user-1").set("email", "a@example.com").build();
      for (int i = 0; i < 1_000; i++) {
        f.booleanValue("new-checkout", false, ctx);
        f.stringValue("color", "x", ctx);
      }
      assertThat(reads.get() - before).isZero();
      assertThat(f.usage().flags()).anyMatch(e -> e.evaluations() == 1_000);
    }
  }

  @Test
  void booleanAndStringEvaluationWithAPrebuiltContextAllocateNothing() {
    flags();
    EvaluationContext ada =
        EvaluationContext.builder().targetingKey("user-42").set("email", "ada@example.com").build();
    Allocations.Measured m = Allocations.measure(200_000, 100_000, () -> run(ada));
    assertThat(m.sink()).isPositive();
    // 500,000 evaluations; a single allocation per evaluation would be megabytes
    assertThat(m.bytes()).isLessThan(10_000);
  }

  private long run(EvaluationContext ctx) {
    long n = 0;
    n += flags.booleanValue("new-checkout", false, ctx) ? 1 : 0;
    n += flags.booleanValue("rollout", false, ctx) ? 1 : 0;
    n += flags.stringValue("color", "x", ctx).length();
    n += flags.stringValue("boolean-result", "x", ctx).length();
    n += flags.booleanValue("unknown", false, ctx) ? 1 : 0;
    return n;
  }

  @Test
  void aNullKeyIsAnsweredLikeAnUnknownFlagAndNeverThrows() {
    // Regression: booleanValue(null, ...) threw a NullPointerException.
    List<EvaluationDetails<?>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    flags();
    EvaluationContext ctx = EvaluationContext.of("user-1");
    assertThat(flags.booleanValue(null, true, ctx)).isTrue();
    assertThat(flags.stringValue(null, "d", ctx)).isEqualTo("d");
    assertThat(flags.intValue(null, 7, ctx)).isEqualTo(7);
    assertThat(flags.longValue(null, 8L)).isEqualTo(8L);
    assertThat(flags.doubleValue(null, 0.5)).isEqualTo(0.5);
    assertThat(flags.objectValue(null, "o")).isEqualTo("o");
    EvaluationDetails<Boolean> d = flags.booleanDetails(null, false, ctx);
    assertThat(d.value()).isFalse();
    assertThat(d.reason()).isEqualTo(Reason.ERROR);
    assertThat(d.errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    assertThat(d.errorMessage()).isEqualTo("flag key was null but must name a flag");
    assertThat(flags.usage().unknownKeysRequested()).isEmpty();
    flags.close();

    // with an evaluation listener every typed value goes through the details path
    flags(Listen.toEvaluations(seen::add));
    assertThat(flags.booleanValue(null, true, ctx)).isTrue();
    assertThat(flags.stringValue(null, "d")).isEqualTo("d");
    assertThat(seen).hasSize(2).allSatisfy(e -> assertThat(e.flagKey()).isEmpty());
  }
}
