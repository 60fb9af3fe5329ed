package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

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
      return e.problems();
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
