package dev.shipshape.flags.internal.source;

import dev.shipshape.flags.FlagSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A flagd-format file, re-read on every poll and reported only when its content changed. */
public final class FileFlagSource implements FlagSource {
  private final Path path;
  private final Duration pollInterval;
  private @Nullable String last;

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
  public synchronized @Nullable String read() throws IOException {
    String text = Files.readString(path);
    if (text.equals(last)) {
      return null;
    }
    last = text;
    return text;
  }

  @Override
  public String toString() {
    return "FlagSource.file(" + path + ")";
  }
}
