package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shipshape.time.config.ConfigProblem;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSloTest {

  private static final String HEADER =
      "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: api\nspec:\n";
  private static final String RATIO =
      "  indicator:\n    spec:\n      ratioMetric:\n        good:\n          metricSource:\n"
          + "            type: Prometheus\n        total:\n          metricSource:\n"
          + "            type: Prometheus\n";

  private static List<String> problems(String yaml) {
    try {
      OpenSlo.parse(yaml, "slos.yaml");
    } catch (SloDefinitionException e) {
      return e.problems().stream().map(ConfigProblem::message).toList();
    }
    throw new AssertionError("expected the document to be refused");
  }

  @Test
  void loadsSeveralDocumentsFromAFile() throws Exception {
    List<SloDefinition> slos = OpenSlo.load(resource("openslo/checkout.yaml"));

    assertThat(slos).hasSize(2);
    SloDefinition availability = slos.get(0);
    assertThat(availability.name()).isEqualTo("checkout-availability");
    assertThat(availability.service()).isEqualTo("shop");
    assertThat(availability.description()).isEqualTo("Checkout requests that do not fail");
    assertThat(availability.objective()).isEqualTo(0.999);
    assertThat(availability.window()).isEqualTo(Duration.ofDays(30));
    assertThat(availability.budgeting()).isEqualTo(BudgetingMethod.OCCURRENCES);
    assertThat(availability.isLatency()).isFalse();
    assertThat(availability.alerts()).extracting(BurnRateAlert::factor)
        .containsExactly(14.4, 6.0, 3.0, 1.0);

    SloDefinition latency = slos.get(1);
    assertThat(latency.name()).isEqualTo("checkout-latency");
    assertThat(latency.objective()).isEqualTo(0.99);
    assertThat(latency.window()).isEqualTo(Duration.ofDays(28));
    assertThat(latency.latencyThreshold()).contains(Duration.ofMillis(300));
    assertThat(latency.budgeting()).isEqualTo(BudgetingMethod.TIMESLICES);
    assertThat(latency.timesliceTarget()).isEqualTo(0.95);
  }

  @Test
  void defaultsToTwentyEightDayOccurrencesWhenWindowAndMethodAreAbsent() {
    List<SloDefinition> slos =
        OpenSlo.parse(HEADER + RATIO + "  objectives:\n    - target: 0.99\n", "x");

    assertThat(slos).singleElement().satisfies(s -> {
      assertThat(s.window()).isEqualTo(Duration.ofDays(28));
      assertThat(s.budgeting()).isEqualTo(BudgetingMethod.OCCURRENCES);
      assertThat(s.service()).isEqualTo("api");
    });
  }

  @Test
  void keepsAThirteenNineObjectiveExactlyThroughToTheRules() {
    for (String objective : List.of("target: 0.9999999999999", "targetPercent: 99.99999999999")) {
      SloDefinition slo =
          OpenSlo.parse(HEADER + RATIO + "  objectives:\n    - " + objective + "\n", "x").get(0);

      assertThat(slo.objective()).as(objective).isEqualTo(0.9999999999999);
      assertThat(PrometheusRules.generate(slo))
          .as(objective)
          .contains("expr: vector(1 - 0.9999999999999)\n")
          .contains("sloth_objective: \"99.99999999999\"\n");
    }
  }

  @Test
  void refusesOtherKindsNamingTheDocument() {
    String yaml =
        HEADER + RATIO + "  objectives:\n    - target: 0.99\n"
            + "---\napiVersion: openslo/v1\nkind: SLI\nmetadata:\n  name: errors\nspec: {}\n";

    assertThat(problems(yaml))
        .containsExactly(
            "slos.yaml document 1 (metadata.name 'errors'): kind was 'SLI' but 'SLO' (other"
                + " OpenSLO kinds are not supported) was expected");
  }

  @Test
  void refusesUnsupportedFieldsNamingFieldAndDocument() {
    String yaml =
        HEADER
            + "  indicatorRef: errors\n"
            + "  alertPolicies:\n    - alertPolicyRef: page\n"
            + "  timeWindow:\n    - duration: 1M\n      calendar:\n        timeZone: UTC\n"
            + "  budgetingMethod: RatioTimeslices\n"
            + "  objectives:\n    - target: 0.99\n    - target: 0.9\n"
            + "  owner: me\n";

    assertThat(problems(yaml))
        .containsExactly(
            "slos.yaml document 0 (metadata.name 'api'): spec.indicatorRef was 'errors' but an"
                + " inline spec.indicator (references to SLI documents are not supported) was"
                + " expected",
            "slos.yaml document 0 (metadata.name 'api'): spec.alertPolicies was 'a list of 1'"
                + " but no alert policies (burn-rate alerts are configured in code) was expected",
            "slos.yaml document 0 (metadata.name 'api'): spec.owner was 'me' but a supported"
                + " field (budgetingMethod, description, indicator, objectives, service,"
                + " timeWindow) was expected",
            "slos.yaml document 0 (metadata.name 'api'): spec.indicator was 'null' but a mapping"
                + " was expected",
            "slos.yaml document 0 (metadata.name 'api'): spec.timeWindow[0].calendar was 'a"
                + " mapping' but a rolling window only was expected",
            "slos.yaml document 0 (metadata.name 'api'): spec.timeWindow[0].isRolling was 'null'"
                + " but true (calendar windows are not supported) was expected",
            "slos.yaml document 0 (metadata.name 'api'): spec.timeWindow[0].duration was '1M' but"
                + " a duration like '28d', '1h' or '4w' (units s, m, h, d, w) was expected",
            "slos.yaml document 0 (metadata.name 'api'): spec.budgetingMethod was"
                + " 'RatioTimeslices' but 'Occurrences' or 'Timeslices' (RatioTimeslices is not"
                + " supported) was expected",
            "slos.yaml document 0 (metadata.name 'api'): spec.objectives was 'a list of 2' but a"
                + " list with exactly one objective was expected");
  }

  @Test
  void reportsBuilderProblemsWithTheDocument() {
    String yaml =
        HEADER + RATIO + "  timeWindow:\n    - duration: 40d\n      isRolling: true\n"
            + "  objectives:\n    - targetPercent: 100\n";

    assertThat(problems(yaml))
        .containsExactly(
            "slos.yaml document 0 (metadata.name 'api'): objective was '1.0' but a ratio strictly"
                + " between 0 and 1 (e.g. 0.999) was expected",
            "slos.yaml document 0 (metadata.name 'api'): window was 'PT960H' but a duration from"
                + " 1 hour to 35 days was expected");
  }

  @Test
  void refusesAThresholdObjectiveWithoutALatencyOperatorOrOnARatio() {
    String threshold =
        HEADER
            + "  indicator:\n    spec:\n      thresholdMetric:\n        metricSource:\n"
            + "          type: Prometheus\n"
            + "  objectives:\n    - op: gte\n      value: 0.3\n      target: 0.99\n";
    String ratioWithValue = HEADER + RATIO + "  objectives:\n    - value: 5\n      target: 0.99\n";

    assertThat(problems(threshold))
        .containsExactly(
            "slos.yaml document 0 (metadata.name 'api'): spec.objectives[0].op was 'gte' but"
                + " 'lte' or 'lt' (a latency threshold) was expected");
    assertThat(problems(ratioWithValue))
        .containsExactly(
            "slos.yaml document 0 (metadata.name 'api'): spec.objectives[0].value was '5' but no"
                + " op/value on a ratio indicator was expected");
  }

  @Test
  void refusesBrokenYamlWithLineAndColumn() {
    assertThat(problems("apiVersion: openslo/v1\nkind: [SLO\n"))
        .singleElement()
        .asString()
        .startsWith("slos.yaml: yaml at 3:1 was '")
        .endsWith("' but valid YAML was expected");
  }

  @Test
  void refusesAnEmptyFile() {
    assertThat(problems(""))
        .containsExactly(
            "slos.yaml: documents was '0' but at least one OpenSLO SLO document was expected");
  }

  @Test
  void refusesDuplicateKeys() {
    assertThatThrownBy(
            () -> OpenSlo.parse(HEADER + RATIO + RATIO + "  objectives:\n    - target: 0.9\n", "d"))
        .isInstanceOf(SloDefinitionException.class)
        .hasMessageContaining("duplicate key");
  }

  private static final String VALID = HEADER + RATIO + "  objectives:\n    - target: 0.99\n";

  @TempDir Path dir;

  @Test
  void commentsCountAgainstTheSizeLimit() {
    // Regression: comment text was not counted, so 150 MB of comments were accepted.
    String commented = "#" + "x".repeat(4 * 1024 * 1024) + "\n" + VALID;
    assertThat(problems(commented))
        .containsExactly(
            "slos.yaml: size was 'more than 4194304 characters' but at most 4194304 were expected");
  }

  @Test
  void oneLongLineIsReadInLinearTime() {
    // Regression: the parser grew its window a kilobyte at a time, copying it each time, so an
    // 8 MB comment line took 25 s and a 5 MB scalar was refused only after 4 s.
    String longComment = "#" + "x".repeat(4_000_000) + "\n" + VALID;
    List<SloDefinition> slos =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> OpenSlo.parse(longComment, "x"));
    assertThat(slos).singleElement().satisfies(d -> assertThat(d.name()).isEqualTo("api"));
    String longScalar =
        VALID.replace("name: api", "name: api\n  displayName: " + "y".repeat(4_000_000));
    assertThat(
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> OpenSlo.parse(longScalar, "x")))
        .hasSize(1);
  }

  @Test
  void aHugeFileIsRefusedWhileItIsReadNeverHeldWhole() throws Exception {
    // Regression: load() read the whole file before any limit (600 MB: OutOfMemoryError).
    Path huge = dir.resolve("huge.yaml");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(600L * 1024 * 1024); // sparse: costs no disk, reads as zero bytes
    }
    assertThatThrownBy(
            () -> assertTimeoutPreemptively(Duration.ofSeconds(5), () -> OpenSlo.load(huge)))
        .isInstanceOfSatisfying(
            SloDefinitionException.class,
            e ->
                assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                    .containsExactly(
                        huge + ": size was 'more than 4194304 characters' but at most 4194304"
                            + " were expected"));
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedNamingTheFileTheByteAndTheEncoding() throws Exception {
    // Regression: a Latin-1 file gave a bare MalformedInputException without the file name.
    Path latin1 = dir.resolve("latin1.yaml");
    java.nio.file.Files.write(
        latin1,
        VALID.replace("api\nspec:\n", "api\nspec:\n  description: caf\u00e9\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    int at = VALID.indexOf("api\nspec:\n") + "api\nspec:\n  description: caf".length();
    assertThatThrownBy(() -> OpenSlo.load(latin1))
        .isInstanceOf(SloDefinitionException.class)
        .satisfies(
            e ->
                assertThat(
                        ((SloDefinitionException) e)
                            .problems().stream().map(ConfigProblem::message).toList())
                    .containsExactly(
                        latin1
                            + ": byte "
                            + at
                            + " was 'not valid UTF-8' but the file must be"
                            + " encoded in UTF-8"));
    Path utf8 = dir.resolve("utf8.yaml");
    java.nio.file.Files.writeString(
        utf8, VALID.replace("api\nspec:\n", "api\nspec:\n  description: caf\u00e9\n"));
    assertThat(OpenSlo.load(utf8))
        .singleElement()
        .satisfies(d -> assertThat(d.description()).isEqualTo("caf\u00e9"));
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(OpenSloTest.class.getResource(name).toURI());
  }

  @Test
  void mapsTheRunbookAnnotationOntoTheDefinition() {
    String yaml =
        "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: api\n  annotations:\n"
            + "    runbook_url: https://runbooks.example.com/api\n    owner: team-a\nspec:\n"
            + RATIO
            + "  objectives:\n    - target: 0.99\n";

    assertThat(OpenSlo.parse(yaml, "slos.yaml"))
        .singleElement()
        .satisfies(s -> assertThat(s.runbookUrl()).contains("https://runbooks.example.com/api"));
    assertThat(OpenSlo.parse(HEADER + RATIO + "  objectives:\n    - target: 0.99\n", "x"))
        .singleElement()
        .satisfies(s -> assertThat(s.runbookUrl()).isEmpty());
  }

  @Test
  void refusesARunbookAnnotationThatIsNoUrlNamingTheAnnotation() {
    String yaml =
        "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: api\n  annotations:\n"
            + "    runbook_url: see the wiki\nspec:\n"
            + RATIO
            + "  objectives:\n    - target: 0.99\n";

    assertThat(problems(yaml))
        .containsExactly(
            "slos.yaml document 0 (metadata.name 'api'): metadata.annotations.runbook_url was"
                + " 'see the wiki' but an absolute http(s) URL of at most 2048 characters without"
                + " spaces or quotes was expected");
  }
}
