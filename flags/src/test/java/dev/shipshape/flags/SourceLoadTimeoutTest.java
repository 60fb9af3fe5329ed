package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A source whose read never returns cannot hold {@code build()} or {@code refresh()}: they wait at
 * most the load timeout, report the source, and apply its read whenever it returns.
 */
class SourceLoadTimeoutTest {

  private static final Duration TIMEOUT = Duration.ofMillis(200);

  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch reading = new CountDownLatch(1);
  private final List<SourceFailure> failures = new CopyOnWriteArrayList<>();
  private final List<SourceStateChange> changes = new CopyOnWriteArrayList<>();
  private final FlagListener recorder =
      new FlagListener() {
        @Override
        public void sourceFailed(SourceFailure failure) {
          failures.add(failure);
        }

        @Override
        public void sourceStateChanged(SourceStateChange change) {
          changes.add(change);
        }
      };
  private @Nullable Flags flags;

  @AfterEach
  void release() {
    release.countDown();
    if (flags != null) {
      flags.close();
    }
  }

  /** A source whose reads block until the test releases them, then answer a document. */
  private final class Hanging implements FlagSource {
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public String name() {
      return "hanging";
    }

    @Override
    public @Nullable String read() throws java.io.IOException {
      reads.incrementAndGet();
      reading.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted");
      }
      return FlagSourcesTest.doc("b");
    }
  }

  /** Builds on another thread, so that a build that never returns fails the test, not hangs it. */
  private CompletableFuture<Flags> buildAsync(Flags.Builder builder) {
    CompletableFuture<Flags> built = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                built.complete(builder.build());
              } catch (Throwable e) {
                built.completeExceptionally(e);
              }
            },
            "test-build");
    t.setDaemon(true);
    t.start();
    return built;
  }

  @Test
  void buildReturnsAfterTheLoadTimeoutWithTheHungSourceNotLoadedAndAppliesItsReadLater()
      throws Exception {
    // Regression: build() read every source on the calling thread and waited for ever.
    Hanging hanging = new Hanging();
    InMemoryFlagSource memory = FlagSource.inMemory().putBoolean("kill-switch", true);
    CompletableFuture<Flags> built =
        buildAsync(
            Flags.builder()
                .clock(Clock.systemUTC())
                .loadTimeout(TIMEOUT)
                .source(memory)
                .source(hanging)
                .listener(recorder));
    flags = built.get(10, TimeUnit.SECONDS);

    assertThat(flags.booleanValue("kill-switch", false)).isTrue();
    assertThat(flags.stringValue("banner", "?")).isEqualTo("?");
    SourceState state = flags.sourceStates().get(1);
    assertThat(state.status()).isEqualTo(SourceStatus.NOT_LOADED);
    assertThat(state.lastError()).startsWith("read of hanging has not returned since ");
    assertThat(failures).singleElement().satisfies(f -> assertThat(f.sourceName()).isEqualTo("hanging"));
    assertThat(changes)
        .singleElement()
        .satisfies(c -> assertThat(c.current().sourceName()).startsWith("in-memory-"));

    // refresh() is bounded too, and starts no second read behind the hung one
    CompletableFuture<Void> refreshed = CompletableFuture.runAsync(flags::refresh);
    refreshed.get(10, TimeUnit.SECONDS);
    assertThat(hanging.reads).hasValue(1);
    assertThat(failures).hasSize(1);

    release.countDown();
    long waited = 0;
    while (flags.sourceStates().get(1).status() != SourceStatus.FRESH && waited++ < 10_000) {
      TimeUnit.MILLISECONDS.sleep(1);
    }
    assertThat(flags.sourceStates().get(1).status()).isEqualTo(SourceStatus.FRESH);
    assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
    assertThat(changes)
        .last()
        .satisfies(
            c -> {
              assertThat(c.previous()).isEqualTo(SourceStatus.NOT_LOADED);
              assertThat(c.current().sourceName()).isEqualTo("hanging");
              assertThat(c.current().status()).isEqualTo(SourceStatus.FRESH);
            });
  }

  @Test
  void underAManualClockTheLoadTimeoutPassesAsTheClockIsAdvanced() throws Exception {
    ManualClock clock = ManualClock.create();
    Scheduler scheduler = Scheduler.manual(clock);
    try {
      CompletableFuture<Flags> built =
          buildAsync(
              Flags.builder()
                  .clock(clock)
                  .scheduler(scheduler)
                  .loadTimeout(Duration.ofSeconds(30))
                  .source(new Hanging())
                  .listener(recorder));
      assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
      clock.advance(Duration.ofSeconds(29));
      assertThat(built).isNotDone();
      clock.advance(Duration.ofSeconds(1));
      flags = built.get(10, TimeUnit.SECONDS);

      SourceState state = flags.sourceStates().get(0);
      assertThat(state.status()).isEqualTo(SourceStatus.NOT_LOADED);
      assertThat(state.lastError())
          .isEqualTo("read of hanging has not returned since " + ManualClock.DEFAULT_START);
      assertThat(failures).hasSize(1);
    } finally {
      release.countDown();
      if (flags != null) {
        flags.close();
        flags = null;
      }
      scheduler.close();
    }
  }

  @Test
  void theLoadTimeoutMustBePositive() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Flags.builder().loadTimeout(Duration.ZERO))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessage(
            "invalid Flags configuration (1 problem)\n"
                + "  - loadTimeout was 'PT0S' but must be positive");
    assertThat(Flags.DEFAULT_LOAD_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
  }
}
