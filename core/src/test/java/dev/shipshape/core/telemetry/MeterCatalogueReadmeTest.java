package dev.shipshape.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.shipshape.core.guard.CircuitBreakerSnapshot;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.Reason;
import dev.shipshape.slo.PrometheusRules;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.testsupport.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The meter table and the vocabulary table of core/README-facade.md say what the {@link
 * MeterCatalogue} says: every meter with its Prometheus name, type, unit and tags, in order, and
 * every tag with the values the library fixes.
 */
class MeterCatalogueReadmeTest {

  private static final Pattern CODE = Pattern.compile("`([^`]*)`");

  private static List<List<String>> table(String header) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README-facade.md"));
    int start = lines.indexOf(header);
    assertThat(start).as("README-facade.md has a table headed %s", header).isNotNegative();
    List<List<String>> rows = new ArrayList<>();
    for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String line = lines.get(i);
      List<String> cells = new ArrayList<>();
      for (String cell : line.substring(1, line.length() - 1).split("\\|", -1)) {
        cells.add(cell.trim());
      }
      rows.add(cells);
    }
    return rows;
  }

  private static List<String> code(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theMeterTableListsEveryMeterOfTheCatalogueAsItIs() throws IOException {
    List<List<String>> rows = table("| Meter | Prometheus | Type | Unit | Tags |");
    List<String> expected = new ArrayList<>();
    for (MeterDescriptor m : MeterCatalogue.all()) {
      expected.add(
          String.join(
              " | ",
              m.name(),
              m.prometheusName(),
              m.type().name().toLowerCase(Locale.ROOT),
              m.unit(),
              String.join(", ", m.tagKeys())));
    }
    List<String> actual = new ArrayList<>();
    for (List<String> row : rows) {
      actual.add(
          String.join(
              " | ",
              String.join("", code(row.get(0))),
              String.join("", code(row.get(1))),
              row.get(2),
              String.join("", code(row.get(3))),
              String.join(", ", code(row.get(4)))));
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  private static final String VOCABULARY =
      "| Tag | Values | Generated rules |"
          + " JSON endpoints (`/actuator/slos`, the quickstart's `/slos`) | Logs |";

  private static final Pattern LABEL = Pattern.compile("[a-z_]+");

  @Test
  void theGeneratedRulesCarryTheLabelsAndMatchersTheVocabularyTableNames() throws IOException {
    String rules =
        PrometheusRules.generate(
            SloDefinition.builder("checkout").objective(0.999).build());
    int checked = 0;
    for (List<String> row : table(VOCABULARY)) {
      for (String item : code(row.get(2))) {
        if (LABEL.matcher(item).matches()) {
          assertThat(rules).as("the rules carry the label %s", item).containsPattern(
              "(?m)(^\\s+" + item + ": |[{,]" + item + "=)");
          checked++;
        } else if (item.matches("[a-z_]+=\"[a-z_]+\"")) {
          assertThat(rules).as("the rules match %s", item).contains(item);
          checked++;
        }
      }
    }
    assertThat(checked).as("labels and matchers checked").isGreaterThanOrEqualTo(6);
  }

  @Test
  void theVocabularyTableHasEveryTagWithTheValuesTheLibraryFixes() throws IOException {
    Map<String, List<String>> documented = new LinkedHashMap<>();
    for (List<String> row : table(VOCABULARY)) {
      for (String key : code(row.get(0))) {
        documented.put(key, code(row.get(1)));
      }
    }
    Set<String> keys = new LinkedHashSet<>();
    for (MeterDescriptor m : MeterCatalogue.all()) {
      for (TagDescriptor t : m.tags()) {
        keys.add(t.key());
        if (t.fixed() && !t.key().equals("outcome")) {
          assertThat(new LinkedHashSet<>(documented.getOrDefault(t.key(), List.of())))
              .as("the documented values of %s", t.key())
              .containsExactlyInAnyOrderElementsOf(t.values());
        }
      }
    }
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(documented.get("outcome"))
        .as("the SLO outcomes are listed; the guard outcomes are named in words")
        .containsExactlyElementsOf(MeterCatalogue.TAG_SLO_OUTCOME.values());
  }

  @Test
  void theSlf4jSinkLogsEveryKeyTheVocabularyTableNamesForLogs() throws IOException {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    SloAlertFired fired =
        TelemetryEvents.fired(
            "checkout", Severity.PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 14.4, 20, 30,
            0.02, 0.1, at);
    List<TelemetryEvent> events =
        List.of(
            TelemetryEvents.evaluation("f", true, "on", Reason.SPLIT, ErrorCode.GENERAL, at),
            fired,
            TelemetryEvents.resolved(fired, 1, 1, 0.1, at),
            TelemetryEvents.exhausted("checkout", 0.99, Duration.ofDays(28), 90, 10, -0.1, at),
            TelemetryEvents.flagSetChanged(Set.of("a"), Set.of(), Set.of(), at),
            TelemetryEvents.sourceFailed("flags.json", "missing", null, at, at),
            new CircuitBreakerStateChanged(
                "payments", CircuitBreakerSnapshot.State.CLOSED, CircuitBreakerSnapshot.State.OPEN,
                at),
            new GuardedCallCompleted(
                "payments", GuardedCallCompleted.Outcome.FAILURE, 1, Duration.ZERO, null, false,
                at),
            new HealthStatusChanged(Probe.READINESS, null, HealthStatus.UP, HealthStatus.DOWN,
                null, at),
            new HealthStatusChanged(null, "db", HealthStatus.UP, HealthStatus.DOWN, "down", at),
            new RolloutStepChanged(
                "r", "f", RolloutStepChanged.Transition.ADVANCED, 5, 25, "scheduled step", at));
    Set<String> logged = new LinkedHashSet<>();
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink sink = Slf4jSink.create();
      events.forEach(sink::accept);
      assertThat(log.events()).hasSize(events.size());
      log.events().forEach(e -> logged.addAll(LogCapture.keyValues(e).keySet()));
    }
    List<String> documented = new ArrayList<>();
    for (List<String> row : table(VOCABULARY)) {
      documented.addAll(code(row.get(4)));
    }
    assertThat(documented).as("keys named in the Logs column").hasSizeGreaterThan(10);
    assertThat(logged).containsAll(documented);
  }
}
