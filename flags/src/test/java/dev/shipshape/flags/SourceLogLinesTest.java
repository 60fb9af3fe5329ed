package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.shipshape.testsupport.LogCapture;
import dev.shipshape.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source's failures and recovery name the source and the error in the message text itself, as
 * a console pattern without key-value pairs ({@code %msg}) prints it.
 */
class SourceLogLinesTest {

  private final LogCapture logs = LogCapture.all(Level.INFO);
  @TempDir Path dir;

  @AfterEach
  void detach() {
    logs.close();
  }

  private List<String> infoAndAbove() {
    return logs.events().stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void failuresAndRecoveryNameTheSourceAndTheError() throws IOException {
    Path file = dir.resolve("flags.json");
    ManualClock clock = ManualClock.create();
    try (Flags flags =
        Flags.builder().clock(clock).source(FlagSource.file(file, Duration.ofSeconds(5))).build()) {
      Files.writeString(file, FlagSourcesTest.doc("a"));
      clock.advance(Duration.ofSeconds(5));
      Files.writeString(file, FlagSourcesTest.doc("c"));
      clock.advance(Duration.ofSeconds(5));
      Files.writeString(file, FlagSourcesTest.doc("b"));
      clock.advance(Duration.ofSeconds(5));
      assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
    }
    assertThat(infoAndAbove())
        .satisfiesExactly(
            missing ->
                assertThat(missing)
                    .startsWith(
                        "flag source '" + file + "' failed; it contributes no flags until a read"
                            + " succeeds: ")
                    .contains("NoSuchFileException"),
            recovered -> assertThat(recovered).isEqualTo("flag source '" + file + "' recovered"),
            rejected ->
                assertThat(rejected)
                    .startsWith("flag source '" + file + "' failed; serving its last good flags: ")
                    .contains("/flags/banner/defaultVariant"),
            again -> assertThat(again).isEqualTo("flag source '" + file + "' recovered"));
  }
}
