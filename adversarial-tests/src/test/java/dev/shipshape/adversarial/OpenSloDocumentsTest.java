package dev.shipshape.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.slo.OpenSlo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.slo.SloDefinitionException;
import dev.shipshape.time.config.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile OpenSLO YAML: each document is refused with its exact problems (file, document, field
 * or line:column, and what was expected), in linear time; or, when valid however odd, loaded.
 */
class OpenSloDocumentsTest {

  static final String VALID =
      "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: api\nspec:\n"
          + "  indicator:\n    spec:\n      ratioMetric:\n        good:\n          metricSource:\n"
          + "            type: Prometheus\n        total:\n          metricSource:\n"
          + "            type: Prometheus\n  objectives:\n    - target: 0.99\n";

  static final String DOC0 = "slos.yaml document 0 (metadata.name 'api'): ";

  static Hostile refused(String name, String yaml, String... problems) {
    return Hostile.of(
        name,
        () ->
            assertThatThrownBy(() -> OpenSlo.parse(yaml, "slos.yaml"))
                .isInstanceOfSatisfying(
                    SloDefinitionException.class,
                    e ->
                        assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                            .containsExactly(problems)));
  }

  static Hostile fileRefused(String name, byte[] content, String problemAfterFileName) {
    return Hostile.of(
        name,
        () -> {
          Path file = Files.createTempFile("hostile", ".yaml");
          try {
            Files.write(file, content);
            assertThatThrownBy(() -> OpenSlo.load(file))
                .isInstanceOfSatisfying(
                    SloDefinitionException.class,
                    e ->
                        assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                            .containsExactly(file + problemAfterFileName));
          } finally {
            Files.delete(file);
          }
        });
  }

  static Hostile accepted(String name, String yaml, String expectedName) {
    return Hostile.of(
        name,
        () -> {
          List<SloDefinition> slos = OpenSlo.parse(yaml, "slos.yaml");
          assertThat(slos).extracting(SloDefinition::name).containsExactly(expectedName);
        });
  }

  static String laughs(int levels) {
    StringBuilder y = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < levels; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    return y.toString();
  }

  static final List<Hostile> CASES = new ArrayList<>();

  static {
    CASES.add(refused("a billion laughs", laughs(9),
        "slos.yaml: yaml was 'Number of aliases for non-scalar nodes exceeds the specified max=50'"
            + " but valid YAML was expected"));
    CASES.add(refused("an alias that refers to itself", "a: &a [*a]\n",
        "slos.yaml document 0: a was 'a list of 1' but a supported field (apiVersion, kind,"
            + " metadata, spec) was expected",
        "slos.yaml document 0: apiVersion was 'null' but 'openslo/v1' was expected",
        "slos.yaml document 0: kind was 'null' but 'SLO' (other OpenSLO kinds are not supported)"
            + " was expected"));
    CASES.add(refused("nested 1,000 levels deep", "[".repeat(1000) + "]".repeat(1000),
        "slos.yaml: yaml at 1:65 was 'nested 65 levels deep' but at most 64 levels were expected"));
    CASES.add(refused("5,000,000 characters", VALID + "#" + "x".repeat(5_000_000),
        "slos.yaml: size was 'more than 4194304 characters' but at most 4194304 were expected"));
    CASES.add(refused("4,194,305 characters of comments",
        "#" + "c".repeat(4_194_304) + "\n" + VALID,
        "slos.yaml: size was 'more than 4194304 characters' but at most 4194304 were expected"));
    CASES.add(accepted("a comment line of 4,000,000 characters",
        "#" + "c".repeat(4_000_000) + "\n" + VALID, "api"));
    CASES.add(accepted("a scalar of 4,000,000 characters",
        VALID.replace("spec:\n  indicator", "spec:\n  description: " + "d".repeat(4_000_000)
            + "\n  indicator"), "api"));
    CASES.add(refused("a duplicate key", VALID + "kind: SLO\n",
        "slos.yaml: yaml at 17:1 was 'found duplicate key kind' but valid YAML was expected"));
    CASES.add(refused("a tag naming a Java class", "!!java.lang.Runtime {}\n",
        "slos.yaml: yaml at 1:1 was 'could not determine a constructor for the tag"
            + " tag:yaml.org,2002:java.lang.Runtime' but valid YAML was expected"));
    CASES.add(refused("an unknown local tag", VALID.replace("target: 0.99", "target: !weird 0.99"),
        "slos.yaml: yaml at 16:15 was 'could not determine a constructor for the tag !weird' but"
            + " valid YAML was expected"));
    CASES.add(refused("control characters", "apiVersion: \u0000\u0001\n",
        "slos.yaml: yaml was 'special characters are not allowed' but valid YAML was expected"));
    CASES.add(refused("an empty text", "",
        "slos.yaml: documents was '0' but at least one OpenSLO SLO document was expected"));
    CASES.add(refused("only comments", "# nothing here\n# at all\n",
        "slos.yaml: documents was '0' but at least one OpenSLO SLO document was expected"));
    CASES.add(refused("10,000 empty documents", "---\n".repeat(10_000),
        "slos.yaml: documents was '0' but at least one OpenSLO SLO document was expected"));
    CASES.add(refused("a tab used for indentation", VALID.replace("  name: api", "\tname: api"),
        "slos.yaml: yaml at 4:1 was 'found character '\\t(TAB)' that cannot start any token. (Do"
            + " not use \\t(TAB) for indentation)' but valid YAML was expected"));
    CASES.add(refused("a target of .nan", VALID.replace("0.99", ".nan"),
        DOC0 + "spec.objectives[0].target was 'NaN' but a number was expected"));
    CASES.add(refused("a target of 1e400", VALID.replace("0.99", "1e400"),
        DOC0 + "spec.objectives[0].target was 'Infinity' but a number was expected"));
    CASES.add(refused("a target that is a mapping", VALID.replace("0.99", "{a: 1}"),
        DOC0 + "spec.objectives[0].target was 'a mapping' but a number was expected"));
    CASES.add(refused("a name of 10,000 characters",
        VALID.replace("name: api", "name: " + "n".repeat(10_000)),
        "slos.yaml document 0 (metadata.name '" + "n".repeat(10_000) + "'): name was '"
            + "n".repeat(10_000) + "' but a name of letters, digits, '_', '.', '-' (up to 128,"
            + " starting with a letter or digit) was expected"));
    CASES.add(refused("a mapping as a key", VALID + "? {a: 1}\n: x\n",
        "slos.yaml: yaml was 'Non scalar key is detected but it is not configured to be"
            + " allowed.' but valid YAML was expected"));
    CASES.add(refused("a sequence at the top", "- 1\n- 2\n",
        "slos.yaml document 0: / was 'a list of 2' but a mapping was expected"));
    CASES.add(fileRefused("a Latin-1 file",
        VALID.replace("api\nspec:\n", "api\nspec:\n  description: caf\u00e9\n")
            .getBytes(StandardCharsets.ISO_8859_1),
        ": byte " + (VALID.indexOf("api\nspec:\n") + "api\nspec:\n  description: caf".length())
            + " was 'not valid UTF-8' but the file must be encoded in UTF-8"));
    CASES.add(fileRefused("a UTF-16 file", VALID.getBytes(StandardCharsets.UTF_16),
        ": byte 0 was 'not valid UTF-8' but the file must be encoded in UTF-8"));
    CASES.add(fileRefused("a file of 8 MB", (VALID + "#" + "x".repeat(8 << 20)).getBytes(
            StandardCharsets.UTF_8),
        ": size was 'more than 4194304 characters' but at most 4194304 were expected"));
  }

  @TestFactory
  Stream<DynamicTest> hostileOpenSlo() {
    return Hostile.run(CASES);
  }
}
