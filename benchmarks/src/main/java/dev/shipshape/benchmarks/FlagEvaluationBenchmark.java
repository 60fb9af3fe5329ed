package dev.shipshape.benchmarks;

import static dev.shipshape.benchmarks.BenchmarkInputs.EMAIL;
import static dev.shipshape.benchmarks.BenchmarkInputs.EMAIL_SUFFIX;
import static dev.shipshape.benchmarks.BenchmarkInputs.FRACTIONAL_STRING;
import static dev.shipshape.benchmarks.BenchmarkInputs.FRACTIONAL_VARIANTS;
import static dev.shipshape.benchmarks.BenchmarkInputs.STATIC_BOOLEAN;
import static dev.shipshape.benchmarks.BenchmarkInputs.TARGETED_BOOLEAN;
import static dev.shipshape.benchmarks.BenchmarkInputs.TARGETING_KEY;

import com.launchdarkly.logging.Logs;
import com.launchdarkly.sdk.LDContext;
import com.launchdarkly.sdk.server.Components;
import com.launchdarkly.sdk.server.LDClient;
import com.launchdarkly.sdk.server.LDConfig;
import com.launchdarkly.sdk.server.integrations.FileData;
import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.openfeature.ShipshapeProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ff4j.FF4j;
import org.ff4j.core.Feature;
import org.ff4j.core.FeatureStore;
import org.ff4j.core.FlippingExecutionContext;
import org.ff4j.strategy.AbstractFlipStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.togglz.core.activation.GradualActivationStrategy;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.manager.FeatureManagerBuilder;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.repository.mem.InMemoryStateRepository;
import org.togglz.core.user.SimpleFeatureUser;

/**
 * Flag evaluation: one user, three flags (static boolean, {@code ends_with} targeted boolean, four-way
 * {@code fractional} string), every contender on the same definitions. Method names are {@code
 * <flag>_<contender>}; the results table compares each contender with Shipshape's direct API.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FlagEvaluationBenchmark {

  // ------------------------------------------------------------------------------- Shipshape

  /** Shipshape's flags on the shared file, with a context built once. */
  @State(Scope.Benchmark)
  public static class Shipshape {
    Flags flags;
    dev.shipshape.flags.EvaluationContext context;

    /** Loads the shared flagd file and builds the user's context. */
    @Setup(Level.Trial)
    public void setUp() {
      flags =
          Flags.builder().source(FlagSource.file(copyOfSharedFlagdFile())).build();
      context =
          dev.shipshape.flags.EvaluationContext.builder()
              .targetingKey(TARGETING_KEY)
              .set("email", EMAIL)
              .build();
    }

    /** Closes the flags client. */
    @TearDown(Level.Trial)
    public void tearDown() {
      flags.close();
    }
  }

  /**
   * A contender behind the OpenFeature SDK: its provider registered under its own domain, a client
   * of that domain and the user's context built once.
   */
  @State(Scope.Benchmark)
  public abstract static class OpenFeatureContender {
    Client client;
    EvaluationContext context;
    private FeatureProvider provider;

    /**
     * Registers {@code provider} for {@code domain}, waits until it is ready and takes a client.
     */
    void register(String domain, FeatureProvider provider) {
      this.provider = provider;
      OpenFeatureAPI.getInstance().setProviderAndWait(domain, provider);
      client = OpenFeatureAPI.getInstance().getClient(domain);
      context = new ImmutableContext(TARGETING_KEY, Map.of("email", new Value(EMAIL)));
    }

    /** Shuts the provider down. */
    @TearDown(Level.Trial)
    public void tearDown() {
      provider.shutdown();
    }
  }

  /** Shipshape's flags behind the OpenFeature SDK, through Shipshape's own provider. */
  public static class ShipshapeOpenFeature extends OpenFeatureContender {

    /** Registers the provider on the shared file and waits until it is ready. */
    @Setup(Level.Trial)
    public void setUp() {
      register(
          "shipshape",
          ShipshapeProvider.builder().source(FlagSource.file(copyOfSharedFlagdFile())).build());
    }
  }

  // ---------------------------------------------------------------- OpenFeature SDK + flagd (FILE)

  /** The OpenFeature SDK with the flagd provider evaluating the shared file in-process. */
  public static class OpenFeatureFlagd extends OpenFeatureContender {

    /** Starts the provider on a copy of the shared flagd file and waits until it is ready. */
    @Setup(Level.Trial)
    public void setUp() {
      String path = copyOfSharedFlagdFile().toString();
      register(
          "flagd",
          new FlagdProvider(
              FlagdOptions.builder()
                  .resolverType(Config.Resolver.FILE)
                  .offlineFlagSourcePath(path)
                  .deadline(30_000)
                  .build()));
    }
  }

  // --------------------------------------------------------------- OpenFeature InMemoryProvider

  /** The OpenFeature SDK's own {@code InMemoryProvider}: the floor of any provider behind the SDK. */
  public static class OpenFeatureInMemory extends OpenFeatureContender {

    /** Registers the three flags, with context evaluators for the targeted and split ones. */
    @Setup(Level.Trial)
    public void setUp() {
      Map<String, Flag<?>> flags =
          Map.of(
              STATIC_BOOLEAN,
              Flag.<Boolean>builder()
                  .variant("on", Boolean.TRUE)
                  .variant("off", Boolean.FALSE)
                  .defaultVariant("on")
                  .build(),
              TARGETED_BOOLEAN,
              Flag.<Boolean>builder()
                  .variant("on", Boolean.TRUE)
                  .variant("off", Boolean.FALSE)
                  .defaultVariant("off")
                  .contextEvaluator(
                      (flag, ctx) -> {
                        Value email = ctx.getValue("email");
                        return email != null && email.asString().endsWith(EMAIL_SUFFIX);
                      })
                  .build(),
              FRACTIONAL_STRING,
              Flag.<String>builder()
                  .variant("hearts", "hearts")
                  .variant("spades", "spades")
                  .variant("clubs", "clubs")
                  .variant("diamonds", "diamonds")
                  .defaultVariant("hearts")
                  .contextEvaluator(
                      (flag, ctx) ->
                          FlagdBuckets.pick(
                              FlagdBuckets.hash(
                                  (FRACTIONAL_STRING + ctx.getTargetingKey())
                                      .getBytes(StandardCharsets.UTF_8)),
                              FRACTIONAL_VARIANTS,
                              EQUAL_WEIGHTS,
                              100))
                  .build());
      register("in-memory", new InMemoryProvider(flags));
    }
  }

  // ------------------------------------------------------------------------------- LaunchDarkly

  /** The LaunchDarkly server SDK reading the same flags from its file data source, offline. */
  @State(Scope.Benchmark)
  public static class LaunchDarkly {
    LDClient client;
    LDContext context;

    /** Starts the client on the file data source with events and logging off. */
    @Setup(Level.Trial)
    public void setUp() {
      LDConfig config =
          new LDConfig.Builder()
              .dataSource(
                  FileData.dataSource()
                      .filePaths(
                          BenchmarkInputs.copyToTempFile(BenchmarkInputs.LAUNCHDARKLY_RESOURCE)))
              .events(Components.noEvents())
              .diagnosticOptOut(true)
              .logging(Components.logging(Logs.none()))
              .startWait(Duration.ofSeconds(5))
              .build();
      client = new LDClient("benchmark-sdk-key", config);
      if (!client.isInitialized()) {
        throw new IllegalStateException("LaunchDarkly client did not initialize");
      }
      context = LDContext.builder(TARGETING_KEY).set("email", EMAIL).build();
    }

    /**
     * Closes the client.
     *
     * @throws IOException if closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      client.close();
    }
  }

  // ------------------------------------------------------------------------------------- Togglz

  /** Togglz's features of the benchmark. */
  public enum TogglzFeatures implements org.togglz.core.Feature {
    /** Always on. */
    STATIC_BOOLEAN,
    /** On for 25% of users by Togglz's gradual strategy (its closest match to a split). */
    GRADUAL_25
  }

  /** Togglz with an in-memory state repository and a fixed current user. */
  @State(Scope.Benchmark)
  public static class Togglz {
    FeatureManager manager;

    /** Builds the feature manager and sets both feature states. */
    @Setup(Level.Trial)
    public void setUp() {
      SimpleFeatureUser user = new SimpleFeatureUser(TARGETING_KEY);
      user.setAttribute("email", EMAIL);
      manager =
          FeatureManagerBuilder.begin()
              .featureEnum(TogglzFeatures.class)
              .stateRepository(new InMemoryStateRepository())
              .userProvider(() -> user)
              .build();
      manager.setFeatureState(new FeatureState(TogglzFeatures.STATIC_BOOLEAN, true));
      manager.setFeatureState(
          new FeatureState(TogglzFeatures.GRADUAL_25, true)
              .setStrategyId(GradualActivationStrategy.ID)
              .setParameter(GradualActivationStrategy.PARAM_PERCENTAGE, "25"));
    }
  }

  // --------------------------------------------------------------------------------------- FF4J

  /** An FF4J strategy that is on when the {@code email} value of the context ends with a suffix. */
  public static final class EmailSuffixStrategy extends AbstractFlipStrategy {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean evaluate(
        String featureName, FeatureStore store, FlippingExecutionContext executionContext) {
      if (executionContext == null) {
        return false;
      }
      String email = executionContext.getString("email", false);
      return email != null && email.endsWith(EMAIL_SUFFIX);
    }
  }

  /** FF4J with its default in-memory store, audit off. */
  @State(Scope.Benchmark)
  public static class Ff4j {
    FF4j ff4j;
    FlippingExecutionContext context;

    /** Creates the static feature and the targeted one with an email-suffix strategy. */
    @Setup(Level.Trial)
    public void setUp() {
      ff4j = new FF4j();
      ff4j.audit(false);
      ff4j.createFeature(new Feature(STATIC_BOOLEAN, true));
      Feature targeted = new Feature(TARGETED_BOOLEAN, true);
      targeted.setFlippingStrategy(new EmailSuffixStrategy());
      ff4j.createFeature(targeted);
      context = new FlippingExecutionContext();
      context.putString("email", EMAIL);
    }
  }

  // ------------------------------------------------------------------------------------ floor

  private static final int[] EQUAL_WEIGHTS = {25, 25, 25, 25};

  /** The floor of a fractional split: MurmurHash3 over prebuilt bytes plus the bucket arithmetic. */
  @State(Scope.Benchmark)
  public static class Floor {
    byte[] hashInput;

    /** Prebuilds the hash input {@code flagKey + targetingKey}. */
    @Setup(Level.Trial)
    public void setUp() {
      hashInput = (FRACTIONAL_STRING + TARGETING_KEY).getBytes(StandardCharsets.UTF_8);
    }
  }

  static java.nio.file.Path copyOfSharedFlagdFile() {
    return BenchmarkInputs.copyToTempFile(BenchmarkInputs.FLAGD_RESOURCE);
  }

  // =============================================================================== benchmarks

  // static boolean

  @Benchmark
  public boolean staticBoolean_shipshape(Shipshape s) {
    return s.flags.booleanValue(STATIC_BOOLEAN, false, s.context);
  }

  @Benchmark
  public boolean staticBoolean_shipshapeOpenFeature(ShipshapeOpenFeature s) {
    return s.client.getBooleanValue(STATIC_BOOLEAN, false, s.context);
  }

  @Benchmark
  public boolean staticBoolean_openFeatureFlagd(OpenFeatureFlagd s) {
    return s.client.getBooleanValue(STATIC_BOOLEAN, false, s.context);
  }

  @Benchmark
  public boolean staticBoolean_openFeatureInMemory(OpenFeatureInMemory s) {
    return s.client.getBooleanValue(STATIC_BOOLEAN, false, s.context);
  }

  @Benchmark
  public boolean staticBoolean_launchDarkly(LaunchDarkly s) {
    return s.client.boolVariation(STATIC_BOOLEAN, s.context, false);
  }

  @Benchmark
  public boolean staticBoolean_togglz(Togglz s) {
    return s.manager.isActive(TogglzFeatures.STATIC_BOOLEAN);
  }

  @Benchmark
  public boolean staticBoolean_ff4j(Ff4j s) {
    return s.ff4j.check(STATIC_BOOLEAN);
  }

  // targeted boolean

  @Benchmark
  public boolean targetedBoolean_shipshape(Shipshape s) {
    return s.flags.booleanValue(TARGETED_BOOLEAN, false, s.context);
  }

  @Benchmark
  public boolean targetedBoolean_shipshapeOpenFeature(ShipshapeOpenFeature s) {
    return s.client.getBooleanValue(TARGETED_BOOLEAN, false, s.context);
  }

  @Benchmark
  public boolean targetedBoolean_openFeatureFlagd(OpenFeatureFlagd s) {
    return s.client.getBooleanValue(TARGETED_BOOLEAN, false, s.context);
  }

  @Benchmark
  public boolean targetedBoolean_openFeatureInMemory(OpenFeatureInMemory s) {
    return s.client.getBooleanValue(TARGETED_BOOLEAN, false, s.context);
  }

  @Benchmark
  public boolean targetedBoolean_launchDarkly(LaunchDarkly s) {
    return s.client.boolVariation(TARGETED_BOOLEAN, s.context, false);
  }

  @Benchmark
  public boolean targetedBoolean_ff4j(Ff4j s) {
    return s.ff4j.check(TARGETED_BOOLEAN, s.context);
  }

  // fractional string

  @Benchmark
  public String fractionalString_shipshape(Shipshape s) {
    return s.flags.stringValue(FRACTIONAL_STRING, "none", s.context);
  }

  @Benchmark
  public String fractionalString_shipshapeOpenFeature(ShipshapeOpenFeature s) {
    return s.client.getStringValue(FRACTIONAL_STRING, "none", s.context);
  }

  @Benchmark
  public String fractionalString_openFeatureFlagd(OpenFeatureFlagd s) {
    return s.client.getStringValue(FRACTIONAL_STRING, "none", s.context);
  }

  @Benchmark
  public String fractionalString_openFeatureInMemory(OpenFeatureInMemory s) {
    return s.client.getStringValue(FRACTIONAL_STRING, "none", s.context);
  }

  @Benchmark
  public String fractionalString_launchDarkly(LaunchDarkly s) {
    return s.client.stringVariation(FRACTIONAL_STRING, s.context, "none");
  }

  /** Togglz has no multi-variant split: its gradual strategy (a 25% boolean) stands in. */
  @Benchmark
  public boolean fractionalString_togglzGradual25(Togglz s) {
    return s.manager.isActive(TogglzFeatures.GRADUAL_25);
  }

  @Benchmark
  public String fractionalString_murmur3Floor(Floor s) {
    return FlagdBuckets.pick(FlagdBuckets.hash(s.hashInput), FRACTIONAL_VARIANTS, EQUAL_WEIGHTS, 100);
  }
}
