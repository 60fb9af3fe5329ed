package dev.shipshape.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.FlagEvaluationOptions;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.HookContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.NoOpTransactionContextPropagator;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.ThreadLocalTransactionContextPropagator;
import dev.openfeature.sdk.Value;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.time.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every type, reason and error code through the real OpenFeature SDK, a client and hooks. */
class ProviderEvaluationTest {

  private final OpenFeatureAPI api = OpenFeatureAPI.getInstance();
  private ShipshapeProvider provider;
  private Client client;

  static String resource(String name) throws IOException {
    try (InputStream in = ProviderEvaluationTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    provider =
        ShipshapeProvider.builder()
            .clock(ManualClock.create())
            .source(FlagSource.inMemory().setDocument(resource("evaluation-flags.json")))
            .build();
    api.setProviderAndWait(provider);
    client = api.getClient();
  }

  @AfterEach
  void tearDown() {
    api.shutdown();
  }

  @Test
  void providerIsNamedShipshape() {
    assertThat(api.getProviderMetadata().getName()).isEqualTo("shipshape");
    assertThat(provider.getMetadata().getName()).isEqualTo(ShipshapeProvider.NAME);
  }

  @Test
  void staticBooleanCarriesVariantReasonAndMergedMetadata() {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("new-checkout", false);
    assertThat(d.getValue()).isTrue();
    assertThat(d.getVariant()).isEqualTo("on");
    assertThat(d.getReason()).isEqualTo(Reason.STATIC.name());
    assertThat(d.getErrorCode()).isNull();
    assertThat(d.getFlagMetadata().getString("owner")).isEqualTo("payments");
    assertThat(d.getFlagMetadata().getInteger("revision")).isEqualTo(3);
    assertThat(d.getFlagMetadata().getDouble("budget")).isEqualTo(0.25);
    assertThat(d.getFlagMetadata().getBoolean("critical")).isTrue();
    assertThat(d.getFlagMetadata().getString("flagSetId")).isEqualTo("shop");
    assertThat(client.getBooleanValue("new-checkout", false)).isTrue();
  }

  @Test
  void stringTargetingMatchesOrFallsBackToTheDefaultVariant() {
    FlagEvaluationDetails<String> hit =
        client.getStringDetails(
            "greeting", "?", new MutableContext().add("email", "ann@example.com"));
    assertThat(hit.getValue()).isEqualTo("hey");
    assertThat(hit.getVariant()).isEqualTo("casual");
    assertThat(hit.getReason()).isEqualTo(Reason.TARGETING_MATCH.name());

    FlagEvaluationDetails<String> miss =
        client.getStringDetails("greeting", "?", new MutableContext().add("email", "bo@other.org"));
    assertThat(miss.getValue()).isEqualTo("Good day");
    assertThat(miss.getVariant()).isEqualTo("formal");
    assertThat(miss.getReason()).isEqualTo(Reason.DEFAULT.name());
  }

  @Test
  void fractionalRolloutIsSplitByTargetingKeyAndNeedsOne() {
    FlagEvaluationDetails<String> d =
        client.getStringDetails("rollout", "?", new ImmutableContext("user-42"));
    assertThat(d.getValue()).isIn("A", "B");
    assertThat(d.getReason()).isEqualTo(Reason.SPLIT.name());
    // The same key always lands in the same bucket.
    for (int i = 0; i < 5; i++) {
      assertThat(client.getStringValue("rollout", "?", new ImmutableContext("user-42")))
          .isEqualTo(d.getValue());
    }

    FlagEvaluationDetails<String> none = client.getStringDetails("rollout", "fallback");
    assertThat(none.getValue()).isEqualTo("fallback");
    assertThat(none.getErrorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
    assertThat(none.getReason()).isEqualTo(Reason.ERROR.name());
  }

  @Test
  void disabledFlagReturnsTheCallersDefault() {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("retired", false);
    assertThat(d.getValue()).isFalse();
    assertThat(d.getVariant()).isNull();
    assertThat(d.getReason()).isEqualTo(Reason.DISABLED.name());
    assertThat(d.getErrorCode()).isNull();
  }

  @Test
  void flagWithoutDefaultVariantReturnsTheCallersDefaultWithReasonDefault() {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("no-default", true);
    assertThat(d.getValue()).isTrue();
    assertThat(d.getVariant()).isNull();
    assertThat(d.getReason()).isEqualTo(Reason.DEFAULT.name());
    assertThat(d.getErrorCode()).isNull();
  }

  @Test
  void integerDoubleAndLongEvaluations() {
    FlagEvaluationDetails<Integer> adult =
        client.getIntegerDetails("page-size", 1, new MutableContext().add("age", 30));
    assertThat(adult.getValue()).isEqualTo(1000);
    assertThat(adult.getVariant()).isEqualTo("large");
    assertThat(adult.getReason()).isEqualTo(Reason.TARGETING_MATCH.name());
    assertThat(client.getIntegerValue("page-size", 1, new MutableContext().add("age", 12)))
        .isEqualTo(10);

    assertThat(client.getDoubleDetails("ratio", 0.0).getValue()).isEqualTo(0.5);
    assertThat(client.getDoubleValue("page-size", 0.0)).isEqualTo(10.0);

    // Beyond 2^53: served exactly, not through a double.
    FlagEvaluationDetails<Long> quota = client.getLongDetails("quota", 0L);
    assertThat(quota.getValue()).isEqualTo(9007199254740993L);
    assertThat(quota.getVariant()).isEqualTo("huge");
    FlagEvaluationDetails<Integer> tooBig = client.getIntegerDetails("quota", 7);
    assertThat(tooBig.getValue()).isEqualTo(7);
    assertThat(tooBig.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void objectFlagBecomesAnImmutableStructure() {
    Value dflt = new Value("default");
    FlagEvaluationDetails<Value> d = client.getObjectDetails("layout", dflt);
    assertThat(d.getVariant()).isEqualTo("grid");
    assertThat(d.getReason()).isEqualTo(Reason.STATIC.name());
    Value expected =
        new Value(
            new ImmutableStructure(
                Map.of(
                    "columns", new Value(3),
                    "tags", new Value(List.of(new Value("a"), new Value("b"))),
                    "dense", new Value(true),
                    "title", new Value("Grid"))));
    assertThat(d.getValue()).isEqualTo(expected);
    assertThat(d.getValue().asStructure().getValue("columns").asInteger()).isEqualTo(3);
    // A second evaluation serves an equal value.
    assertThat(client.getObjectValue("layout", dflt)).isEqualTo(expected);

    FlagEvaluationDetails<Value> wrongType = client.getObjectDetails("greeting", dflt);
    assertThat(wrongType.getValue()).isSameAs(dflt);
    assertThat(wrongType.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void unknownFlagIsFlagNotFound() {
    FlagEvaluationDetails<String> d = client.getStringDetails("nope", "fallback");
    assertThat(d.getValue()).isEqualTo("fallback");
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    assertThat(d.getReason()).isEqualTo(Reason.ERROR.name());
    assertThat(d.getErrorMessage()).contains("nope");
  }

  @Test
  void wrongTypeIsTypeMismatchWithTheCallersDefault() {
    FlagEvaluationDetails<String> d = client.getStringDetails("new-checkout", "fallback");
    assertThat(d.getValue()).isEqualTo("fallback");
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(client.getBooleanDetails("greeting", true).getErrorCode())
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(client.getIntegerDetails("ratio", 4).getValue()).isEqualTo(4);
  }

  @Test
  void targetingThatNamesAnUnknownVariantIsAGeneralError() {
    FlagEvaluationDetails<Boolean> d =
        client.getBooleanDetails("dynamic", true, new MutableContext().add("pick", "maybe"));
    assertThat(d.getValue()).isTrue();
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
    assertThat(d.getReason()).isEqualTo(Reason.ERROR.name());
    assertThat(client.getBooleanValue("dynamic", false, new MutableContext().add("pick", "on")))
        .isTrue();
  }

  @Test
  void nullDefaultsComeBackOnErrors() {
    assertThat(client.getBooleanDetails("nope", null).getValue()).isNull();
    assertThat(client.getStringDetails("nope", null).getValue()).isNull();
    assertThat(client.getIntegerDetails("nope", null).getValue()).isNull();
    assertThat(client.getDoubleDetails("nope", null).getValue()).isNull();
    assertThat(client.getBooleanDetails("new-checkout", null).getValue()).isTrue();
  }

  @Test
  void nestedStructuresListsAndInstantsReachTheRules() {
    MutableContext pro =
        new MutableContext().add("account", new MutableStructure().add("plan", "pro"));
    assertThat(client.getBooleanDetails("pro-plan", false, pro).getVariant()).isEqualTo("on");
    MutableContext free =
        new MutableContext().add("account", new MutableStructure().add("plan", "free"));
    assertThat(client.getBooleanValue("pro-plan", true, free)).isFalse();

    MutableContext beta =
        new MutableContext().add("tags", List.of(new Value("alpha"), new Value("beta")));
    assertThat(client.getBooleanValue("beta-tag", false, beta)).isTrue();
    MutableContext noBeta = new MutableContext().add("tags", List.of(new Value("alpha")));
    assertThat(client.getBooleanValue("beta-tag", true, noBeta)).isFalse();

    MutableContext recent =
        new MutableContext().add("signup", Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(client.getBooleanValue("new-signups", false, recent)).isTrue();
    MutableContext old = new MutableContext().add("signup", Instant.parse("2025-03-01T00:00:00Z"));
    assertThat(client.getBooleanValue("new-signups", true, old)).isFalse();
  }

  @Test
  void contextValueTheRulesCannotReadIsInvalidContext() {
    List<Value> withNull = new ArrayList<>();
    withNull.add(new Value("beta"));
    withNull.add(null);
    FlagEvaluationDetails<Boolean> d =
        client.getBooleanDetails("beta-tag", true, new MutableContext().add("tags", withNull));
    assertThat(d.getValue()).isTrue();
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
    assertThat(d.getErrorMessage()).contains("tags[1]");

    MutableStructure deep = new MutableStructure().add("leaf", "x");
    for (int i = 0; i < 40; i++) {
      deep = new MutableStructure().add("inner", deep);
    }
    FlagEvaluationDetails<Boolean> tooDeep =
        client.getBooleanDetails("pro-plan", false, new MutableContext().add("account", deep));
    assertThat(tooDeep.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
    assertThat(tooDeep.getErrorMessage()).contains("nested deeper than 32");
  }

  @Test
  void aLongAttributeNameIsNotCopiedForEveryElementOfALargeListOrStructure() {
    // Spelling out each element's path ("<name>[i]", "<name>.f") would copy the name once per
    // element: about 10^11 characters here, minutes of work for one evaluation.
    String name = "n".repeat(1_000_000);
    List<Value> items = new ArrayList<>();
    MutableStructure fields = new MutableStructure();
    for (int i = 0; i < 100_000; i++) {
      items.add(new Value("v" + i));
      fields.add("f" + i, i);
    }
    List<Value> endsWithNull = new ArrayList<>(items);
    endsWithNull.add(null);
    MutableContext ctx =
        new MutableContext()
            .add("tags", List.of(new Value("beta")))
            .add(name, items)
            .add(name + "-fields", fields);
    MutableContext invalid =
        new MutableContext()
            .add("tags", List.of(new Value("beta")))
            .add(name, new MutableStructure().add("items", endsWithNull));

    FlagEvaluationDetails<Boolean> d =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> client.getBooleanDetails("beta-tag", false, ctx));
    assertThat(d.getValue()).isTrue();
    assertThat(d.getErrorCode()).isNull();
    FlagEvaluationDetails<Boolean> bad =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> client.getBooleanDetails("beta-tag", false, invalid));
    assertThat(bad.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
    assertThat(bad.getErrorMessage()).startsWith("context attribute '" + name + ".items[");
    assertThat(bad.getErrorMessage().substring(19 + name.length()))
        .isEqualTo(".items[100000]' was not a value");
  }

  // ---------------------------------------------------------- contexts that throw when read

  /** A context whose attributes cannot be read: {@code asUnmodifiableMap} throws. */
  private static MutableContext unreadable(RuntimeException failure) {
    return new MutableContext("user-1", Map.of("account", new Value("secret-account"))) {
      @Override
      public Map<String, Value> asUnmodifiableMap() {
        throw failure;
      }
    };
  }

  /** The caller's default with INVALID_CONTEXT, a message naming only the failure's type. */
  private static <T> void assertInvalidContext(
      FlagEvaluationDetails<T> d, T defaultValue, String failure) {
    assertThat(d.getValue()).isSameAs(defaultValue);
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
    assertThat(d.getReason()).isEqualTo(Reason.ERROR.name());
    assertThat(d.getVariant()).isNull();
    assertThat(d.getErrorMessage()).isEqualTo("context could not be read: " + failure);
  }

  /** A boolean flag's and an object flag's evaluations with {@code ctx} are INVALID_CONTEXT. */
  private void assertBooleanAndObjectInvalid(
      String booleanFlag, Boolean defaultValue, EvaluationContext ctx, String failure) {
    assertInvalidContext(
        client.getBooleanDetails(booleanFlag, defaultValue, ctx), defaultValue, failure);
    Value fallback = new Value("fallback");
    assertInvalidContext(client.getObjectDetails("layout", fallback, ctx), fallback, failure);
  }

  @Test
  void aContextThatThrowsWhenReadIsInvalidContextForEveryType() {
    MutableContext ctx = unreadable(new IllegalStateException("secret-token"));
    Boolean no = Boolean.FALSE;
    Value fallback = new Value("fallback");
    for (int round = 0; round < 2; round++) {
      // Round 0 reads the invocation context alone; round 1 merges it with a client context.
      assertBooleanAndObjectInvalid("new-checkout", no, ctx, "IllegalStateException");
      assertInvalidContext(
          client.getStringDetails("greeting", "?", ctx), "?", "IllegalStateException");
      assertThat(client.getIntegerDetails("page-size", 1, ctx).getErrorCode())
          .isEqualTo(ErrorCode.INVALID_CONTEXT);
      assertThat(client.getLongDetails("quota", 2L, ctx).getErrorCode())
          .isEqualTo(ErrorCode.INVALID_CONTEXT);
      assertThat(client.getDoubleDetails("ratio", 3.0, ctx).getErrorCode())
          .isEqualTo(ErrorCode.INVALID_CONTEXT);
      client.setEvaluationContext(new MutableContext().add("tier", "gold"));
    }
    // The exception's message (which may hold a value) never reaches the caller.
    assertThat(client.getBooleanDetails("new-checkout", no, ctx).getErrorMessage())
        .doesNotContain("secret");
    // The provider itself returns, also when given the context directly rather than the SDK's.
    assertThat(provider.getBooleanEvaluation("new-checkout", no, ctx).getErrorCode())
        .isEqualTo(ErrorCode.INVALID_CONTEXT);
    assertThat(provider.getObjectEvaluation("layout", fallback, ctx).getValue())
        .isSameAs(fallback);
    // A readable context still evaluates afterwards.
    assertThat(client.getBooleanDetails("new-checkout", no).getValue()).isTrue();
  }

  @Test
  void aContextWhoseReadingOverflowsTheStackIsInvalidContext() {
    MutableContext endless =
        new MutableContext("user-1", Map.of("account", new Value("x"))) {
          @Override
          public Map<String, Value> asUnmodifiableMap() {
            return Map.copyOf(asUnmodifiableMap());
          }
        };
    assertBooleanAndObjectInvalid("new-checkout", Boolean.FALSE, endless, "StackOverflowError");
    assertThat(provider.getBooleanEvaluation("new-checkout", false, endless).getErrorCode())
        .isEqualTo(ErrorCode.INVALID_CONTEXT);
  }

  @Test
  void anAttributeThatThrowsWhenConvertedIsInvalidContext() {
    Value hostile =
        new Value("pro") {
          @Override
          public Object asObject() {
            throw new UnsupportedOperationException("secret-token");
          }
        };
    MutableStructure endless =
        new MutableStructure() {
          @Override
          public Map<String, Value> asUnmodifiableMap() {
            throw new StackOverflowError();
          }
        };
    MutableContext scalar = new MutableContext("user-1", Map.of("plan", hostile));
    assertBooleanAndObjectInvalid(
        "pro-plan", Boolean.TRUE, scalar, "UnsupportedOperationException");
    MutableContext nested = new MutableContext("user-1").add("account", endless);
    assertBooleanAndObjectInvalid("pro-plan", Boolean.TRUE, nested, "StackOverflowError");
  }

  @Test
  void nullAttributesAreAbsent() {
    MutableContext ctx = new MutableContext().add("account", (String) null);
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("pro-plan", true, ctx);
    assertThat(d.getErrorCode()).isNull();
    assertThat(d.getValue()).isFalse();
  }

  @Test
  void apiTransactionClientAndInvocationContextsAreMergedWithInvocationWinning() {
    api.setEvaluationContext(new MutableContext().add("region", "eu").add("tier", "bronze"));
    api.setTransactionContextPropagator(new ThreadLocalTransactionContextPropagator());
    api.setTransactionContext(new MutableContext().add("request", "r-1"));
    client.setEvaluationContext(new MutableContext("user-7").add("tier", "silver"));

    assertThat(client.getBooleanValue("merged", false)).isFalse();
    FlagEvaluationDetails<Boolean> d =
        client.getBooleanDetails("merged", false, new MutableContext().add("tier", "gold"));
    assertThat(d.getValue()).isTrue();
    assertThat(d.getReason()).isEqualTo(Reason.TARGETING_MATCH.name());
    // The invocation's targeting key wins over the client's.
    assertThat(
            client.getBooleanValue(
                "merged", false, new MutableContext("user-8").add("tier", "gold")))
        .isFalse();
  }

  @Test
  void immutableContextsChangedBetweenEvaluationsAreNeverAnsweredWithAnEarlierOne() {
    ImmutableContext ann =
        new ImmutableContext("u-1", Map.of("email", new Value("ann@example.com")));
    ImmutableContext bob = new ImmutableContext("u-2", Map.of("email", new Value("bob@other.org")));
    for (int i = 0; i < 3; i++) {
      assertThat(client.getStringValue("greeting", "?", ann)).isEqualTo("hey");
      assertThat(client.getStringValue("greeting", "?", bob)).isEqualTo("Good day");
    }
    try {
      ImmutableContext eu = new ImmutableContext(Map.of("region", new Value("eu")));
      ImmutableContext gold = new ImmutableContext(Map.of("tier", new Value("gold")));
      api.setEvaluationContext(eu);
      api.setTransactionContextPropagator(new ThreadLocalTransactionContextPropagator());
      api.setTransactionContext(new ImmutableContext(Map.of("request", new Value("r-1"))));
      client.setEvaluationContext(new ImmutableContext("user-7"));
      assertThat(client.getBooleanValue("merged", false, gold)).isTrue();

      api.setEvaluationContext(new ImmutableContext(Map.of("region", new Value("us"))));
      assertThat(client.getBooleanValue("merged", false, gold)).isFalse();
      api.setEvaluationContext(eu);
      assertThat(client.getBooleanValue("merged", false, gold)).isTrue();

      api.setTransactionContext(new ImmutableContext(Map.of("request", new Value("r-2"))));
      assertThat(client.getBooleanValue("merged", false, gold)).isFalse();
      api.setTransactionContext(new ImmutableContext(Map.of("request", new Value("r-1"))));
      assertThat(client.getBooleanValue("merged", false, gold)).isTrue();

      client.setEvaluationContext(new ImmutableContext("user-8"));
      assertThat(client.getBooleanValue("merged", false, gold)).isFalse();
      client.setEvaluationContext(new ImmutableContext("user-7"));
      assertThat(client.getBooleanValue("merged", false, gold)).isTrue();

      ImmutableContext silver = new ImmutableContext(Map.of("tier", new Value("silver")));
      assertThat(client.getBooleanValue("merged", false, silver)).isFalse();
      assertThat(client.getBooleanValue("merged", false, gold)).isTrue();
    } finally {
      api.setEvaluationContext(new ImmutableContext());
      api.setTransactionContextPropagator(new NoOpTransactionContextPropagator());
      client.setEvaluationContext(new ImmutableContext());
    }
  }

  @Test
  void aMutableContextChangedBetweenEvaluationsIsReadAfresh() {
    MutableContext user = new MutableContext("u-1").add("email", "ann@example.com");
    assertThat(client.getStringValue("greeting", "?", user)).isEqualTo("hey");
    user.add("email", "ann@other.org");
    assertThat(client.getStringValue("greeting", "?", user)).isEqualTo("Good day");
    user.add("email", "ann@example.com");
    assertThat(client.getStringValue("greeting", "?", user)).isEqualTo("hey");
  }

  @Test
  void hooksSeeTheOutcomeAndCanAddContext() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Hook<Boolean> hook =
        new Hook<>() {
          @Override
          public Optional<EvaluationContext> before(
              HookContext<Boolean> ctx, Map<String, Object> hints) {
            seen.add("before:" + ctx.getProviderMetadata().getName());
            return Optional.of(new MutableContext().add("account", new MutableStructure().add(
                "plan", "pro")));
          }

          @Override
          public void after(
              HookContext<Boolean> ctx,
              FlagEvaluationDetails<Boolean> details,
              Map<String, Object> hints) {
            seen.add("after:" + details.getVariant() + ":" + details.getReason());
          }

          @Override
          public void error(HookContext<Boolean> ctx, Exception error, Map<String, Object> hints) {
            seen.add("error:" + error.getClass().getSimpleName());
          }

          @Override
          public void finallyAfter(
              HookContext<Boolean> ctx,
              FlagEvaluationDetails<Boolean> details,
              Map<String, Object> hints) {
            seen.add("finally:" + details.getValue());
          }
        };
    FlagEvaluationOptions options = FlagEvaluationOptions.builder().hook(hook).build();

    assertThat(client.getBooleanValue("pro-plan", false, new ImmutableContext(), options))
        .isTrue();
    assertThat(seen)
        .containsExactly("before:shipshape", "after:on:TARGETING_MATCH", "finally:true");

    seen.clear();
    assertThat(client.getBooleanValue("nope", false, new ImmutableContext(), options)).isFalse();
    assertThat(seen)
        .containsExactly("before:shipshape", "error:FlagNotFoundError", "finally:false");
  }

  @Test
  void evaluationBeforeInitialisationIsProviderNotReady() {
    ShipshapeProvider fresh =
        ShipshapeProvider.builder().source(FlagSource.inMemory().putBoolean("x", true)).build();
    assertThat(fresh.getBooleanEvaluation("x", false, new ImmutableContext()).getErrorCode())
        .isEqualTo(ErrorCode.PROVIDER_NOT_READY);
  }
}
