package dev.shipshape.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** Runs the real {@code promtool} from Debian's {@code prometheus} package, bounded in time. */
public final class Promtool {

  /** How long one promtool run may take before the test fails. */
  public static final Duration TIMEOUT = Duration.ofSeconds(90);

  private Promtool() {}

  /**
   * The promtool on the {@code PATH}; see {@link ExternalTools#require(String, String)}.
   *
   * @return its path
   */
  public static Path require() {
    return ExternalTools.require("promtool", ExternalTools.PROMETHEUS_PACKAGE);
  }

  /**
   * Runs promtool with {@code args} in {@code dir}, failing the test when it takes longer than
   * {@link #TIMEOUT}.
   *
   * @param dir the working directory (rule and test files are named relative to it)
   * @param args the arguments, such as {@code test rules tests.yml}
   * @return the exit code and the combined output
   * @throws IOException when promtool cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static Result run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(require().toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile(dir, "promtool-", ".out");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        Assertions.fail("promtool " + String.join(" ", args) + " did not finish in " + TIMEOUT);
      }
      return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(output);
    }
  }

  /**
   * What a promtool run returned.
   *
   * @param exitCode the exit code, 0 on success
   * @param output standard output and standard error, interleaved
   */
  public record Result(int exitCode, String output) {}
}
