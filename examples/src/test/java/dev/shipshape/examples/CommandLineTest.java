package dev.shipshape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile values on the command line: each is refused before anything runs, with a message naming
 * the option, the value and what was expected, then the usage, and exit status 2; never a stack
 * trace, an hours-long run or a silently ignored value.
 */
class CommandLineTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          --steps 10,5         | --steps was '[10.0, 5.0]' but must be percentages in (0, 100], each greater than the one before
          --steps 150          | --steps was '[150.0]' but must be percentages in (0, 100]
          --steps NaN          | --steps was '[NaN]' but must be percentages in (0, 100]
          --steps 0,50,100     | --steps was '[0.0, 50.0, 100.0]' but must be percentages in (0, 100]
          --steps 1,2.5001,100 | --steps was '[1.0, 2.5001, 100.0]' but must be percentages in (0, 100], each greater than the one before, in hundredths at most
          --outage-length -5s  | --outage-length was '-5s' but must be a duration such as 90s, 15m, 6h or 2d, from 0 to 365d
          --fix-after 99999999999999999d | --fix-after was '99999999999999999d' but must be a duration such as 90s, 15m, 6h or 2d, from 0 to 365d
          --step-interval 106751991167300d | --step-interval was '106751991167300d' but must be a duration such as 90s, 15m, 6h or 2d, from 0 to 365d
          --outage-length 366d | --outage-length was '366d' but must be a duration such as 90s, 15m, 6h or 2d, from 0 to 365d
          --fix-after 1.5d     | --fix-after was '1.5d' but must be a duration such as 90s, 15m, 6h or 2d, from 0 to 365d
          --days 1 --days 2    | --days was '2' after '1' but may be given only once
          quickstart --port 0 --port=0 --health-port x | --port was '0' after '0' but may be given only once
          quickstart --max-requests 0 | --max-requests was '0' but must be an integer from 1 to 10000
          quickstart --max-requests=many | --max-requests was 'many' but must be an integer from 1 to 10000
          --rate 41 --days 31  | --rate was '41.0' but must be in (0, 40] (checkouts per second; more would run for more than a few minutes)
          --rate 2000 --days 31 | --rate was '2000.0' but must be in (0, 40]
          --days 100000000     | --days was '100000000' but must be from 1 to 30
          --days 14 --outage-day 14 | --outage-day was '14.0' but must be before the last simulated day ends (below 14), or negative for no outage
          --days 3 --outage-day 3.5 | --outage-day was '3.5' but must be before the last simulated day ends (below 3), or negative for no outage
          """)
  void aBadValueIsReportedWithTheUsageAndExitStatus2(String args, String expected)
      throws Exception {
    assertRefused(List.of(args.split(" ")), expected);
  }

  @Test
  void anOutputDirectoryThatIsAFileOrInsideOneIsRefused(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("report.txt"), "not a directory");
    assertRefused(
        List.of("--out", file.toString()),
        "--out was '" + file + "' but must be a directory or where one can be created ('" + file
            + "' is a file)");
    assertRefused(
        List.of("--out", file.resolve("sub").toString()),
        "but must be a directory or where one can be created ('" + file + "' is a file)");
  }

  /** Runs {@code args} and checks they are refused with {@code expected} and the usage. */
  private static void assertRefused(List<String> args, String expected) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String problems = err.toString(StandardCharsets.UTF_8);
    assertThat(status).as(problems).isEqualTo(Main.USAGE_ERROR);
    assertThat(problems)
        .contains(expected)
        .contains("usage: java -jar shipshape-examples.jar")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Simulating");
  }
}
