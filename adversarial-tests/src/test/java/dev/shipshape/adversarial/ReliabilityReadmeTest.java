package dev.shipshape.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's reliability section states what this suite holds, class by class. */
class ReliabilityReadmeTest {

  /** Each class of the README's table, by the start of its row, and its cases. */
  static Map<String, List<Hostile>> classes() {
    Map<String, List<Hostile>> m = new LinkedHashMap<>();
    m.put("Flag documents", FlagDocumentsTest.CASES);
    m.put("Flag evaluations", FlagEvaluationTest.CASES);
    m.put("Flag sources", FlagSourcesTest.CASES);
    m.put("HTTP flag servers", HttpFlagSourceTest.CASES);
    m.put("OpenSLO YAML", OpenSloDocumentsTest.CASES);
    m.put("Health checks", HealthChecksTest.CASES);
    m.put("Probe endpoint clients", HealthEndpointTest.CASES);
    m.put("Listeners and telemetry sinks", ListenersTest.CASES);
    m.put("Memory, in 256 MB", HeapBoundedTest.CASES);
    return m;
  }

  @Test
  void theTableAndTheTotalMatchTheSuite() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## Reliability"));
    section = section.substring(0, section.indexOf("\n## ", 3));
    int total = 0;
    for (Map.Entry<String, List<Hostile>> c : classes().entrySet()) {
      Matcher row =
          Pattern.compile("\\n\\| " + Pattern.quote(c.getKey()) + "[^|]*\\| (\\d+) \\|")
              .matcher(section);
      assertThat(row.find()).as("a row for %s", c.getKey()).isTrue();
      assertThat(Integer.parseInt(row.group(1))).as(c.getKey()).isEqualTo(c.getValue().size());
      total += c.getValue().size();
    }
    assertThat(section.replaceAll("\\s+", " ")).contains("**" + total + " hostile inputs**");
    long rows =
        section
            .lines()
            .filter(l -> l.startsWith("| ") && !l.startsWith("| Class") && !l.startsWith("| ---"))
            .count();
    assertThat(rows).as("one row per class").isEqualTo(classes().size());
  }

  @Test
  void everyCaseHasItsOwnName() {
    for (List<Hostile> cases : classes().values()) {
      assertThat(cases).extracting(Hostile::name).doesNotHaveDuplicates();
    }
  }
}
