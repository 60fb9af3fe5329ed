package dev.shipshape.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.slo.PrometheusRules;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.slo.SloMetrics;
import dev.shipshape.testsupport.Promtool;
import dev.shipshape.time.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLO counter as a Prometheus server scrapes it: the name, type and labels the generated
 * rules select, and (with {@code promtool}) the rules computing the right error ratio from a
 * series of real scrapes.
 */
class PrometheusExpositionTest {

  private static final Pattern SAMPLE =
      Pattern.compile("^(shipshape_slo_events_total\\{[^}]*\\}) (\\S+)$", Pattern.MULTILINE);
  private static final Pattern SELECTOR =
      Pattern.compile("shipshape_slo_events_total\\{([^}]*)\\}");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  @TempDir Path dir;

  private static Shipshape app(ManualClock clock, PrometheusMeterRegistry registry) {
    return Shipshape.builder()
        .clock(clock)
        .logging(false)
        .slo(Slo.named("checkout").service("shop").objective(0.99))
        .slo(Slo.named("search").service("shop").objective(0.999))
        .sloEvaluationInterval(Duration.ofMinutes(5))
        .meterRegistry(registry)
        .build();
  }

  /** Sample name-with-labels to value, from one scrape. */
  private static Map<String, Double> samples(String scrape) {
    Map<String, Double> out = new LinkedHashMap<>();
    Matcher m = SAMPLE.matcher(scrape);
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return out;
  }

  private static Map<String, String> labels(String selectorOrSample) {
    Map<String, String> out = new TreeMap<>();
    Matcher m = LABEL.matcher(selectorOrSample);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void sloCounterIsExposedAsTheGeneratedRulesSelectIt() {
    ManualClock clock = ManualClock.create();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Shipshape ship = app(clock, registry)) {
      ship.slo("checkout").record(90, 10);
      ship.slo("checkout").record(true);
      String scrape = registry.scrape();

      assertThat(scrape)
          .contains("# TYPE " + SloMetrics.EVENTS_COUNTER_PROMETHEUS + " counter")
          .contains("# HELP " + SloMetrics.EVENTS_COUNTER_PROMETHEUS + " " + SloMetrics.EVENTS_DESCRIPTION);
      Map<String, Double> samples = samples(scrape);
      assertThat(samples)
          .containsEntry("shipshape_slo_events_total{outcome=\"good\",slo=\"checkout\"}", 91.0)
          .containsEntry("shipshape_slo_events_total{outcome=\"bad\",slo=\"checkout\"}", 10.0)
          .containsEntry("shipshape_slo_events_total{outcome=\"good\",slo=\"search\"}", 0.0)
          .containsEntry("shipshape_slo_events_total{outcome=\"bad\",slo=\"search\"}", 0.0)
          .as("one series per SLO and outcome, nothing else")
          .hasSize(4);

      List<SloDefinition> definitions = new ArrayList<>();
      ship.slos().forEach(s -> definitions.add(s.definition()));
      String rules = PrometheusRules.generate(definitions);
      Matcher selectors = SELECTOR.matcher(rules);
      int checked = 0;
      while (selectors.find()) {
        Map<String, String> wanted = labels(selectors.group(1));
        assertThat(samples.keySet())
            .as("a scraped series matches the rule selector %s", selectors.group())
            .anySatisfy(sample -> assertThat(labels(sample)).containsAllEntriesOf(wanted));
        checked++;
      }
      assertThat(checked).as("selectors in the generated rules").isGreaterThan(10);
    }
  }

  @Test
  void sloCounterNeverDecreasesAndCountsEveryRecord() {
    ManualClock clock = ManualClock.create();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Shipshape ship = app(clock, registry)) {
      String bad = "shipshape_slo_events_total{outcome=\"bad\",slo=\"checkout\"}";
      double previous = 0;
      for (int day = 0; day < 40; day++) {
        ship.slo("checkout").record(1000, 1);
        clock.set(clock.instant().plus(Duration.ofDays(1)));
        double now = samples(registry.scrape()).get(bad);
        assertThat(now).as("day %d", day).isEqualTo(previous + 1);
        previous = now;
      }
      assertThat(ship.slo("checkout").events(Duration.ofDays(35)).bad())
          .as("the SLO window forgets what the counter keeps")
          .isLessThan(40);
    }
  }

  @Test
  void promtoolComputesTheErrorRatioFromRealScrapes() throws Exception {
    Promtool.require();
    ManualClock clock = ManualClock.create();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Map<String, StringBuilder> series = new LinkedHashMap<>();
    String rules;
    try (Shipshape ship = app(clock, registry)) {
      // One scrape a minute for an hour; a quarter of checkout's traffic fails throughout.
      for (int minute = 0; minute <= 60; minute++) {
        for (Map.Entry<String, Double> e : samples(registry.scrape()).entrySet()) {
          series
              .computeIfAbsent(e.getKey(), k -> new StringBuilder())
              .append(minute == 0 ? "" : " ")
              .append((long) e.getValue().doubleValue());
        }
        ship.slo("checkout").record(75, 25);
        clock.advance(Duration.ofMinutes(1));
      }
      List<SloDefinition> definitions = new ArrayList<>();
      ship.slos().forEach(s -> definitions.add(s.definition()));
      rules = PrometheusRules.generate(definitions);
    }
    Files.writeString(dir.resolve("rules.yml"), rules, StandardCharsets.UTF_8);
    StringBuilder tests = new StringBuilder();
    tests.append("rule_files:\n  - rules.yml\nevaluation_interval: 1m\ntests:\n");
    tests.append("  - interval: 1m\n    input_series:\n");
    series.forEach(
        (name, values) ->
            tests
                .append("      - series: '")
                .append(name)
                .append("'\n        values: '")
                .append(values)
                .append("'\n"));
    tests.append("    promql_expr_test:\n");
    tests.append("      - expr: sum(slo:sli_error:ratio_rate5m{sloth_slo=\"checkout\"})\n");
    tests.append("        eval_time: 30m\n        exp_samples:\n");
    tests.append("          - labels: '{}'\n            value: 0.25\n");
    tests.append("      - expr: sum(slo:sli_error:ratio_rate1h{sloth_slo=\"search\"})\n");
    tests.append("        eval_time: 30m\n        exp_samples:\n");
    tests.append("          - labels: '{}'\n            value: 0\n");
    Files.writeString(dir.resolve("tests.yml"), tests.toString(), StandardCharsets.UTF_8);

    Promtool.Result r = Promtool.run(dir, "test", "rules", "tests.yml");
    assertThat(r.exitCode()).as(r.output()).isZero();
    String output = r.output();
    assertThat(output).contains("SUCCESS");
  }
}
