package dev.shipshape.flags.internal.source;

import dev.shipshape.flags.FlagSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** A flagd-format file, re-read on every poll; unchanged content is not parsed again. */
public final class FileFlagSource implements FlagSource {
  private final Path path;
  private final Duration pollInterval;

  /**
   * Creates the source.
   *
   * @param path the file
   * @param pollInterval how often to poll, zero or positive
   */
  public FileFlagSource(Path path, Duration pollInterval) {
    this.path = Objects.requireNonNull(path, "path");
    if (pollInterval.isNegative()) {
      throw new IllegalArgumentException(
          "pollInterval was '" + pollInterval + "' but must be zero or positive");
    }
    this.pollInterval = pollInterval;
  }

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public Duration pollInterval() {
    return pollInterval;
  }

  @Override
  public String read() throws IOException {
    return Files.readString(path);
  }

  @Override
  public String toString() {
    return "FlagSource.file(" + path + ")";
  }
}
