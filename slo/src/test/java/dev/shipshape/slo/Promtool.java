package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs the real {@code promtool}. Without it the calling test is skipped with how to
 * install it, except under {@code CI=true}, where a missing promtool fails the test.
 */
final class Promtool {
  static final String INSTALL = "promtool not found on PATH; install it with: apt-get install -y prometheus";

  private Promtool() {}

  static Path require() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, "promtool");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(INSTALL + " (CI=true requires it)");
    }
    Assumptions.abort(INSTALL);
    throw new AssertionError("unreachable");
  }

  /** Runs promtool with {@code args} in {@code dir}; returns exit code and combined output. */
  static Result run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(require().toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("promtool did not finish in 60 s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  record Result(int exitCode, String output) {}
}
