package dev.shipshape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both commands read their options the same way, and a bad command line exits with 2. */
class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) throws Exception {
    return Main.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aBadPortIsReportedWithTheUsageInsteadOfAStackTrace() throws Exception {
    assertThat(run("quickstart", "--port", "abc", "--health-port", "70000")).isEqualTo(2);
    assertThat(err())
        .contains("--port was 'abc' but must be a port number from 0 to 65535 (0: any free port)")
        .contains("--health-port was '70000' but must be a port number from 0 to 65535")
        .contains("usage: java -jar shipshape-examples.jar [simulate]")
        .contains("java -jar shipshape-examples.jar quickstart")
        .contains("[--bind 127.0.0.1]")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void unknownOptionsAreErrorsForBothCommands() throws Exception {
    assertThat(run("quickstart", "--verbose")).isEqualTo(2);
    assertThat(err())
        .contains(
            "unknown option '--verbose': the options are [--port, --health-port, --bind, --flags,"
                + " --max-requests]");
    err.reset();
    assertThat(run("simulate", "--verbose")).isEqualTo(2);
    assertThat(err()).contains("unknown option '--verbose': the options are [--seed, --rate,");
    err.reset();
    assertThat(run("--days", "x", "--rate", "-1")).isEqualTo(2);
    assertThat(err()).contains("--days was 'x' but must be an integer");
  }

  @Test
  void quickstartReadsTheBindAddress() {
    QuickstartService.Options o =
        QuickstartService.parse(List.of("--bind", "0.0.0.0", "--port=9090", "--flags", "f.json"));
    assertThat(o.address().isAnyLocalAddress()).isTrue();
    assertThat(o.port()).isEqualTo(9090);
    assertThat(o.healthPort()).isEqualTo(8081);
    assertThat(o.flagsFile()).isEqualTo(Path.of("f.json"));
    assertThat(o.maxRequests()).isEqualTo(QuickstartService.DEFAULT_MAX_REQUESTS);
    assertThat(QuickstartService.parse(List.of()).address())
        .isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(QuickstartService.parse(List.of("--max-requests", "8")).maxRequests()).isEqualTo(8);
  }

  @Test
  void quickstartRefusesTheSamePortTwiceAndAnUnknownCommandIsAnError() throws Exception {
    assertThat(run("quickstart", "--port", "9000", "--health-port", "9000")).isEqualTo(2);
    assertThat(err()).contains("--health-port was '9000' but must differ from --port");
    err.reset();
    assertThat(run("serve")).isEqualTo(2);
    assertThat(err()).contains("command was 'serve' but must be simulate or quickstart");
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() throws Exception {
    assertThat(run("quickstart", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ");
  }

  @Test
  void theProcessExitsWith2AndTheServiceLogsWithTimestamps(@TempDir Path dir) throws Exception {
    Process bad = java(dir, "quickstart", "--port", "abc");
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(2);
    assertThat(new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("--port was 'abc'")
        .doesNotContain("NumberFormatException");

    Process service =
        java(
            dir,
            "quickstart",
            "--port",
            "0",
            "--health-port",
            "0",
            "--bind",
            "127.0.0.1",
            "--flags",
            dir.resolve("flags.json").toString());
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> seen = new ArrayList<>();
      String started = null;
      for (String line = lines.readLine(); line != null && seen.size() < 50; line = lines.readLine()) {
        seen.add(line);
        if (line.contains("quickstart service started")) {
          started = line;
          break;
        }
      }
      assertThat(started).as("output: %s", seen).isNotNull();
      assertThat(started)
          .matches(
              "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) \\[main\\]"
                  + " INFO dev\\.shipshape\\.examples\\.QuickstartService - address=127\\.0\\.0\\.1"
                  + " port=\\d+ healthPort=\\d+ .* quickstart service started on 127\\.0\\.0\\.1"
                  + " port \\d+ \\(health on port \\d+\\), flags from .*");
    } finally {
      service.destroy();
      assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** The examples' main class in a new JVM, in {@code dir}, with stderr merged into stdout. */
  private static Process java(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
  }
}
