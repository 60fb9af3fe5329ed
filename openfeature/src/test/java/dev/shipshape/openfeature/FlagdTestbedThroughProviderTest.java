package dev.shipshape.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.OpenFeatureError;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.testsupport.FlagdTestbed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flagd-testbed vectors that the flags module passes, evaluated through the OpenFeature SDK
 * and this provider, must give the testbed's values and the same variant, reason and error as
 * the flags module gives directly. Data: {@link FlagdTestbed} (test-support's {@code
 * flagd-testbed/} resources; see their {@code SOURCE.md}).
 */
class FlagdTestbedThroughProviderTest {

  private static final String DOMAIN = "flagd-testbed";

  private static String document;
  private static Flags direct;
  private static Client client;

  @BeforeAll
  static void load() {
    // without the flags Shipshape refuses at load (flagd serves them their default)
    document = FlagdTestbed.loadable();
    direct = Flags.builder().source(FlagSource.inMemory().setDocument(document)).build();
    ShipshapeProvider provider =
        ShipshapeProvider.builder().source(FlagSource.inMemory().setDocument(document)).build();
    OpenFeatureAPI.getInstance().setProviderAndWait(DOMAIN, provider);
    client = OpenFeatureAPI.getInstance().getClient(DOMAIN);
  }

  @AfterAll
  static void close() {
    direct.close();
    OpenFeatureAPI.getInstance().shutdown();
  }

  @Test
  void theTestkitWithAMissingEvaluatorRefIsRefusedAtStartWithItsPointer() {
    ShipshapeProvider whole =
        ShipshapeProvider.builder().source(FlagSource.classpath(FlagdTestbed.TESTKIT_RESOURCE))
            .build();
    assertThatThrownBy(() -> OpenFeatureAPI.getInstance().setProviderAndWait("whole", whole))
        .isInstanceOf(OpenFeatureError.class)
        .hasMessageContaining("/flags/ref-to-nonexistent-evaluator-flag/targeting/if/0/$ref")
        .hasMessageContaining("$ref was 'nonexistent_evaluator' but must be an evaluator");
  }

  @ParameterizedTest(name = "{0} as {1}, key {2}, context {3}")
  @CsvFileSource(resources = FlagdTestbed.VECTORS_RESOURCE, numLinesToSkip = 1)
  void vectorGivesTheTestbedValueAndTheFlagsModulesDetails(
      String flag,
      String type,
      @Nullable String targetingKey,
      @Nullable String context,
      String dflt,
      String expected,
      @Nullable String errorCode) {
    MutableContext ofContext = openFeatureContext(targetingKey, context);
    EvaluationContext flagsContext = flagsContext(targetingKey, context);
    FlagEvaluationDetails<?> got;
    EvaluationDetails<?> want;
    Object expectedValue;
    switch (type) {
      case "boolean":
        got = client.getBooleanDetails(flag, Boolean.parseBoolean(dflt), ofContext);
        want = direct.booleanDetails(flag, Boolean.parseBoolean(dflt), flagsContext);
        expectedValue = Boolean.parseBoolean(expected);
        break;
      case "integer":
        got = client.getIntegerDetails(flag, Integer.parseInt(dflt), ofContext);
        want = direct.intDetails(flag, Integer.parseInt(dflt), flagsContext);
        expectedValue = Integer.parseInt(expected);
        break;
      case "double":
        got = client.getDoubleDetails(flag, Double.parseDouble(dflt), ofContext);
        want = direct.doubleDetails(flag, Double.parseDouble(dflt), flagsContext);
        expectedValue = Double.parseDouble(expected);
        break;
      default:
        got = client.getStringDetails(flag, dflt, ofContext);
        want = direct.stringDetails(flag, dflt, flagsContext);
        expectedValue = expected;
        break;
    }
    assertThat(got.getValue()).isEqualTo(expectedValue);
    assertThat(got.getErrorCode() == null ? null : got.getErrorCode().name()).isEqualTo(errorCode);
    assertSame(got, want);
  }

  private static void assertSame(FlagEvaluationDetails<?> got, EvaluationDetails<?> want) {
    assertThat(got.getValue()).isEqualTo(want.value());
    assertThat(got.getVariant()).isEqualTo(want.variant());
    assertThat(got.getReason()).isEqualTo(want.reason().name());
    assertThat(got.getErrorCode() == null ? null : got.getErrorCode().name())
        .isEqualTo(want.errorCode() == null ? null : want.errorCode().name());
  }

  @Test
  void objectFlagResolvesToTheTestbedStructure() {
    Value v = client.getObjectValue("object-flag", new Value());
    assertThat(v.asStructure().asObjectMap())
        .isEqualTo(
            Map.of("showImages", true, "title", "Check out these pics!", "imagesPerPage", 100));
    Value zero = client.getObjectValue("object-zero-flag", new Value("x"));
    assertThat(zero.asStructure().asObjectMap()).isEmpty();
  }

  @Test
  void metadataFlagCarriesItsMetadata() {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("metadata-flag", false);
    assertThat(d.getFlagMetadata().getString("string")).isEqualTo("1.0.2");
    assertThat(d.getFlagMetadata().getInteger("integer")).isEqualTo(2);
    assertThat(d.getFlagMetadata().getBoolean("boolean")).isTrue();
    assertThat(d.getFlagMetadata().getDouble("float")).isEqualTo(0.1);
  }

  /** Contexts under which every flag of the testkit is compared, for every value type. */
  static Stream<Arguments> everyFlagUnderEveryType() {
    List<String> keys = new ArrayList<>(FlagdTestbed.flagKeys());
    keys.remove(FlagdTestbed.MISSING_REF_FLAG);
    keys.add("no-such-flag");
    String[][] contexts = {
      {null, null},
      {"jon@company.com", "tier=premium;color=green;email=ballmer@macrosoft.com"},
      {"user1", "user.name=jack;version=2.0.0;id=abcxyz;num=#123"},
      {null, "email=jobs@orange.com;version=v1.0.0;missing_key=x"},
    };
    List<Arguments> out = new ArrayList<>();
    for (String key : keys) {
      for (String[] c : contexts) {
        out.add(Arguments.of(key, c[0], c[1]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, key {1}, context {2}")
  @MethodSource("everyFlagUnderEveryType")
  void everyFlagGivesTheSameDetailsThroughTheProviderAsDirectly(
      String flag, @Nullable String targetingKey, @Nullable String context) {
    MutableContext of = openFeatureContext(targetingKey, context);
    EvaluationContext fc = flagsContext(targetingKey, context);
    assertSame(client.getBooleanDetails(flag, true, of), direct.booleanDetails(flag, true, fc));
    assertSame(client.getStringDetails(flag, "d", of), direct.stringDetails(flag, "d", fc));
    assertSame(client.getIntegerDetails(flag, -1, of), direct.intDetails(flag, -1, fc));
    assertSame(client.getDoubleDetails(flag, -1.5, of), direct.doubleDetails(flag, -1.5, fc));
    assertSame(client.getLongDetails(flag, -2L, of), direct.longDetails(flag, -2L, fc));
  }

  // ---------------------------------------------------------------- the vectors' context syntax

  private static Map<String, Object> attributes(@Nullable String context) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (context == null || context.isEmpty()) {
      return out;
    }
    for (String pair : context.split(";")) {
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq);
      String raw = pair.substring(eq + 1);
      Object value = raw.startsWith("#") ? (Object) Long.parseLong(raw.substring(1)) : raw;
      int dot = name.indexOf('.');
      if (dot < 0) {
        out.put(name, value);
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> nested =
            (Map<String, Object>)
                out.computeIfAbsent(name.substring(0, dot), k -> new LinkedHashMap<>());
        nested.put(name.substring(dot + 1), value);
      }
    }
    return out;
  }

  private static MutableContext openFeatureContext(
      @Nullable String targetingKey, @Nullable String context) {
    Map<String, Value> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : attributes(context).entrySet()) {
      values.put(e.getKey(), value(e.getValue()));
    }
    return new MutableContext(targetingKey, values);
  }

  private static Value value(Object o) {
    if (o instanceof Long) {
      return new Value(((Long) o).intValue());
    }
    if (o instanceof Map) {
      MutableStructure s = new MutableStructure();
      ((Map<?, ?>) o).forEach((k, v) -> s.add((String) k, value(v)));
      return new Value(s);
    }
    return new Value((String) o);
  }

  private static EvaluationContext flagsContext(
      @Nullable String targetingKey, @Nullable String context) {
    EvaluationContext.Builder b = EvaluationContext.builder().targetingKey(targetingKey);
    for (Map.Entry<String, Object> e : attributes(context).entrySet()) {
      Object v = e.getValue();
      if (v instanceof Long) {
        b.set(e.getKey(), (long) (Long) v);
      } else if (v instanceof Map) {
        @SuppressWarnings("unchecked")
        Map<String, ?> m = (Map<String, ?>) v;
        b.set(e.getKey(), m);
      } else {
        b.set(e.getKey(), (String) v);
      }
    }
    return b.build();
  }
}
