package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.testsupport.Promtool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.shipshape.slo.PrometheusRules.LongWindows;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs {@code promtool test rules} against the generated rules with synthetic series of the
 * exported counter: 3,000 events per five-minute scrape and three days of history, for both forms
 * of the long windows. Rules are evaluated every five minutes (the interval of the five-minute
 * sums, which promtool does not take from the group) for the default form, and every 30 minutes
 * for the raw form (finer steps make promtool take minutes over three days of raw samples);
 * recordings before alerts.
 */
class PromtoolRuleTest {

  private static final SloDefinition CHECKOUT =
      Slo.named("checkout").service("shop").objective(0.999).window(Duration.ofDays(30)).build();

  private static final String SLO_LABELS =
      "sloth_id: shop-checkout\n              sloth_service: shop\n"
          + "              sloth_slo: checkout\n";

  @TempDir Path dir;

  private Promtool.Result promtoolPasses(LongWindows form, String tests) throws Exception {
    return promtoolPasses(PrometheusRules.Options.builder().longWindows(form).build(), tests);
  }

  private Promtool.Result promtoolPasses(PrometheusRules.Options options, String tests)
      throws Exception {
    return promtoolPasses(CHECKOUT, options, tests);
  }

  /** Runs {@code promtool test rules} over the rules and tests; asserts that every test passed. */
  private Promtool.Result promtoolPasses(
      SloDefinition slo, PrometheusRules.Options options, String tests) throws Exception {
    PrometheusRules.write(dir.resolve("rules.yml"), List.of(slo), options);
    String file =
        "rule_files:\n  - rules.yml\nevaluation_interval: "
            + (options.longWindows() == LongWindows.RAW ? "30m" : "5m")
            + "\n"
            + "group_eval_order:\n"
            + "  - sloth-slo-sli-recordings-shop-checkout\n"
            + "  - sloth-slo-sli-sums-shop-checkout\n"
            + "  - sloth-slo-meta-recordings-shop-checkout\n"
            + "  - sloth-slo-alerts-shop-checkout\n"
            + "tests:\n" + tests;
    Files.writeString(dir.resolve("tests.yml"), file, StandardCharsets.UTF_8);
    Promtool.Result r = Promtool.run(dir, "test", "rules", "tests.yml");
    assertThat(r.exitCode()).as(r.output()).isZero();
    return r;
  }

  private static String series(String outcome, String values) {
    return "      - series: 'shipshape_slo_events_total{slo=\"checkout\",outcome=\""
        + outcome + "\",instance=\"a\"}'\n        values: '" + values + "'\n";
  }

  /** One test group over these series, scraped every five minutes. */
  private static String inputSeries(String... series) {
    return "  - interval: 5m\n    input_series:\n" + String.join("", series);
  }

  /** One test group over the checkout counter's good and bad series. */
  private static String traffic(String good, String bad) {
    return inputSeries(series("good", good), series("bad", bad));
  }

  private static String alertRuleTest(String... cases) {
    return "    alert_rule_test:\n" + String.join("", cases);
  }

  /** At {@code evalTime} the burn alert fires exactly {@code alerts}: none when there are none. */
  private static String burnAlertsAt(String evalTime, String... alerts) {
    return "      - eval_time: " + evalTime + "\n        alertname: SloErrorBudgetBurn\n"
        + (alerts.length == 0 ? "        exp_alerts: []\n" : "        exp_alerts:\n")
        + String.join("", alerts);
  }

  private static String promqlExprTest(String... cases) {
    return "    promql_expr_test:\n" + String.join("", cases);
  }

  /** At {@code evalTime} {@code expr} gives one sample, with these labels and this value. */
  private static String sampleAt(String expr, String evalTime, String labels, String value) {
    return "      - expr: " + expr + "\n"
        + "        eval_time: " + evalTime + "\n"
        + "        exp_samples:\n"
        + "          - labels: '" + labels + "'\n"
        + "            value: " + value + "\n";
  }

  /** The labels of the checkout SLO's recordings over {@code window}. */
  private static String checkoutLabels(String window) {
    return "sloth_id=\"shop-checkout\", sloth_service=\"shop\", sloth_slo=\"checkout\","
        + " sloth_window=\"" + window + "\"";
  }

  /** At {@code evalTime} the checkout SLO's {@code record} over {@code window} is {@code value}. */
  private static String recordingAt(String record, String window, String evalTime, String value) {
    return sampleAt(record, evalTime, record + "{" + checkoutLabels(window) + "}", value);
  }

  /**
   * At {@code evalTime} the checkout SLO's {@code record} over {@code window} where {@code
   * selector} (such as {@code env="prod"}) holds is {@code value}, with the selector's labels.
   */
  private static String recordingAt(
      String record, String selector, String window, String evalTime, String value) {
    return sampleAt(
        record + "{" + selector + "}",
        evalTime,
        record + "{" + selector + ", " + checkoutLabels(window) + "}",
        value);
  }

  private static String alert(
      String severity, String longWindow, String shortWindow, String factor, String percent) {
    return "          - exp_labels:\n"
        + "              " + SLO_LABELS
        + "              sloth_severity: " + severity + "\n"
        + "              long_window: \"" + longWindow + "\"\n"
        + "              short_window: \"" + shortWindow + "\"\n"
        + "              burn_rate_factor: \"" + factor + "\"\n"
        + "            exp_annotations:\n"
        + "              title: '(" + severity + ") shop checkout SLO error budget burn rate is"
        + " too fast.'\n"
        + "              summary: 'shop checkout burned error budget faster than " + factor
        + "x over both " + longWindow + " and " + shortWindow + " (" + percent
        + "% of the 30d budget in " + longWindow + ").'\n";
  }

  @ParameterizedTest
  @EnumSource(LongWindows.class)
  void fastBurnFiresBothPagesAndNoTicket(LongWindows form) throws Exception {
    // Three healthy days, then 12% errors for 30 minutes: 6% over 1h (> 14.4 x 0.1%) and 1% over
    // 6h (> 6 x 0.1%), but 0.25% over 1d stays under the 1d/2h ticket's 0.3% and 0.083% over 3d
    // under the 3d/6h ticket's 0.1%.
    String tests =
        traffic("0+3000x864 2592640+2640x5", "0+0x864 360+360x5")
            + alertRuleTest(
                burnAlertsAt("4320m"),
                burnAlertsAt(
                    "4350m",
                    alert("page", "1h", "5m", "14.4", "2"),
                    alert("page", "6h", "30m", "6", "5")));

    Promtool.Result r = promtoolPasses(form, tests);
    assertThat(r.output()).contains("SUCCESS");
  }

  @ParameterizedTest
  @EnumSource(LongWindows.class)
  void slowBurnFiresOnlyTheThreeDayTicket(LongWindows form) throws Exception {
    // 0.2% errors for three days: burn 2, over the 3d/6h ticket's factor 1 and under all others.
    promtoolPasses(
        form,
        traffic("0+2994x864", "0+6x864")
            + alertRuleTest(burnAlertsAt("4320m", alert("ticket", "3d", "6h", "1", "10"))));
  }

  @ParameterizedTest
  @EnumSource(LongWindows.class)
  void healthyTrafficStaysSilent(LongWindows form) throws Exception {
    // 0.05% errors: burn 0.5.
    promtoolPasses(
        form,
        traffic("0+2998.5x864", "0+1.5x864")
            + alertRuleTest(burnAlertsAt("60m"), burnAlertsAt("1440m"), burnAlertsAt("4320m")));
  }

  @ParameterizedTest
  @EnumSource(LongWindows.class)
  void periodRatioIsWeightedByEventsAndNoTrafficRecordsZero(LongWindows form) throws Exception {
    // Day and a half at 1000/min without errors, then a day and a half at 10/min with 10% errors:
    // weighted by events the period error ratio is 2160 / 2181600 = 0.00099; an average of 5m
    // ratios would be about 0.05.
    String period = "{" + checkoutLabels("30d") + "}";
    String weighted =
        traffic("0+5000x432 2160045+45x431", "0+0x432 5+5x431")
            + promqlExprTest(
                sampleAt("slo:sli_error:ratio_rate30d > bool 0.00098", "4320m", period, "1"),
                sampleAt("slo:sli_error:ratio_rate30d < bool 0.001", "4320m", period, "1"));
    String idle =
        traffic("1000+0x24", "3+0x24")
            + promqlExprTest(
                recordingAt("slo:sli_error:ratio_rate5m", "5m", "120m", "0"),
                recordingAt("slo:current_burn_rate:ratio", "5m", "120m", "0"));

    promtoolPasses(form, weighted + idle);
  }

  private static String envSeries(String env, String outcome, String values) {
    return "      - series: 'shipshape_slo_events_total{slo=\"checkout\",outcome=\""
        + outcome + "\",env=\"" + env + "\",instance=\"" + env + "-1\"}'\n"
        + "        values: '" + values + "'\n";
  }

  /** Production healthy at ten times staging's traffic; staging failing 12% of its events. */
  private static final String TWO_ENVIRONMENTS =
      inputSeries(
          envSeries("prod", "good", "0+90000x288"),
          envSeries("prod", "bad", "0+0x288"),
          envSeries("staging", "good", "0+2640x288"),
          envSeries("staging", "bad", "0+360x288"));

  @Test
  void groupingLabelsKeepEnvironmentsApart() throws Exception {
    // Summed over both environments the error ratio is 360 / 93000 = 0.39%, under the 1h/5m
    // page's 1.44% and the 6h/30m page's 0.6%: without grouping, staging's outage pages nobody.
    // Grouped by env, staging pages on both pairs and production stays silent.
    String grouped =
        TWO_ENVIRONMENTS
            + promqlExprTest(
                sampleAt(
                    "count by (env) (ALERTS{alertstate=\"firing\",sloth_severity=\"page\"})",
                    "1d",
                    "{env=\"staging\"}",
                    "2"),
                recordingAt("slo:sli_error:ratio_rate1h", "env=\"prod\"", "1h", "1d", "0"),
                recordingAt("slo:sli_error:ratio_rate1d", "env=\"staging\"", "1d", "1d", "0.12"));
    promtoolPasses(PrometheusRules.Options.builder().groupBy("env").build(), grouped);

    String merged =
        TWO_ENVIRONMENTS
            + promqlExprTest(
                sampleAt(
                    "count(ALERTS{alertstate=\"firing\",sloth_severity=\"page\"}) or vector(0)",
                    "1d",
                    "{}",
                    "0"));
    promtoolPasses(PrometheusRules.Options.defaults(), merged);
  }

  @Test
  void extraMatchersSelectOneEnvironment() throws Exception {
    String tests =
        TWO_ENVIRONMENTS
            + promqlExprTest(
                sampleAt(
                    "count(ALERTS{alertstate=\"firing\",sloth_severity=\"page\"})",
                    "1d",
                    "{}",
                    "2"),
                recordingAt("slo:sli_error:ratio_rate30d", "30d", "1d", "0.12"));
    promtoolPasses(PrometheusRules.Options.builder().matcher("env=\"staging\"").build(), tests);
  }

  @Test
  void longWindowsFromFiveMinuteSumsMatchTheRawIncreaseThroughAnIncident() throws Exception {
    // Two days of traffic that swings tenfold between night and day, with 0.05% errors and a
    // 40-minute incident failing 30% of the traffic. At every checked instant (before, during and
    // after the incident, and as it leaves the 1d window) the 1d and 30d ratios from the
    // five-minute sums agree with one increase() over the raw counter to within 1%.
    StringBuilder good = new StringBuilder();
    StringBuilder bad = new StringBuilder();
    long g = 0;
    long b = 0;
    for (int step = 0; step <= 600; step++) {
      good.append(step == 0 ? "" : " ").append(g);
      bad.append(step == 0 ? "" : " ").append(b);
      double hour = (step * 5 / 60.0) % 24;
      long events = Math.round(1000 + 9000 * Math.pow(Math.sin(Math.PI * hour / 24), 2));
      long failed = step >= 200 && step < 208 ? events * 3 / 10 : Math.round(events * 0.0005);
      g += events - failed;
      b += failed;
    }
    StringBuilder tests =
        new StringBuilder(traffic(good.toString(), bad.toString()) + promqlExprTest());
    String all = "shipshape_slo_events_total{slo=\"checkout\"}";
    String failed = "shipshape_slo_events_total{slo=\"checkout\",outcome=\"bad\"}";
    for (String window : List.of("1d", "30d")) {
      for (int minutes : List.of(990, 1020, 1035, 1060, 2000, 2440, 2455, 2480, 2485, 3000)) {
        String raw =
            "(sum(increase(" + failed + "[" + window + "])) / sum(increase(" + all + "["
                + window + "])))";
        tests.append(
            sampleAt(
                "abs(sum(slo:sli_error:ratio_rate" + window + ") / " + raw + " - 1) < bool 0.01",
                minutes + "m",
                "{}",
                "1"));
      }
    }
    promtoolPasses(LongWindows.EVENT_SUMS, tests.toString());
  }

  @Test
  void thirteenNinesKeepANonZeroBudgetAndFiniteBurnRates() throws Exception {
    // 1 - 0.9999999999999 is about 1e-13: rounded to twelve places the objective would be 1, the
    // budget 0 and every burn rate a division by zero.
    SloDefinition strict = CHECKOUT.toBuilder().objective(0.9999999999999).build();
    String meta = "{sloth_id=\"shop-checkout\", sloth_service=\"shop\", sloth_slo=\"checkout\"}";
    promtoolPasses(
        strict,
        PrometheusRules.Options.defaults(),
        traffic("0+3000x24", "0+0x24")
            + promqlExprTest(
                sampleAt("slo:error_budget:ratio > bool 0", "2h", meta, "1"),
                sampleAt("slo:error_budget:ratio < bool 1e-12", "2h", meta, "1"),
                recordingAt("slo:current_burn_rate:ratio", "5m", "2h", "0"),
                recordingAt("slo:period_burn_rate:ratio", "30d", "2h", "0")));
  }

  private static String withRunbook(String alert) {
    return alert.replace(
        "            exp_annotations:\n",
        "            exp_annotations:\n"
            + "              runbook_url: https://runbooks.example.com/shop/checkout\n");
  }

  @Test
  void alertsCarryTheSlosRunbook() throws Exception {
    SloDefinition withRunbook =
        CHECKOUT.toBuilder().runbookUrl("https://runbooks.example.com/shop/checkout").build();
    promtoolPasses(
        withRunbook,
        PrometheusRules.Options.defaults(),
        traffic("0+2640x24", "0+360x24")
            + alertRuleTest(
                burnAlertsAt(
                    "2h",
                    withRunbook(alert("page", "1h", "5m", "14.4", "2")),
                    withRunbook(alert("page", "6h", "30m", "6", "5")),
                    withRunbook(alert("ticket", "1d", "2h", "3", "10")),
                    withRunbook(alert("ticket", "3d", "6h", "1", "10")))));
  }
}
