package dev.shipshape.flags.internal.source;

import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.FlagsConfigException;
import dev.shipshape.time.config.ConfigProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A flagd-format file, re-read on every poll; unchanged content is not parsed again. A file larger
 * than the document limit is refused by its size, before it is read.
 */
public final class FileFlagSource implements FlagSource, BoundedSource {
  private final Path path;
  private final Duration pollInterval;

  /**
   * Creates the source.
   *
   * @param path the file
   * @param pollInterval how often to poll, zero or positive
   * @throws FlagsConfigException when the poll interval is negative
   */
  public FileFlagSource(Path path, Duration pollInterval) {
    this.path = Objects.requireNonNull(path, "path");
    if (pollInterval.isNegative()) {
      throw new FlagsConfigException(
          "file flag source '" + path + "'",
          List.of(ConfigProblem.of("pollInterval", pollInterval, "must be zero or positive")));
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
    return read(FlagLimits.DEFAULT_MAX_DOCUMENT_BYTES);
  }

  @Override
  public String read(long maxBytes) throws IOException {
    long size = Files.size(path);
    if (size > maxBytes) {
      throw new TooLargeException(path + " has " + size + " bytes, more than " + maxBytes);
    }
    // the file may grow between the size check and the read: read no more than the limit
    try (InputStream in = Files.newInputStream(path)) {
      return BoundedSource.readBounded(in, maxBytes, path.toString());
    }
  }

  @Override
  public String toString() {
    return "FlagSource.file(" + path + ")";
  }
}
