package dev.shipshape.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.LayeredEvaluationContext;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.testsupport.Allocations;
import dev.shipshape.time.ManualClock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one evaluation costs the provider in memory when the SDK hands it the same user's context
 * again (a new layered context over the same immutable layers, as the SDK builds per call).
 */
class ProviderAllocationTest {

  private static final String FLAGS =
      "{\"flags\": {"
          + "\"static\": {\"state\": \"ENABLED\", \"variants\": {\"on\": true, \"off\": false},"
          + " \"defaultVariant\": \"on\"},"
          + "\"targeted\": {\"state\": \"ENABLED\", \"variants\": {\"on\": true, \"off\": false},"
          + " \"defaultVariant\": \"off\", \"targeting\": {\"if\": [{\"ends_with\":"
          + " [{\"var\": \"email\"}, \"@example.com\"]}, \"on\", \"off\"]}},"
          + "\"split\": {\"state\": \"ENABLED\", \"variants\": {\"a\": \"a\", \"b\": \"b\"},"
          + " \"defaultVariant\": \"a\","
          + " \"targeting\": {\"fractional\": [[\"a\", 50], [\"b\", 50]]}}"
          + "}}";

  private ShipshapeProvider provider;

  @BeforeEach
  void setUp() {
    provider =
        ShipshapeProvider.builder()
            .clock(ManualClock.create())
            .source(FlagSource.inMemory().setDocument(FLAGS))
            .build();
    provider.initialize(new ImmutableContext());
  }

  @AfterEach
  void tearDown() {
    provider.shutdown();
  }

  private long evaluate(ImmutableContext user) {
    long n = 0;
    LayeredEvaluationContext ctx =
        new LayeredEvaluationContext(null, ImmutableContext.EMPTY, null, user);
    n += provider.getBooleanEvaluation("static", false, ctx).getValue() ? 1 : 0;
    n += provider.getBooleanEvaluation("targeted", false, ctx).getValue() ? 1 : 0;
    n += provider.getStringEvaluation("split", "?", ctx).getValue().length();
    return n;
  }

  @Test
  void aRepeatedUserCostsOnlyTheResultObjects() {
    ImmutableContext ann =
        new ImmutableContext("user-42", Map.of("email", new Value("ann@example.com")));
    ProviderEvaluation<Boolean> targeted =
        provider.getBooleanEvaluation(
            "targeted", false, new LayeredEvaluationContext(null, null, null, ann));
    assertThat(targeted.getValue()).isTrue();
    assertThat(targeted.getVariant()).isEqualTo("on");

    // each run makes three calls
    Allocations.Measured m = Allocations.measure(100_000, 10_000, () -> evaluate(ann));
    long perCall = m.perRun() / 3;
    assertThat(m.sink()).isPositive();
    // The provider's evaluation result and the flags client's details (and, here, a third of
    // the test's own layered context), with room to spare; converting the context again would
    // cost several hundred bytes per call.
    assertThat(perCall).isLessThanOrEqualTo(160);
  }

  @Test
  void aMutableUserIsConvertedOnEveryCall() {
    MutableContext user = new MutableContext("user-42").add("email", "ann@example.com");
    LayeredEvaluationContext ctx = new LayeredEvaluationContext(null, null, null, user);
    assertThat(provider.getBooleanEvaluation("targeted", false, ctx).getValue()).isTrue();
    user.add("email", "ann@other.org");
    assertThat(provider.getBooleanEvaluation("targeted", false, ctx).getValue()).isFalse();
  }

  @Test
  void theProviderHasNoHooksAndDoesNotBuildAListForThemPerCall() {
    assertThat(provider.getProviderHooks()).isEmpty();
    assertThat(provider.getProviderHooks()).isSameAs(provider.getProviderHooks());
  }
}
