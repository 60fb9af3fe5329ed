package dev.shipshape.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the programs some tests run (promtool, prometheus). A missing program skips the calling
 * test with how to install it, except under {@code CI=true}, where it fails the test: CI installs
 * them (see {@code .ci/run}), so a missing one there is a broken machine, not a reason to skip.
 */
public final class ExternalTools {

  /** The hint shown when a program of Debian's {@code prometheus} package is missing. */
  public static final String PROMETHEUS_PACKAGE = "apt-get install -y prometheus";

  private ExternalTools() {}

  /**
   * The executable {@code name} on the {@code PATH}.
   *
   * @param name the program's name, such as {@code promtool}
   * @param install how to install it, such as {@value #PROMETHEUS_PACKAGE}
   * @return its path
   * @throws org.opentest4j.TestAbortedException when it is missing outside CI
   * @throws org.opentest4j.AssertionFailedError when it is missing and {@code CI=true}
   */
  public static Path require(String name, String install) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    String message = name + " not found on PATH; install it with: " + install;
    if (isCi()) {
      Assertions.fail(message + " (CI=true requires it)");
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /**
   * Whether the build runs in CI ({@code CI=true}), where missing tools fail tests.
   *
   * @return true under {@code CI=true}
   */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
