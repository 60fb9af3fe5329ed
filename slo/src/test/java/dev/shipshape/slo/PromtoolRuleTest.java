package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code promtool test rules} against the generated rules with synthetic series of the
 * exported counter: 3,000 events per five-minute scrape and three days of history. Rules are
 * evaluated every 30 minutes, recordings before alerts (finer steps make promtool take minutes
 * over three days of samples).
 */
class PromtoolRuleTest {

  private static final SloDefinition CHECKOUT =
      Slo.named("checkout").service("shop").objective(0.999).window(Duration.ofDays(30)).build();

  private static final String SLO_LABELS =
      "sloth_id: shop-checkout\n              sloth_service: shop\n"
          + "              sloth_slo: checkout\n";

  @TempDir Path dir;

  private Promtool.Result promtoolTest(String tests) throws Exception {
    PrometheusRules.write(dir.resolve("rules.yml"), List.of(CHECKOUT));
    String file =
        "rule_files:\n  - rules.yml\nevaluation_interval: 30m\n"
            + "group_eval_order:\n"
            + "  - sloth-slo-sli-recordings-shop-checkout\n"
            + "  - sloth-slo-meta-recordings-shop-checkout\n"
            + "  - sloth-slo-alerts-shop-checkout\n"
            + "tests:\n" + tests;
    Files.writeString(dir.resolve("tests.yml"), file, StandardCharsets.UTF_8);
    Promtool.Result r = Promtool.run(dir, "test", "rules", "tests.yml");
    return r;
  }

  private static String series(String outcome, String values) {
    return "      - series: 'shipshape_slo_events_total{slo=\"checkout\",outcome=\""
        + outcome + "\",instance=\"a\"}'\n        values: '" + values + "'\n";
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

  @Test
  void fastBurnFiresBothPagesAndNoTicket() throws Exception {
    // Three healthy days, then 12% errors for 30 minutes: 6% over 1h (> 14.4 x 0.1%) and 1% over
    // 6h (> 6 x 0.1%), but 0.25% over 1d stays under the 1d/2h ticket's 0.3% and 0.083% over 3d
    // under the 3d/6h ticket's 0.1%.
    String tests =
        "  - interval: 5m\n    input_series:\n"
            + series("good", "0+3000x864 2592640+2640x5")
            + series("bad", "0+0x864 360+360x5")
            + "    alert_rule_test:\n"
            + "      - eval_time: 4320m\n        alertname: SloErrorBudgetBurn\n"
            + "        exp_alerts: []\n"
            + "      - eval_time: 4350m\n        alertname: SloErrorBudgetBurn\n"
            + "        exp_alerts:\n"
            + alert("page", "1h", "5m", "14.4", "2")
            + alert("page", "6h", "30m", "6", "5");

    Promtool.Result r = promtoolTest(tests);

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void slowBurnFiresOnlyTheThreeDayTicket() throws Exception {
    // 0.2% errors for three days: burn 2, over the 3d/6h ticket's factor 1 and under all others.
    String tests =
        "  - interval: 5m\n    input_series:\n"
            + series("good", "0+2994x864")
            + series("bad", "0+6x864")
            + "    alert_rule_test:\n"
            + "      - eval_time: 4320m\n        alertname: SloErrorBudgetBurn\n"
            + "        exp_alerts:\n"
            + alert("ticket", "3d", "6h", "1", "10");

    Promtool.Result r = promtoolTest(tests);

    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void healthyTrafficStaysSilent() throws Exception {
    // 0.05% errors: burn 0.5.
    String tests =
        "  - interval: 5m\n    input_series:\n"
            + series("good", "0+2998.5x864")
            + series("bad", "0+1.5x864")
            + "    alert_rule_test:\n"
            + "      - eval_time: 60m\n        alertname: SloErrorBudgetBurn\n"
            + "        exp_alerts: []\n"
            + "      - eval_time: 1440m\n        alertname: SloErrorBudgetBurn\n"
            + "        exp_alerts: []\n"
            + "      - eval_time: 4320m\n        alertname: SloErrorBudgetBurn\n"
            + "        exp_alerts: []\n";

    Promtool.Result r = promtoolTest(tests);

    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void periodRatioIsWeightedByEventsAndNoTrafficRecordsZero() throws Exception {
    // Day and a half at 1000/min without errors, then a day and a half at 10/min with 10% errors:
    // weighted by events the period error ratio is 2160 / 2181600 = 0.00099; an average of 5m
    // ratios would be about 0.05.
    String weighted =
        "  - interval: 5m\n    input_series:\n"
            + series("good", "0+5000x432 2160045+45x431")
            + series("bad", "0+0x432 5+5x431")
            + "    promql_expr_test:\n"
            + "      - expr: slo:sli_error:ratio_rate30d > bool 0.00098\n"
            + "        eval_time: 4320m\n"
            + "        exp_samples:\n"
            + "          - labels: '{sloth_id=\"shop-checkout\", sloth_service=\"shop\","
            + " sloth_slo=\"checkout\", sloth_window=\"30d\"}'\n"
            + "            value: 1\n"
            + "      - expr: slo:sli_error:ratio_rate30d < bool 0.001\n"
            + "        eval_time: 4320m\n"
            + "        exp_samples:\n"
            + "          - labels: '{sloth_id=\"shop-checkout\", sloth_service=\"shop\","
            + " sloth_slo=\"checkout\", sloth_window=\"30d\"}'\n"
            + "            value: 1\n";
    String idle =
        "  - interval: 5m\n    input_series:\n"
            + series("good", "1000+0x24")
            + series("bad", "3+0x24")
            + "    promql_expr_test:\n"
            + "      - expr: slo:sli_error:ratio_rate5m\n"
            + "        eval_time: 120m\n"
            + "        exp_samples:\n"
            + "          - labels: 'slo:sli_error:ratio_rate5m{sloth_id=\"shop-checkout\","
            + " sloth_service=\"shop\", sloth_slo=\"checkout\", sloth_window=\"5m\"}'\n"
            + "            value: 0\n"
            + "      - expr: slo:current_burn_rate:ratio\n"
            + "        eval_time: 120m\n"
            + "        exp_samples:\n"
            + "          - labels: 'slo:current_burn_rate:ratio{sloth_id=\"shop-checkout\","
            + " sloth_service=\"shop\", sloth_slo=\"checkout\", sloth_window=\"5m\"}'\n"
            + "            value: 0\n";

    Promtool.Result r = promtoolTest(weighted + idle);

    assertThat(r.exitCode()).as(r.output()).isZero();
  }
}
