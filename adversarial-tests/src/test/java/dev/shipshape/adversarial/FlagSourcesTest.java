package dev.shipshape.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.FlagsConfigException;
import dev.shipshape.flags.SourceState;
import dev.shipshape.flags.SourceStatus;
import dev.shipshape.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile custom and file sources: whatever a source throws or returns, {@code build()} and
 * {@code refresh()} never throw, the source's state and error say exactly what happened, the last
 * good flags stay, and polling goes on.
 */
class FlagSourcesTest {

  static final String GOOD = FlagDocumentsTest.GOOD;
  static final String OTHER = GOOD.replace("\"A\"", "\"B\"");

  @SuppressWarnings("unchecked")
  static <T extends Throwable> String sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /**
   * A source that loads the good document, then throws {@code thrown} on the next poll, then
   * serves another document: STALE with the exact error in between, FRESH and updated after.
   */
  static Hostile throwsOnce(String name, Throwable thrown, String error) {
    return Hostile.of(
        name,
        () -> {
          Scripted source =
              new Scripted(
                  n ->
                      n == 0
                          ? GOOD
                          : n == 1 ? FlagSourcesTest.<RuntimeException>sneaky(thrown) : OTHER);
          ManualClock clock = ManualClock.create();
          try (Flags flags = Flags.builder().clock(clock).source(source).build()) {
            staleAfterNextPoll(flags, clock).isEqualTo("cannot read custom: " + error);
            clock.advance(Duration.ofSeconds(1));
            assertThat(flags.sourceStates().get(0).status()).isEqualTo(SourceStatus.FRESH);
            assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
          }
        });
  }

  static final List<Hostile> CASES = new ArrayList<>();

  static {
    CASES.add(throwsOnce("read throws an AssertionError", new AssertionError("bug"),
        "java.lang.AssertionError: bug"));
    CASES.add(
        throwsOnce(
            "read throws a NoClassDefFoundError",
            new NoClassDefFoundError("com/acme/Gone"),
            "java.lang.NoClassDefFoundError: com/acme/Gone"));
    CASES.add(throwsOnce("read throws a checked exception it does not declare",
        new java.sql.SQLException("db down"), "java.sql.SQLException: db down"));
    CASES.add(throwsOnce("read throws an IOException", new IOException("disk"),
        "java.io.IOException: disk"));
    CASES.add(throwsOnce("read throws an OutOfMemoryError", new OutOfMemoryError("Java heap space"),
        "java.lang.OutOfMemoryError: Java heap space"));
    CASES.add(throwsOnce("read throws a StackOverflowError", new StackOverflowError(),
        "java.lang.StackOverflowError"));
    CASES.add(throwsOnce("read throws an exception whose message is null",
        new IllegalStateException(), "java.lang.IllegalStateException"));
    CASES.add(Hostile.of("read throws at build", () -> {
      try (Flags flags =
          Flags.builder()
              .clock(ManualClock.create())
              .source(new Scripted(n -> sneaky(new Exception("no"))))
              .build()) {
        SourceState s = flags.sourceStates().get(0);
        assertThat(s.status()).isEqualTo(SourceStatus.NOT_LOADED);
        assertThat(s.lastError()).isEqualTo("cannot read custom: java.lang.Exception: no");
        assertThat(flags.stringValue("banner", "?")).isEqualTo("?");
        assertThatCode(flags::refresh).doesNotThrowAnyException();
      }
    }));
    CASES.add(Hostile.of("read never returns, at build and at a refresh", () -> {
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      Scripted hung =
          new Scripted(
              n -> {
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return GOOD;
              });
      try (Flags flags =
          Flags.builder().loadTimeout(Duration.ofMillis(300)).source(hung).build()) {
        SourceState s = flags.sourceStates().get(0);
        assertThat(s.status()).isEqualTo(SourceStatus.NOT_LOADED);
        assertThat(s.lastError()).startsWith("read of custom has not returned since ");
        assertThatCode(flags::refresh).doesNotThrowAnyException();
        assertThat(hung.reads).hasValue(1);
        assertThat(flags.stringValue("banner", "?")).isEqualTo("?");
      } finally {
        release.countDown();
      }
    }));
    CASES.add(Hostile.of("read answers null (unchanged) before anything was loaded", () -> {
      try (Flags flags =
          Flags.builder().clock(ManualClock.create()).source(new Scripted(n -> null)).build()) {
        SourceState s = flags.sourceStates().get(0);
        assertThat(s.status()).isEqualTo(SourceStatus.NOT_LOADED);
        assertThat(s.lastError()).isNull();
        assertThat(flags.flagSet().keys()).isEmpty();
      }
    }));
    CASES.add(
        Hostile.of(
            "read answers 20 MB from a source that cannot bound itself",
            () -> {
              ManualClock clock = ManualClock.create();
              String huge = "{\"flags\":{},\"pad\":\"" + "p".repeat(20 << 20) + "\"}";
              try (Flags flags =
                  Flags.builder()
                      .clock(clock)
                      .source(new Scripted(n -> n == 0 ? GOOD : huge))
                      .build()) {
                staleAfterNextPoll(flags, clock)
                    .isEqualTo(
                        "invalid flag definitions in custom (1 problem)\n"
                            + "  - / was 'more than 10485760 bytes' but must be at most 10485760"
                            + " bytes (maxDocumentBytes)");
              }
            }));
    CASES.add(Hostile.of("a source that flaps between good and bad on every poll", () -> {
      ManualClock clock = ManualClock.create();
      try (Flags flags =
          Flags.builder()
              .clock(clock)
              .source(new Scripted(n -> n % 2 == 0 ? GOOD : "{\"flags\":1}"))
              .build()) {
        for (int i = 1; i <= 6; i++) {
          clock.advance(Duration.ofSeconds(1));
          SourceState s = flags.sourceStates().get(0);
          assertThat(s.status()).isEqualTo(i % 2 == 0 ? SourceStatus.FRESH : SourceStatus.STALE);
          assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
        }
      }
    }));
    CASES.add(Hostile.of("name() throws", () -> {
      FlagSource broken =
          new Scripted(n -> GOOD) {
            @Override
            public String name() {
              throw new IllegalStateException("no name");
            }
          };
      assertThatThrownBy(() -> Flags.builder().source(broken).build())
          .isInstanceOf(FlagsConfigException.class)
          .hasMessageEndingWith("\n  - sources[0] was '" + broken.getClass().getName()
              + "' but its name() threw java.lang.IllegalStateException: no name");
    }));
    CASES.add(Hostile.of("name() is blank", () -> {
      FlagSource blank =
          new Scripted(n -> GOOD) {
            @Override
            public String name() {
              return " ";
            }
          };
      assertThatThrownBy(() -> Flags.builder().source(blank).build())
          .isInstanceOf(FlagsConfigException.class)
          .hasMessageEndingWith("\n  - sources[0] was '" + blank.getClass().getName()
              + "' but its name() was ' ' (it must name the source)");
    }));
    CASES.add(
        readOnce(
            "pollInterval() throws: read once",
            () -> {
              throw new UnsupportedOperationException("no");
            }));
    CASES.add(readOnce("pollInterval() is negative: read once", () -> Duration.ofSeconds(-1)));
    CASES.add(Hostile.of("onChange() and removeOnChange() throw", () -> {
      ManualClock clock = ManualClock.create();
      Scripted source =
          new Scripted(n -> n == 0 ? GOOD : OTHER) {
            @Override
            public void onChange(Runnable onChange) {
              throw new AssertionError("no callbacks");
            }

            @Override
            public void removeOnChange(Runnable onChange) {
              throw new IllegalStateException("never registered");
            }
          };
      Flags flags = Flags.builder().clock(clock).source(source).build();
      clock.advance(Duration.ofSeconds(1));
      assertThat(flags.stringValue("banner", "?")).as("still polled").isEqualTo("B");
      assertThatCode(flags::close).doesNotThrowAnyException();
    }));
    CASES.add(
        Hostile.of(
            "a file replaced by a directory",
            () -> {
              Path dir = Files.createTempDirectory("hostile");
              Path file = dir.resolve("flags.json");
              Files.writeString(file, GOOD);
              ManualClock clock = ManualClock.create();
              try (Flags flags = polledEverySecond(file, clock)) {
                Files.delete(file);
                Files.createDirectory(file);
                staleAfterNextPoll(flags, clock)
                    .isEqualTo("cannot read " + file + ": java.io.IOException: Is a directory");
              } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
              }
            }));
    CASES.add(
        Hostile.of(
            "a file of invalid UTF-8",
            () -> {
              Path file = Files.createTempFile("hostile", ".json");
              Files.writeString(file, GOOD);
              ManualClock clock = ManualClock.create();
              try (Flags flags = polledEverySecond(file, clock)) {
                Files.write(file, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
                staleAfterNextPoll(flags, clock)
                    .isEqualTo(
                        "invalid flag definitions in "
                            + file
                            + " (1 problem)\n  - line 1, column 2 was 'byte 0xC3' but must be"
                            + " UTF-8 text");
              } finally {
                Files.deleteIfExists(file);
              }
            }));
  }

  @TestFactory
  Stream<DynamicTest> hostileSources() {
    return Hostile.run(CASES);
  }

  /**
   * A source whose {@code pollInterval()} answers with {@code pollInterval}: it is read once, at
   * build, and its flags are served however far the clock moves.
   */
  static Hostile readOnce(String name, Supplier<Duration> pollInterval) {
    return Hostile.of(
        name,
        () -> {
          ManualClock clock = ManualClock.create();
          Scripted source =
              new Scripted(n -> GOOD) {
                @Override
                public Duration pollInterval() {
                  return pollInterval.get();
                }
              };
          try (Flags flags = Flags.builder().clock(clock).source(source).build()) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(source.reads).hasValue(1);
            assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
          }
        });
  }

  /**
   * Moves {@code clock} on to the next poll, checks that the only source turned STALE and that the
   * last good flags (banner {@code A}) stay, and returns an assertion on the source's error.
   */
  static AbstractStringAssert<?> staleAfterNextPoll(Flags flags, ManualClock clock) {
    clock.advance(Duration.ofSeconds(1));
    SourceState s = flags.sourceStates().get(0);
    assertThat(s.status()).isEqualTo(SourceStatus.STALE);
    assertThat(flags.stringValue("banner", "?")).as("the last good flags stay").isEqualTo("A");
    return assertThat(s.lastError()).as("the error of the stale source");
  }

  /** Flags from {@code file}, polled every second of {@code clock}. */
  static Flags polledEverySecond(Path file, ManualClock clock) {
    return Flags.builder()
        .clock(clock)
        .source(FlagSource.file(file, Duration.ofSeconds(1)))
        .build();
  }
}
