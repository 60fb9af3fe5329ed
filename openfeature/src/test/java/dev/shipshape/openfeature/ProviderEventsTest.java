package dev.shipshape.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.exceptions.OpenFeatureError;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.SourceStatus;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider events observed by SDK handlers while a flag file is reloaded, broken, repaired and
 * removed, with all polling driven by a manual clock.
 */
class ProviderEventsTest {

  private static final Duration POLL = Duration.ofSeconds(5);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static final String V1 =
      "{\"flags\":{\"banner\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"Spring sale\","
          + "\"b\":\"Summer sale\"},\"defaultVariant\":\"a\"}}}";
  private static final String V2 =
      "{\"flags\":{\"banner\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"Spring sale\","
          + "\"b\":\"Summer sale\"},\"defaultVariant\":\"b\"},"
          + "\"dark-mode\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"on\"}}}";

  @TempDir Path dir;
  private Path file;
  private final ManualClock clock = ManualClock.create();
  private final Scheduler scheduler = Scheduler.manual(clock);
  private final OpenFeatureAPI api = OpenFeatureAPI.getInstance();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<EventDetails> details = new CopyOnWriteArrayList<>();
  private Client client;

  @BeforeEach
  void setUp() {
    file = dir.resolve("flags.json");
    client = api.getClient();
    client.onProviderReady(e -> record("READY", e));
    client.onProviderStale(e -> record("STALE", e));
    client.onProviderError(e -> record("ERROR", e));
    client.onProviderConfigurationChanged(e -> record("CHANGED" + e.getFlagsChanged(), e));
  }

  private void record(String what, EventDetails e) {
    details.add(e);
    events.add(what);
  }

  @AfterEach
  void tearDown() {
    api.shutdown();
    scheduler.close();
  }

  private ShipshapeProvider fileProvider() {
    return ShipshapeProvider.builder()
        .scheduler(scheduler)
        .source(FlagSource.file(file, POLL))
        .build();
  }

  private void write(String text) throws IOException {
    Files.writeString(file, text);
  }

  private void awaitEvents(String... expected) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(events).containsExactly(expected));
  }

  private @Nullable EventDetails last(String prefix) {
    EventDetails found = null;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith(prefix)) {
        found = details.get(i);
      }
    }
    return found;
  }

  /** Writes V1, sets a provider reading it and waits for READY. */
  private ShipshapeProvider readyOnV1() throws IOException {
    write(V1);
    ShipshapeProvider provider = fileProvider();
    api.setProviderAndWait(provider);
    awaitEvents("READY");
    return provider;
  }

  @Test
  void fileReloadEmitsConfigurationChangedWithTheChangedKeys() throws IOException {
    readyOnV1();
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Spring sale");

    write(V2);
    clock.advance(POLL);

    awaitEvents("READY", "CHANGED[banner, dark-mode]");
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Summer sale");
    assertThat(client.getBooleanValue("dark-mode", false)).isTrue();
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
  }

  @Test
  void unchangedFileEmitsNothing() throws IOException {
    readyOnV1();
    clock.advance(POLL.multipliedBy(10));
    // The status watch runs on the same polls; give any stray event time to arrive.
    await().during(Duration.ofMillis(300)).atMost(WAIT).untilAsserted(
        () -> assertThat(events).containsExactly("READY"));
  }

  @Test
  void brokenFileIsStaleAndKeepsServingTheLastGoodFlagsUntilRepaired() throws IOException {
    ShipshapeProvider provider = readyOnV1();

    write("{\"flags\": {\"banner\": ");
    clock.advance(POLL);

    awaitEvents("READY", "STALE");
    assertThat(client.getProviderState()).isEqualTo(ProviderState.STALE);
    assertThat(last("STALE").getMessage()).contains(file.toString()).contains("stale");
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Spring sale");
    assertThat(provider.flags().sourceStates().get(0).status()).isEqualTo(SourceStatus.STALE);

    // Still broken on the next poll: no repeated event.
    clock.advance(POLL);
    // Repaired with the very content it had before: no flag changed, the provider is READY.
    write(V1);
    clock.advance(POLL);

    awaitEvents("READY", "STALE", "READY");
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Spring sale");
  }

  @Test
  void nestedMetadataIsRefusedAsFlagdsSchemaRefusesItAndTheLastGoodFlagsStay()
      throws IOException {
    readyOnV1();

    write(V1.replace("\"defaultVariant\":\"a\"",
        "\"defaultVariant\":\"b\",\"metadata\":{\"owner\":{\"team\":\"web\"}}"));
    clock.advance(POLL);

    awaitEvents("READY", "STALE");
    assertThat(last("STALE").getMessage())
        .contains("/flags/banner/metadata/owner")
        .contains("must be a string, number or boolean");
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Spring sale");
  }

  @Test
  void repairWithNewContentEmitsTheChangeAndReady() throws IOException {
    readyOnV1();
    write("not json");
    clock.advance(POLL);
    awaitEvents("READY", "STALE");

    write(V2);
    clock.advance(POLL);

    await().atMost(WAIT).untilAsserted(
        () -> assertThat(events).containsExactlyInAnyOrder(
            "READY", "STALE", "CHANGED[banner, dark-mode]", "READY"));
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Summer sale");
  }

  @Test
  void deletedFileIsStaleUntilItComesBack() throws IOException {
    readyOnV1();

    Files.delete(file);
    clock.advance(POLL);
    awaitEvents("READY", "STALE");
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Spring sale");

    write(V1);
    clock.advance(POLL);
    awaitEvents("READY", "STALE", "READY");
  }

  @Test
  void nothingLoadedAtStartIsAnErrorUntilTheFileAppears() throws IOException {
    ShipshapeProvider provider = fileProvider();
    assertThatThrownBy(() -> api.setProviderAndWait(provider))
        .isInstanceOf(OpenFeatureError.class)
        .hasMessageContaining("no flag source could be loaded")
        .hasMessageContaining(file.toString());
    awaitEvents("ERROR");
    assertThat(last("ERROR").getMessage()).contains("no flag source could be loaded");
    assertThat(client.getProviderState()).isEqualTo(ProviderState.ERROR);
    // Not FLAG_NOT_FOUND: the flag may well be in the file that could not be read.
    FlagEvaluationDetails<String> notReady = client.getStringDetails("banner", "none");
    assertThat(notReady.getValue()).isEqualTo("none");
    assertThat(notReady.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
    assertThat(notReady.getErrorMessage())
        .startsWith("no flag source has loaded yet: flag source '")
        .contains(file.toString());

    write(V1);
    clock.advance(POLL);

    await().atMost(WAIT).untilAsserted(
        () -> assertThat(events).containsExactlyInAnyOrder("ERROR", "CHANGED[banner]", "READY"));
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Spring sale");
  }

  @Test
  void aSourceWhoseReadHangsCostsTheStartOnlyTheLoadTimeoutAndIsServedOnceItReturns() {
    CountDownLatch release = new CountDownLatch(1);
    FlagSource hanging =
        new FlagSource() {
          @Override
          public String name() {
            return "hanging";
          }

          @Override
          public @Nullable String read() throws IOException {
            try {
              release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("interrupted");
            }
            return V1;
          }
        };
    // the system clock and scheduler, as in production: a manual clock would hold the timeout
    ShipshapeProvider provider =
        ShipshapeProvider.builder().loadTimeout(Duration.ofMillis(300)).source(hanging).build();
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () ->
              assertThatThrownBy(() -> api.setProviderAndWait(provider))
                  .isInstanceOf(OpenFeatureError.class)
                  .hasMessageContaining("no flag source could be loaded")
                  .hasMessageContaining("read of hanging has not returned since"));
      FlagEvaluationDetails<String> notReady = client.getStringDetails("banner", "none");
      assertThat(notReady.getValue()).isEqualTo("none");
      assertThat(notReady.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
      assertThat(notReady.getErrorMessage()).contains("hanging");
      assertTimeoutPreemptively(Duration.ofSeconds(5), provider::refresh, "refresh is bounded too");
    } finally {
      release.countDown();
    }

    await().atMost(WAIT).untilAsserted(
        () -> assertThat(events).containsExactlyInAnyOrder("ERROR", "CHANGED[banner]", "READY"));
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Spring sale");
  }

  @Test
  void partlyLoadedAtStartIsReadyThenStale() {
    ShipshapeProvider provider =
        ShipshapeProvider.builder()
            .scheduler(scheduler)
            .source(FlagSource.inMemory().putBoolean("kill-switch", false))
            .source(FlagSource.file(file, POLL))
            .build();
    api.setProviderAndWait(provider);

    await().atMost(WAIT).untilAsserted(
        () -> assertThat(client.getProviderState()).isEqualTo(ProviderState.STALE));
    // The SDK runs each handler on a pooled thread: the two may arrive in either order.
    await().atMost(WAIT).untilAsserted(
        () -> assertThat(events).containsExactlyInAnyOrder("READY", "STALE"));
    assertThat(last("STALE").getMessage()).contains("not loaded").contains(file.toString());
    assertThat(client.getBooleanDetails("kill-switch", true).getValue()).isFalse();
  }

  @Test
  void aSourceThatRecoversWithoutChangingAFlagMakesTheProviderReadyWithoutAnyPolling() {
    // Regression: the provider found such a recovery only by polling the sources' states on the
    // shortest poll interval, so a source that is never polled stayed STALE for good.
    AtomicInteger reads = new AtomicInteger();
    List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    FlagSource announcing =
        new FlagSource() {
          @Override
          public String name() {
            return "announcing";
          }

          @Override
          public @Nullable String read() throws IOException {
            if (reads.getAndIncrement() == 1) {
              throw new IOException("backend restarting");
            }
            return V1;
          }

          @Override
          public void onChange(Runnable onChange) {
            callbacks.add(onChange);
          }
        };
    ShipshapeProvider provider =
        ShipshapeProvider.builder().scheduler(scheduler).source(announcing).build();
    api.setProviderAndWait(provider);
    awaitEvents("READY");

    callbacks.forEach(Runnable::run); // the read fails
    awaitEvents("READY", "STALE");
    callbacks.forEach(Runnable::run); // the same document again: no flag changed

    awaitEvents("READY", "STALE", "READY");
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
  }

  @Test
  void overridesEmitConfigurationChanged() throws IOException {
    ShipshapeProvider provider = readyOnV1();

    provider.flags().overrides().setVariant("banner", "b");

    awaitEvents("READY", "CHANGED[banner]");
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Summer sale");
  }

  @Test
  void refreshReadsTheFileWithoutWaitingForThePoll() throws IOException {
    write(V1);
    ShipshapeProvider provider = fileProvider();
    api.setProviderAndWait(provider);
    write(V2);

    provider.refresh();

    assertThat(client.getStringValue("banner", "none")).isEqualTo("Summer sale");
    await().atMost(WAIT).untilAsserted(
        () -> assertThat(events).contains("CHANGED[banner, dark-mode]"));
  }

  @Test
  void shutdownStopsPollingAndASecondInitialisationStartsAfresh() throws IOException {
    write(V1);
    AtomicInteger reads = new AtomicInteger();
    FlagSource file = FlagSource.file(this.file, POLL);
    FlagSource counting =
        new FlagSource() {
          @Override
          public String name() {
            return file.name();
          }

          @Override
          public Duration pollInterval() {
            return file.pollInterval();
          }

          @Override
          public @Nullable String read() throws IOException {
            reads.incrementAndGet();
            return file.read();
          }
        };
    ShipshapeProvider provider =
        ShipshapeProvider.builder().scheduler(scheduler).source(counting).build();
    api.setProviderAndWait(provider);
    clock.advance(POLL.multipliedBy(2));
    assertThat(reads).hasValue(3);

    // Replacing the provider shuts it down (on an SDK thread).
    api.setProviderAndWait(new NoOpProvider());
    await().atMost(WAIT).untilAsserted(
        () -> assertThatThrownBy(provider::flags).isInstanceOf(IllegalStateException.class));

    write(V2);
    clock.advance(POLL.multipliedBy(10));
    assertThat(reads).hasValue(3);
    assertThat(
            provider.getStringEvaluation("banner", "none", new ImmutableContext()).getErrorCode())
        .isEqualTo(ErrorCode.PROVIDER_NOT_READY);
    assertThat(events).doesNotContain("CHANGED[banner, dark-mode]");

    // Set again: the sources are read afresh and polled again.
    api.setProviderAndWait(provider);
    assertThat(reads).hasValue(4);
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Summer sale");
    write(V1);
    clock.advance(POLL);
    assertThat(reads).hasValue(5);
    assertThat(client.getStringValue("banner", "none")).isEqualTo("Spring sale");
    await().atMost(WAIT).untilAsserted(
        () -> assertThat(events).contains("CHANGED[banner, dark-mode]"));
  }

  @Test
  void providerCreatesAndClosesItsOwnSchedulerWhenNoneIsGiven() throws IOException {
    write(V1);
    ShipshapeProvider provider =
        ShipshapeProvider.builder().clock(clock).source(FlagSource.file(file, POLL)).build();
    api.setProviderAndWait(provider);
    write(V2);

    // Scheduler.forClock(manual clock) is a manual scheduler: the poll runs as the clock moves.
    clock.advance(POLL);

    assertThat(client.getStringValue("banner", "none")).isEqualTo("Summer sale");
    api.shutdown();
    write(V1);
    clock.advance(POLL.multipliedBy(3));
    assertThatThrownBy(provider::flags).isInstanceOf(IllegalStateException.class);
  }
}
