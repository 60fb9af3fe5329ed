package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.shipshape.testsupport.LogCapture;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A custom source that throws anything, runs out of memory or never returns is that source
 * failing: it never reaches {@code build()} or {@code refresh()}, never ends polling, and never
 * holds the scheduler's thread.
 */
class SourceFailureTest {

  private final LogCapture logs = LogCapture.all(Level.INFO);
  private final ManualClock clock = ManualClock.create();
  private final List<SourceFailure> failures = new CopyOnWriteArrayList<>();
  private final FlagListener recorder =
      Listen.toFailures(failures::add);
  private Flags flags;

  @AfterEach
  void release() {
    logs.close();
    if (flags != null) {
      flags.close();
    }
  }

  /** A source that answers from a queue of behaviours, then keeps the last one. */
  static final class Scripted implements FlagSource {
    final List<Supplier<String>> script = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    private final Duration every;

    Scripted(Duration every) {
      this.every = every;
    }

    Scripted then(Supplier<String> behaviour) {
      script.add(behaviour);
      return this;
    }

    @Override
    public String name() {
      return "custom";
    }

    @Override
    public Duration pollInterval() {
      return every;
    }

    @Override
    public @Nullable String read() {
      int i = reads.getAndIncrement();
      return script.get(Math.min(i, script.size() - 1)).get();
    }
  }

  @SuppressWarnings("unchecked")
  static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }

  static Supplier<String> throwing(Throwable t) {
    return () -> {
      SourceFailureTest.<RuntimeException>sneaky(t);
      return null;
    };
  }

  static Stream<Arguments> throwables() {
    return Stream.of(
        Arguments.of(new AssertionError("boom"), "java.lang.AssertionError: boom"),
        Arguments.of(
            new NoClassDefFoundError("com/acme/Missing"),
            "java.lang.NoClassDefFoundError: com/acme/Missing"),
        Arguments.of(new IOException("sneaky"), "java.io.IOException: sneaky"),
        Arguments.of(new Exception("checked"), "java.lang.Exception: checked"),
        Arguments.of(new IllegalStateException("state"), "java.lang.IllegalStateException: state"));
  }

  private List<ILoggingEvent> sourceLogs() {
    return logs.events().stream()
        .filter(e -> e.getLoggerName().endsWith("flags.internal.SourceSlot"))
        .filter(e -> e.getMessage().startsWith("flag source '{}' failed;"))
        .toList();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("throwables")
  void anythingACustomReadThrowsIsThatSourceFailingAtBuildPollAndRefresh(
      Throwable thrown, String described) {
    // Regression: errors and sneaky checked exceptions escaped build() and refresh(), and while
    // polling left the source FRESH, told no listener and printed a JUL warning on every poll.
    Scripted source = new Scripted(Duration.ofSeconds(5)).then(throwing(thrown));
    flags = Flags.builder().clock(clock).source(source).listener(recorder).build();
    SourceState s = flags.sourceStates().get(0);
    assertThat(s.status()).isEqualTo(SourceStatus.NOT_LOADED);
    assertThat(s.lastError()).isEqualTo("cannot read custom: " + described);
    assertThat(failures).singleElement().satisfies(f -> assertThat(f.cause()).isSameAs(thrown));
    flags.close();
    failures.clear();

    source = new Scripted(Duration.ofSeconds(5)).then(() -> FlagSourcesTest.doc("a"));
    source.then(throwing(thrown));
    flags = Flags.builder().clock(clock).source(source).listener(recorder).build();
    clock.advance(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    flags.refresh();
    s = flags.sourceStates().get(0);
    assertThat(s.status()).isEqualTo(SourceStatus.STALE);
    assertThat(s.lastError()).isEqualTo("cannot read custom: " + described);
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
    assertThat(failures).hasSize(3);
    assertThat(source.reads).hasValue(4);
    // logged once per cause, not once per poll
    assertThat(sourceLogs()).hasSize(2);
  }

  @Test
  void anOutOfMemoryErrorInAPollIsLoggedMarksTheSourceStaleAndPollingGoesOn() {
    // Regression: the error ended the poll task without a word; the source stayed FRESH and
    // later good edits were never loaded.
    Scripted source =
        new Scripted(Duration.ofSeconds(5))
            .then(() -> FlagSourcesTest.doc("a"))
            .then(throwing(new OutOfMemoryError("Java heap space")))
            .then(() -> FlagSourcesTest.doc("b"));
    flags = Flags.builder().clock(clock).source(source).listener(recorder).build();
    clock.advance(Duration.ofSeconds(5));
    SourceState s = flags.sourceStates().get(0);
    assertThat(s.status()).isEqualTo(SourceStatus.STALE);
    assertThat(s.lastError())
        .isEqualTo("cannot read custom: java.lang.OutOfMemoryError: Java heap space");
    assertThat(sourceLogs())
        .singleElement()
        .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR));
    assertThat(failures).hasSize(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(flags.sourceStates().get(0).status()).isEqualTo(SourceStatus.FRESH);
    assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
  }

  @Test
  void anOutOfMemoryErrorOnTheSystemSchedulerDoesNotEndPolling() throws Exception {
    CountDownLatch loadedB = new CountDownLatch(1);
    Scripted source =
        new Scripted(Duration.ofMillis(50))
            .then(() -> FlagSourcesTest.doc("a"))
            .then(throwing(new OutOfMemoryError("Java heap space")))
            .then(
                () -> {
                  loadedB.countDown();
                  return FlagSourcesTest.doc("b");
                });
    flags = Flags.builder().source(source).listener(recorder).build();
    assertThat(loadedB.await(10, TimeUnit.SECONDS)).isTrue();
    // the read that returned b is applied right after it returns
    long deadline = 10_000;
    while (!"B".equals(flags.stringValue("banner", "?")) && deadline-- > 0) {
      TimeUnit.MILLISECONDS.sleep(1);
    }
    assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
    // (on a busy machine a poll may also find a read still running, a failure without a cause)
    assertThat(failures)
        .anySatisfy(f -> assertThat(f.cause()).isInstanceOf(OutOfMemoryError.class));
  }

  @Test
  void aReadThatNeverReturnsHoldsNeitherTheSchedulerNorOverridesNorClose() throws Exception {
    // Regression: polls read on the scheduler's only thread, under the lock overrides take, so a
    // hung source delayed every other timer of the scheduler and every override.
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    Scripted source =
        new Scripted(Duration.ofMillis(100))
            .then(() -> FlagSourcesTest.doc("a"))
            .then(
                () -> {
                  blocked.countDown();
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return FlagSourcesTest.doc("b");
                });
    Scheduler scheduler = Scheduler.system(Clock.systemUTC(), 1, "test-scheduler",
        (task, failure) -> { });
    try {
      flags = Flags.builder().scheduler(scheduler).source(source).listener(recorder).build();
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      CountDownLatch fired = new CountDownLatch(1);
      ScheduledTask timer = scheduler.schedule("probe-timeout", Duration.ofMillis(50), fired::countDown);
      assertThat(fired.await(2, TimeUnit.SECONDS)).as("timer fired while the read hangs").isTrue();
      timer.cancel();

      flags.overrides().setVariant("banner", "b");
      assertThat(flags.stringValue("banner", "?")).isEqualTo("B");

      // the next polls find the read still running: the source says so, once
      long waited = 0;
      while (flags.sourceStates().get(0).status() != SourceStatus.STALE && waited++ < 5_000) {
        TimeUnit.MILLISECONDS.sleep(1);
      }
      SourceState s = flags.sourceStates().get(0);
      assertThat(s.status()).isEqualTo(SourceStatus.STALE);
      assertThat(s.lastError()).startsWith("read of custom has not returned since ");
      assertThat(source.reads).hasValue(2);

      AtomicReference<Throwable> closing = new AtomicReference<>();
      Thread closer =
          new Thread(
              () -> {
                try {
                  flags.close();
                } catch (Throwable t) {
                  closing.set(t);
                }
              });
      closer.start();
      closer.join(2_000);
      assertThat(closer.isAlive()).as("close() returned while the read hangs").isFalse();
      assertThat(closing.get()).isNull();
    } finally {
      release.countDown();
      scheduler.close();
    }
  }
}
