package dev.shipshape.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setting a provider again right after it was replaced: SDK 1.22 shuts a replaced provider down on
 * one of its own threads, after initialising the replacement, so that shutdown can land after the
 * provider's new initialisation.
 */
@Timeout(60)
class ProviderReregistrationTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String FLAGS =
      "{\"flags\":{\"banner\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"Spring sale\","
          + "\"b\":\"Summer sale\"},\"defaultVariant\":\"a\"}}}";

  private final ManualClock clock = ManualClock.create();
  private final Scheduler scheduler = Scheduler.manual(clock);
  private final OpenFeatureAPI api = OpenFeatureAPI.getInstance();

  @AfterEach
  void tearDown() {
    api.shutdown();
    scheduler.close();
  }

  private ShipshapeProvider provider() {
    return ShipshapeProvider.builder()
        .scheduler(scheduler)
        .source(FlagSource.inMemory().setDocument(FLAGS))
        .build();
  }

  private static InMemoryProvider other() {
    return new InMemoryProvider(
        Map.of(
            "banner",
            Flag.builder().variant("x", "other").defaultVariant("x").build()));
  }

  @Test
  void aShutdownThatLandsAfterTheNewInitialisationEndsOnlyTheEarlierRegistration()
      throws Exception {
    ShipshapeProvider shipshape = provider();
    DelayedShutdown wrapper = new DelayedShutdown(shipshape);
    Client client = api.getClient();
    api.setProviderAndWait(wrapper);
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Spring sale");

    api.setProviderAndWait(other()); // the SDK now shuts the wrapper down on its own thread...
    assertThat(wrapper.shutdownCalled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    api.setProviderAndWait(wrapper); // ...and the provider is initialised again first
    wrapper.release.countDown();
    assertThat(wrapper.shutdownDone.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    FlagEvaluationDetails<String> d = client.getStringDetails("banner", "none");
    assertThat(d.getErrorCode()).isNull();
    assertThat(d.getValue()).isEqualTo("Spring sale");
    assertThat(shipshape.flags().flagSet().keys()).containsExactly("banner");
  }

  @Test
  void initialisingTwiceNeedsTwoShutdownsToStop() {
    ShipshapeProvider shipshape = provider();
    ImmutableContext ctx = new ImmutableContext();
    shipshape.initialize(ctx);
    shipshape.initialize(ctx);

    shipshape.shutdown();
    assertThat(shipshape.getStringEvaluation("banner", "none", ctx).getValue())
        .isEqualTo("Spring sale");

    shipshape.shutdown();
    assertThat(shipshape.getStringEvaluation("banner", "none", ctx).getErrorCode())
        .isEqualTo(ErrorCode.PROVIDER_NOT_READY);
    shipshape.shutdown(); // a third one is harmless
    shipshape.initialize(ctx);
    assertThat(shipshape.getStringEvaluation("banner", "none", ctx).getValue())
        .isEqualTo("Spring sale");
    shipshape.shutdown();
    assertThat(shipshape.getStringEvaluation("banner", "none", ctx).getErrorCode())
        .isEqualTo(ErrorCode.PROVIDER_NOT_READY);
  }

  @Test
  void settingTheProviderAgainAtOnceKeepsItServing() {
    // The SDK's own thread decides when the old shutdown lands; thirty rounds, each watched for
    // a while, see it land after the new initialisation in most of them.
    ShipshapeProvider shipshape = provider();
    Client client = api.getClient();
    for (int round = 0; round < 30; round++) {
      api.setProviderAndWait(shipshape);
      api.setProviderAndWait(other());
      api.setProviderAndWait(shipshape);
      int r = round;
      await()
          .during(Duration.ofMillis(100))
          .atMost(Duration.ofSeconds(2))
          .untilAsserted(
              () ->
                  assertThat(client.getStringDetails("banner", "none").getValue())
                      .as("round %d", r)
                      .isEqualTo("Spring sale"));
    }
  }

  @Test
  void flagsClosedByTheApplicationAreNotReadyUntilTheProviderIsInitialisedAgain(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, FLAGS);
    ShipshapeProvider shipshape =
        ShipshapeProvider.builder()
            .scheduler(scheduler)
            .source(FlagSource.file(file, Duration.ofSeconds(5)))
            .build();
    Client client = api.getClient();
    api.setProviderAndWait(shipshape);

    shipshape.flags().close(); // polling stops: serving on would freeze the flags silently
    FlagEvaluationDetails<String> d = client.getStringDetails("banner", "none");
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
    assertThat(d.getValue()).isEqualTo("none");

    shipshape.initialize(new ImmutableContext()); // a new client, polling again
    Files.writeString(file, FLAGS.replace("\"defaultVariant\":\"a\"", "\"defaultVariant\":\"b\""));
    clock.advance(Duration.ofSeconds(5));
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Summer sale");
  }

  @Test
  void evaluationsRacingShutdownAndReplacementGiveAValueOrTheDefault() throws Exception {
    Client client = api.getClient();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 20; round++) {
        ShipshapeProvider shipshape = provider();
        api.setProviderAndWait(shipshape);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch evaluating = new CountDownLatch(4);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          threads.add(pool.submit(() -> {
            evaluating.countDown();
            while (!stop.get()) {
              assertThat(client.getStringDetails("banner", "none").getValue())
                  .isIn("Spring sale", "none", "other");
            }
          }));
        }
        assertThat(evaluating.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        if (round % 2 == 0) {
          api.setProviderAndWait(other());
        } else {
          shipshape.shutdown();
        }
        stop.set(true);
        for (Future<?> f : threads) {
          f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS); // rethrows a failed assertion
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Delegates to the provider, holding the SDK's shutdown until the test releases it. */
  private static final class DelayedShutdown implements FeatureProvider {
    final ShipshapeProvider delegate;
    final CountDownLatch shutdownCalled = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch shutdownDone = new CountDownLatch(1);

    DelayedShutdown(ShipshapeProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public Metadata getMetadata() {
      return delegate.getMetadata();
    }

    @Override
    public void initialize(EvaluationContext ctx) {
      delegate.initialize(ctx);
    }

    @Override
    public void shutdown() {
      shutdownCalled.countDown();
      try {
        if (release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          delegate.shutdown();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        shutdownDone.countDown();
      }
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(
        String key, Boolean dflt, EvaluationContext ctx) {
      return delegate.getBooleanEvaluation(key, dflt, ctx);
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(
        String key, String dflt, EvaluationContext ctx) {
      return delegate.getStringEvaluation(key, dflt, ctx);
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(
        String key, Integer dflt, EvaluationContext ctx) {
      return delegate.getIntegerEvaluation(key, dflt, ctx);
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(
        String key, Double dflt, EvaluationContext ctx) {
      return delegate.getDoubleEvaluation(key, dflt, ctx);
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(
        String key, Value dflt, EvaluationContext ctx) {
      return delegate.getObjectEvaluation(key, dflt, ctx);
    }
  }
}
