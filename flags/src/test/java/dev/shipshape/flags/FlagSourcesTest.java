package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlagSourcesTest {

  static String doc(String variant) {
    return "{\"flags\":{\"banner\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"A\",\"b\":\"B\"},"
        + "\"defaultVariant\":\"" + variant + "\"}}}";
  }

  static final String TWO_FLAGS =
      "{\"flags\":{\"banner\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"A\",\"b\":\"B\"},"
          + "\"defaultVariant\":\"b\"},\"extra\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true},"
          + "\"defaultVariant\":\"on\"}}}";

  @TempDir Path dir;
  final ManualClock clock = ManualClock.create();
  final List<FlagSetChange> changes = new CopyOnWriteArrayList<>();
  final List<SourceFailure> failures = new CopyOnWriteArrayList<>();
  final FlagListener recorder =
      new FlagListener() {
        @Override
        public void flagSetChanged(FlagSetChange change) {
          changes.add(change);
        }

        @Override
        public void sourceFailed(SourceFailure failure) {
          failures.add(failure);
        }
      };
  Flags flags;

  @AfterEach
  void close() {
    if (flags != null) {
      flags.close();
    }
  }

  /** Writes {@code content} to {@code file} and builds flags that poll it every second. */
  private Flags polling(Path file, String content) throws IOException {
    Files.writeString(file, content);
    return Flags.builder()
        .clock(clock)
        .source(FlagSource.file(file, Duration.ofSeconds(1)))
        .listener(recorder)
        .build();
  }

  @Test
  void fileSourceIsPolledOnTheSchedulerAndKeepsTheLastGoodFlags() throws IOException {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, doc("a"));
    flags =
        Flags.builder()
            .clock(clock)
            .source(FlagSource.file(file, Duration.ofSeconds(10)))
            .listener(recorder)
            .build();
    Instant loaded = clock.instant();
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
    assertThat(changes)
        .singleElement()
        .satisfies(c -> assertThat(c.added()).containsExactly("banner"));

    Files.writeString(file, TWO_FLAGS);
    clock.advance(Duration.ofSeconds(9));
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
    clock.advance(Duration.ofSeconds(1));
    assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
    assertThat(changes.get(1).added()).containsExactly("extra");
    assertThat(changes.get(1).changed()).containsExactly("banner");
    assertThat(changes.get(1).at()).isEqualTo(loaded.plusSeconds(10));

    Files.writeString(file, "{\"flags\":{\"banner\":{\"state\":\"ENABLED\",\"variants\":{}}}}");
    clock.advance(Duration.ofSeconds(10));
    Instant failedAt = clock.instant();
    assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
    assertThat(flags.booleanValue("extra", false)).isTrue();
    SourceState state = flags.sourceStates().get(0);
    assertThat(state.status()).isEqualTo(SourceStatus.STALE);
    assertThat(state.staleSince()).isEqualTo(failedAt);
    assertThat(state.lastLoaded()).isEqualTo(loaded.plusSeconds(10));
    assertThat(state.lastError()).contains("/flags/banner/variants");
    assertThat(failures).singleElement().satisfies(f -> {
      assertThat(f.sourceName()).isEqualTo(file.toString());
      assertThat(f.cause()).isInstanceOf(FlagDefinitionException.class);
      assertThat(f.since()).isEqualTo(failedAt);
    });

    Files.delete(file);
    clock.advance(Duration.ofSeconds(10));
    assertThat(flags.sourceStates().get(0).staleSince()).isEqualTo(failedAt);
    assertThat(flags.sourceStates().get(0).lastError()).contains("NoSuchFileException");
    assertThat(flags.stringValue("banner", "?")).isEqualTo("B");

    Files.writeString(file, doc("a"));
    clock.advance(Duration.ofSeconds(10));
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
    assertThat(flags.sourceStates().get(0))
        .isEqualTo(
            new SourceState(file.toString(), SourceStatus.FRESH, clock.instant(), null, null));
    assertThat(changes.get(changes.size() - 1).removed()).containsExactly("extra");
  }

  @Test
  void aSourceUnavailableAtStartGivesNoFlagsAndASourceErrorNeverAnException() {
    Path missing = dir.resolve("nope.json");
    flags =
        Flags.builder()
            .clock(clock)
            .source(FlagSource.file(missing))
            .source(FlagSource.classpath("no/such/resource.json"))
            .listener(recorder)
            .build();
    assertThat(flags.booleanDetails("anything", true).errorCode())
        .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    assertThat(flags.sourceStates())
        .extracting(SourceState::status)
        .containsExactly(SourceStatus.NOT_LOADED, SourceStatus.NOT_LOADED);
    assertThat(flags.sourceStates().get(1).lastError())
        .contains("classpath resource 'no/such/resource.json' not found");
    assertThat(failures).hasSize(2);
  }

  @Test
  void classpathSourceLoadsAResource() {
    flags =
        Flags.builder()
            .clock(clock)
            .source(FlagSource.classpath("/flagd-testbed/testkit-flags.json"))
            .build();
    // the testbed file has a $ref to a missing evaluator, so it is refused as a whole
    assertThat(flags.sourceStates().get(0).status()).isEqualTo(SourceStatus.NOT_LOADED);
    flags.close();
    flags =
        Flags.builder().clock(clock).source(FlagSource.classpath("example-flags.json")).build();
    assertThat(flags.sourceStates().get(0).status()).isEqualTo(SourceStatus.FRESH);
    assertThat(flags.intValue("max-cart-items", 0)).isEqualTo(50);
    assertThat(flags.booleanValue("beta-search", true)).isFalse();
  }

  @Test
  void inMemoryChangesApplyAtOnceAndInvalidOnesThrowAtTheCall() {
    InMemoryFlagSource mem = FlagSource.inMemory().putBoolean("dark-mode", false);
    flags = Flags.builder().clock(clock).source(mem).listener(recorder).build();
    assertThat(flags.booleanValue("dark-mode", true)).isFalse();
    mem.putBoolean("dark-mode", true);
    assertThat(flags.booleanValue("dark-mode", false)).isTrue();
    mem.putValue("greeting", "hello")
        .putValue("limit", 42)
        .putValue("cfg", java.util.Map.of("a", 1));
    assertThat(flags.stringValue("greeting", "?")).isEqualTo("hello");
    assertThat(flags.intValue("limit", 0)).isEqualTo(42);
    assertThat(flags.objectValue("cfg", "?")).isEqualTo(java.util.Map.of("a", 1L));
    assertThatThrownBy(() -> mem.putFlag("bad", "{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"defaultVariant\":\"y\"}"))
        .isInstanceOf(FlagDefinitionException.class)
        .hasMessageContaining("/flags/bad/defaultVariant was 'y' but must be a variant (x)");
    mem.remove("greeting");
    assertThat(flags.stringValue("greeting", "?")).isEqualTo("?");
    assertThat(changes.get(changes.size() - 1).removed()).containsExactly("greeting");
    mem.clear();
    assertThat(flags.flagSet().keys()).isEmpty();
    assertThat(failures).isEmpty();
  }

  @Test
  void closeStopsPollingAndClosesOnlyASchedulerItCreated() throws IOException {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, doc("a"));
    Scheduler mine = Scheduler.manual(clock);
    flags =
        Flags.builder()
            .clock(clock)
            .scheduler(mine)
            .source(FlagSource.file(file, Duration.ofSeconds(1)))
            .build();
    flags.close();
    Files.writeString(file, doc("b"));
    clock.advance(Duration.ofSeconds(5));
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
    // the caller's scheduler still works
    boolean[] ran = {false};
    mine.schedule("check", Duration.ofSeconds(1), () -> ran[0] = true);
    clock.advance(Duration.ofSeconds(1));
    assertThat(ran[0]).isTrue();
    mine.close();
  }

  @Test
  void refreshRereadsSourcesWithoutWaitingForThePoll() throws IOException {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, doc("a"));
    flags = Flags.builder().clock(clock).source(FlagSource.file(file, Duration.ofHours(1))).build();
    Files.writeString(file, doc("b"));
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
    flags.refresh();
    assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
  }

  @Test
  void oneSourceInstanceCanFeedSeveralFlagsInstances() throws IOException {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, doc("a"));
    FlagSource shared = FlagSource.file(file, Duration.ofSeconds(1));
    InMemoryFlagSource mem = FlagSource.inMemory().putBoolean("dark-mode", true);
    try (Flags one = Flags.builder().clock(clock).source(shared).source(mem).build();
        Flags two = Flags.builder().clock(clock).source(shared).source(mem).build()) {
      for (Flags f : List.of(one, two)) {
        assertThat(f.stringValue("banner", "?")).isEqualTo("A");
        assertThat(f.booleanValue("dark-mode", false)).isTrue();
      }
      Files.writeString(file, doc("b"));
      mem.putBoolean("dark-mode", false);
      clock.advance(Duration.ofSeconds(1));
      for (Flags f : List.of(one, two)) {
        assertThat(f.stringValue("banner", "?")).isEqualTo("B");
        assertThat(f.booleanValue("dark-mode", true)).isFalse();
      }
    }
  }

  @Test
  void theSameRejectedContentIsReportedOnceNotOnEveryPoll() throws IOException {
    Path file = dir.resolve("flags.json");
    flags = polling(file, "{\"flags\": 1}");
    clock.advance(Duration.ofSeconds(5));
    assertThat(failures).singleElement().satisfies(f ->
        assertThat(f.message()).contains("/flags was '1' but must be an object"));
    assertThat(flags.sourceStates().get(0).status()).isEqualTo(SourceStatus.NOT_LOADED);
  }

  @Test
  void aFileLargerThanTheLimitIsRefusedByItsSizeBeforeItIsRead() throws IOException {
    // Regression: the whole file was read before the 10 MiB limit was checked, so a huge file
    // ended in OutOfMemoryError. The sparse 3 GiB file costs no disk and cannot fit in a String.
    Path file = dir.resolve("flags.json");
    flags = polling(file, doc("a"));
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");

    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(3L * 1024 * 1024 * 1024);
    }
    clock.advance(Duration.ofSeconds(1));

    SourceState state = flags.sourceStates().get(0);
    assertThat(state.status()).isEqualTo(SourceStatus.STALE);
    assertThat(state.lastError())
        .contains(
            "/ was 'more than 10485760 bytes' but must be at most 10485760 bytes"
                + " (maxDocumentBytes)");
    assertThat(failures).singleElement();
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
  }

  @Test
  void sourceNamesMustBeUnique() {
    Path file = dir.resolve("f.json");
    assertThatThrownBy(
            () ->
                Flags.builder()
                    .clock(clock)
                    .source(FlagSource.file(file))
                    .source(FlagSource.file(file))
                    .build())
        .isInstanceOf(FlagsConfigException.class)
        .hasMessageContaining("sources[1] was '" + file + "' but source names must be unique");
  }

  @Test
  void aFileSourceWithANegativePollIntervalAndAnEmptyResourceNameAreRefused() {
    Path file = dir.resolve("f.json");
    assertThatThrownBy(() -> FlagSource.file(file, Duration.ofSeconds(-1)))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessage(
            "invalid file flag source '" + file + "' (1 problem)\n"
                + "  - pollInterval was 'PT-1S' but must be zero or positive");
    assertThatThrownBy(() -> FlagSource.classpath("/"))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessage(
            "invalid classpath flag source (1 problem)\n"
                + "  - resource was '/' but must name a file");
  }

  @ParameterizedTest(name = "after {0}")
  @ValueSource(strings = {"a good load", "the file was missing"})
  void contentRefusedEarlierIsStaleAgainWithItsErrorWhenItComesBack(String between)
      throws IOException {
    // Regression: the repeated refused content was skipped as "already reported", so a source
    // flapping between good and bad content stayed FRESH while it served the bad content; and
    // after a missing file the state kept naming the missing file while the file was back with
    // the refused content, so an operator looked for a file that was there.
    Path file = dir.resolve("flags.json");
    flags = polling(file, doc("a"));
    String bad = "{\"flags\":1}";
    Files.writeString(file, bad);
    clock.advance(Duration.ofSeconds(1));
    String error = flags.sourceStates().get(0).lastError();
    assertThat(error).endsWith("/flags was '1' but must be an object");
    if (between.equals("a good load")) {
      Files.writeString(file, doc("a"));
      clock.advance(Duration.ofSeconds(1));
      assertThat(flags.sourceStates().get(0).status()).isEqualTo(SourceStatus.FRESH);
    } else {
      Files.delete(file);
      clock.advance(Duration.ofSeconds(1));
      assertThat(flags.sourceStates().get(0).lastError()).contains("NoSuchFileException");
    }
    Files.writeString(file, bad);
    clock.advance(Duration.ofSeconds(1));
    SourceState s = flags.sourceStates().get(0);
    assertThat(s.status()).isEqualTo(SourceStatus.STALE);
    assertThat(s.lastError()).isEqualTo(error);
    assertThat(failures).hasSize(3 - (between.equals("a good load") ? 1 : 0));
    assertThat(failures.get(failures.size() - 1).message()).isEqualTo(error);
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedNamingWhereItStopsBeingUtf8() throws IOException {
    // Regression: a Latin-1 file (saved by an editor in the platform encoding) was reported as
    // "MalformedInputException: Input length = 1", which names neither the place nor the cause.
    Path file = dir.resolve("flags.json");
    flags = polling(file, doc("a"));
    Files.write(
        file,
        "{\"flags\":{},\n\"metadata\":{\"owner\":\"caf\u00e9\"}}"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    clock.advance(Duration.ofSeconds(1));
    SourceState s = flags.sourceStates().get(0);
    assertThat(s.status()).isEqualTo(SourceStatus.STALE);
    assertThat(s.lastError())
        .isEqualTo(
            "invalid flag definitions in " + file + " (1 problem)\n"
                + "  - line 2, column 25 was 'byte 0xE9' but must be UTF-8 text");
    assertThat(failures)
        .singleElement()
        .satisfies(f -> assertThat(f.cause()).isInstanceOf(FlagDefinitionException.class));
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
  }

  @Test
  void aClasspathResourceThatIsNotUtf8IsRefusedNotServedWithReplacementCharacters()
      throws IOException {
    // Regression: the resource was decoded leniently, so a Latin-1 "caf\u00e9" variant was served
    // as "caf\ufffd" while the same file or HTTP body was refused.
    Files.write(
        dir.resolve("latin1-flags.json"),
        "{\"flags\":{\"banner\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"caf\u00e9\"},"
            .concat("\"defaultVariant\":\"a\"}}}")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (java.net.URLClassLoader resources =
        new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, before)) {
      thread.setContextClassLoader(resources);
      flags =
          Flags.builder()
              .clock(clock)
              .source(FlagSource.classpath("latin1-flags.json"))
              .listener(recorder)
              .build();
    } finally {
      thread.setContextClassLoader(before);
    }
    assertThat(flags.stringValue("banner", "?")).isEqualTo("?");
    SourceState s = flags.sourceStates().get(0);
    assertThat(s.status()).isEqualTo(SourceStatus.NOT_LOADED);
    assertThat(s.lastError())
        .isEqualTo(
            "invalid flag definitions in classpath:latin1-flags.json (1 problem)\n"
                + "  - line 1, column 59 was 'byte 0xE9' but must be UTF-8 text");
  }
}
