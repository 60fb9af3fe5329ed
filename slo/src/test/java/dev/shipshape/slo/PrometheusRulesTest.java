package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.slo.PrometheusRules.LongWindows;
import dev.shipshape.testsupport.Promtool;
import dev.shipshape.time.config.ConfigProblem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusRulesTest {

  private static final SloDefinition CHECKOUT =
      Slo.named("checkout").service("shop").objective(0.999).window(Duration.ofDays(30)).build();
  private static final SloDefinition SEARCH = Slo.named("search").objectivePercent(99.5).build();

  @TempDir Path dir;

  @Test
  void recordsSlothNamedErrorRatiosForEveryAlertWindowAndThePeriod() {
    String yaml = PrometheusRules.generate(CHECKOUT, SEARCH);

    for (String w : List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d")) {
      assertThat(yaml)
          .contains("  - record: slo:sli_error:ratio_rate" + w + "\n")
          .contains("      sloth_window: \"" + w + "\"\n");
    }
    assertThat(yaml)
        .contains("- name: sloth-slo-sli-recordings-shop-checkout\n")
        .contains("- name: sloth-slo-meta-recordings-shop-checkout\n")
        .contains("- name: sloth-slo-alerts-shop-checkout\n")
        .contains("      sloth_id: \"shop-checkout\"\n")
        .contains("      sloth_service: \"shop\"\n")
        .contains("      sloth_slo: \"checkout\"\n")
        // 28 days is Sloth's 4w
        .contains("  - record: slo:sli_error:ratio_rate4w\n")
        .contains("      sloth_id: \"search-search\"\n");
  }

  @Test
  void rawLongWindowsAreIncreasesOverTheWholePeriod() {
    String yaml =
        PrometheusRules.generate(
            List.of(CHECKOUT),
            PrometheusRules.Options.builder().longWindows(LongWindows.RAW).build());

    assertThat(yaml)
        .contains(
            "(sum(increase(shipshape_slo_events_total{slo=\"checkout\",outcome=\"bad\"}[30d]))"
                + " or vector(0))")
        .contains("(sum(increase(shipshape_slo_events_total{slo=\"checkout\"}[30d])) > 0)")
        .doesNotContain("sum_over_time")
        .doesNotContain("count_over_time")
        .doesNotContain("interval:");
  }

  @Test
  void longWindowsAreSumsOfFiveMinuteEventCountsByDefault() {
    String yaml = PrometheusRules.generate(CHECKOUT);

    assertThat(yaml)
        .contains("- name: sloth-slo-sli-sums-shop-checkout\n  interval: 5m\n  rules:\n")
        .contains(
            "  - record: slo:sli_error_events:increase5m\n    expr: |\n      sum(increase("
                + "shipshape_slo_events_total{slo=\"checkout\",outcome=\"bad\"}[5m]))"
                + " or vector(0)\n")
        .contains(
            "  - record: slo:sli_total_events:increase5m\n    expr: |\n      sum(increase("
                + "shipshape_slo_events_total{slo=\"checkout\"}[5m]))\n")
        // a range one second short of the window: exactly its five-minute sums
        .contains(
            "sum(sum_over_time(slo:sli_error_events:increase5m{sloth_id=\"shop-checkout\","
                + " sloth_service=\"shop\", sloth_slo=\"checkout\"}[29d23h59m59s]))")
        .contains("slo:sli_total_events:increase5m{sloth_id=\"shop-checkout\", sloth_service="
            + "\"shop\", sloth_slo=\"checkout\"}[2d23h59m59s]")
        .doesNotContain("[30d]")
        .doesNotContain("[3d]")
        .doesNotContain("[1d]")
        // short windows still read the raw counter, so pages react within one evaluation
        .contains("(sum(increase(shipshape_slo_events_total{slo=\"checkout\"}[6h])) > 0)");
    String sums =
        yaml.substring(yaml.indexOf("sloth-slo-sli-sums"), yaml.indexOf("sloth-slo-meta"));
    assertThat(sums)
        .contains("record: slo:sli_error:ratio_rate1d\n")
        .contains("record: slo:sli_error:ratio_rate3d\n")
        .contains("record: slo:sli_error:ratio_rate30d\n")
        .doesNotContain("ratio_rate6h");
  }

  @Test
  void groupsByTheGivenLabelsAndAddsTheExtraMatchersToEverySelector() {
    String yaml =
        PrometheusRules.generate(
            List.of(CHECKOUT),
            PrometheusRules.Options.builder()
                .groupBy("namespace", "env")
                .matcher(" cluster =~ \"eu-.*\" ")
                .build());

    assertThat(yaml)
        .contains(
            "(sum by (namespace, env) (increase(shipshape_slo_events_total{slo=\"checkout\","
                + "outcome=\"bad\",cluster=~\"eu-.*\"}[5m])) or sum by (namespace, env) (increase("
                + "shipshape_slo_events_total{slo=\"checkout\",cluster=~\"eu-.*\"}[5m])) * 0)")
        .contains(
            "and on(namespace, env) (sum by (namespace, env) (increase("
                + "shipshape_slo_events_total{slo=\"checkout\",cluster=~\"eu-.*\"}[5m])) >= 10)")
        .contains("sum by (namespace, env) (sum_over_time(slo:sli_error_events:increase5m{")
        .doesNotContain("vector(0)\n");
    assertThat(yaml.split("shipshape_slo_events_total\\{", -1).length - 1)
        .as("every counter selector")
        .isEqualTo(yaml.split("cluster=~\"eu-\\.\\*\"", -1).length - 1);
  }

  @Test
  void refusesBadOptionsListingEveryProblem() {
    assertThatThrownBy(
            () ->
                PrometheusRules.Options.builder()
                    .groupBy("env", "sloth_slo", "slo", "env", "2x", "long_window")
                    .matcher("env=prod")
                    .matcher("outcome=\"bad\"")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "groupBy[1] was 'sloth_slo' but a label name other than slo, outcome, sloth_*, __*"
                + " and the alerts' own long_window, short_window and burn_rate_factor was"
                + " expected\n"
                + "groupBy[2] was 'slo' but a label name other than slo, outcome, sloth_*, __*"
                + " and the alerts' own long_window, short_window and burn_rate_factor was"
                + " expected\n"
                + "groupBy[3] was 'env' but it is already listed\n"
                + "groupBy[4] was '2x' but a label name other than slo, outcome, sloth_*, __*"
                + " and the alerts' own long_window, short_window and burn_rate_factor was"
                + " expected\n"
                + "groupBy[5] was 'long_window' but a label name other than slo, outcome, sloth_*,"
                + " __* and the alerts' own long_window, short_window and burn_rate_factor was"
                + " expected\n"
                + "matcher[0] was 'env=prod' but a PromQL label matcher such as env=\"prod\" or"
                + " env=~\"prod|staging\" was expected\n"
                + "matcher[1] was 'outcome=\"bad\"' but a matcher on a label other than slo,"
                + " outcome and __* was expected");
  }

  @Test
  void annotatesAlertsWithTheRunbookUrl() {
    String yaml =
        PrometheusRules.generate(
            CHECKOUT.toBuilder()
                .runbookUrl("https://runbooks.example.com/checkout?a=1&b=2")
                .build());

    assertThat(yaml.split("runbook_url: 'https://runbooks.example.com/checkout\\?a=1&b=2'\n", -1))
        .as("one annotation per alert")
        .hasSize(5);
    assertThat(PrometheusRules.generate(CHECKOUT)).doesNotContain("runbook_url");
  }

  @Test
  void writesTheMetaRulesSlothUsersGraph() {
    String yaml = PrometheusRules.generate(CHECKOUT);

    assertThat(yaml)
        .contains("  - record: slo:objective:ratio\n    expr: vector(0.999)\n")
        .contains("  - record: slo:error_budget:ratio\n    expr: vector(1 - 0.999)\n")
        .contains("  - record: slo:time_period:days\n    expr: vector(30)\n")
        .contains("  - record: slo:current_burn_rate:ratio\n    expr: slo:sli_error:ratio_rate5m{")
        .contains("  - record: slo:period_burn_rate:ratio\n    expr: slo:sli_error:ratio_rate30d{")
        .contains("  - record: slo:period_error_budget_remaining:ratio\n")
        .contains("  - record: sloth_slo_info\n")
        .contains("      sloth_objective: \"99.9\"\n");
  }

  @Test
  void writesEveryAcceptedObjectiveExactlySoTheBudgetIsNeverZero() {
    for (double objective : new double[] {0.9999999999999, 0.9999999999999999, 0.00001}) {
      SloDefinition slo = CHECKOUT.toBuilder().objective(objective).build();
      BigDecimal exact = new BigDecimal(Double.toString(objective)).stripTrailingZeros();
      String ratio = exact.toPlainString();

      assertThat(PrometheusRules.generate(slo))
          .as("objective %s", objective)
          .contains("  - record: slo:objective:ratio\n    expr: vector(" + ratio + ")\n")
          .contains("  - record: slo:error_budget:ratio\n    expr: vector(1 - " + ratio + ")\n")
          .contains("(14.4 * (1 - " + ratio + "))")
          .contains(
              "      sloth_objective: \""
                  + exact.movePointRight(2).toPlainString()
                  + "\"\n");
    }
  }

  @Test
  void eachAlertSaysWhichWindowPairAndSeverityFired() {
    String yaml = PrometheusRules.generate(CHECKOUT);

    assertThat(yaml)
        .contains(
            "      sloth_severity: page\n      long_window: \"1h\"\n      short_window: \"5m\"\n"
                + "      burn_rate_factor: \"14.4\"\n")
        .contains(
            "      sloth_severity: page\n      long_window: \"6h\"\n      short_window: \"30m\"\n"
                + "      burn_rate_factor: \"6\"\n")
        .contains(
            "      sloth_severity: ticket\n      long_window: \"1d\"\n      short_window: \"2h\"\n"
                + "      burn_rate_factor: \"3\"\n")
        .contains(
            "      sloth_severity: ticket\n      long_window: \"3d\"\n      short_window: \"6h\"\n"
                + "      burn_rate_factor: \"1\"\n")
        .contains("(14.4 * (1 - 0.999))")
        .contains(
            "and on() (sum(increase(shipshape_slo_events_total{slo=\"checkout\"}[5m])) >= 10)");
  }

  @Test
  void noAlertGroupWhenAlertingIsOff() {
    String yaml =
        PrometheusRules.generate(Slo.named("quiet").objective(0.99).alerts(List.of()).build());

    assertThat(yaml).doesNotContain("alert:").doesNotContain("sloth-slo-alerts-");
  }

  @Test
  void refusesTwoSlosWithTheSameId() {
    SloDefinition first = Slo.named("c").service("a-b").objective(0.99).build();
    SloDefinition second = Slo.named("b-c").service("a").objective(0.99).build();
    assertThatThrownBy(() -> PrometheusRules.generate(first, second))
        .isInstanceOfSatisfying(
            SloDefinitionException.class,
            e ->
                assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                    .containsExactly(
                        "slos[1].sloth_id was 'a-b-c' but an id unique in the file was"
                            + " expected"));
  }

  @Test
  void refusesTwoSlosWithTheSameNameInDifferentServices() {
    // Regression: the exported counter has an slo label but no service label, so two services'
    // "checkout" SLOs would both read (and alert on) the sum of each other's events.
    SloDefinition other =
        Slo.named("checkout").service("warehouse").objective(0.99).build();
    assertThatThrownBy(() -> PrometheusRules.generate(SEARCH, CHECKOUT, other))
        .isInstanceOfSatisfying(
            SloDefinitionException.class,
            e ->
                assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                    .containsExactly(
                        "slos[2].name was 'checkout' but a name unique in the file was expected"
                            + " (service 'warehouse'): slos[1] (service 'shop') has the same name,"
                            + " and both would read the same"
                            + " shipshape_slo_events_total{slo=\"checkout\"} series, which has"
                            + " no service label"));
  }

  @Test
  void refusesTimeslicesSlosInsteadOfExportingThemAsEventRatios() {
    // Regression: a TIMESLICES SLO was silently exported with occurrence-based rules.
    SloDefinition slices =
        Slo.named("latency")
            .objective(0.9)
            .budgeting(BudgetingMethod.TIMESLICES)
            .timesliceTarget(0.95)
            .build();
    assertThatThrownBy(() -> PrometheusRules.generate(CHECKOUT, slices))
        .isInstanceOfSatisfying(
            SloDefinitionException.class,
            e ->
                assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                    .containsExactly(
                        "slos[1].budgeting was 'TIMESLICES' but Prometheus rule export supports"
                            + " OCCURRENCES only"));
  }

  @Test
  void formatsDurationsWithTheLargestWholeUnit() {
    assertThat(PrometheusRules.promDuration(Duration.ofDays(28))).isEqualTo("4w");
    assertThat(PrometheusRules.promDuration(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(PrometheusRules.promDuration(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(PrometheusRules.promDuration(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(PrometheusRules.promDuration(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(PrometheusRules.promDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(PrometheusRules.promDuration(Duration.ofDays(7))).isEqualTo("1w");
  }

  @Test
  void writesTheFileToAPath() throws Exception {
    Path file = dir.resolve("slo-rules.yml");
    PrometheusRules.write(file, List.of(CHECKOUT));

    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(PrometheusRules.generate(CHECKOUT));
  }

  @Test
  void promtoolAcceptsEveryGeneratedFile() throws Exception {
    SloDefinition latency =
        Slo.named("api-latency")
            .service("api")
            .objective(0.99)
            .latencyThreshold(Duration.ofMillis(300))
            .window(Duration.ofDays(7))
            .build();
    SloDefinition hour =
        Slo.named("batch").objective(0.9).window(Duration.ofHours(1)).minEventsPerShortWindow(0)
            .build();
    List<List<SloDefinition>> files =
        List.of(
            List.of(CHECKOUT),
            List.of(SEARCH, latency, hour),
            List.of(Slo.named("quiet").objective(0.99).alerts(List.of()).build()),
            List.of(
                CHECKOUT.toBuilder()
                    .runbookUrl("https://example.com/rb?a=1&b=%27x%27#step-2")
                    .build()));
    List<PrometheusRules.Options> options =
        List.of(
            PrometheusRules.Options.defaults(),
            PrometheusRules.Options.builder().longWindows(LongWindows.RAW).build(),
            PrometheusRules.Options.builder().groupBy("env").matcher("ns!~\"test.*\"").build());
    for (int i = 0; i < files.size() * options.size(); i++) {
      Path file = dir.resolve("rules-" + i + ".yml");
      PrometheusRules.write(
          file, files.get(i % files.size()), options.get(i / files.size()));

      Promtool.Result r = Promtool.run(dir, "check", "rules", file.getFileName().toString());

      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.output()).contains("SUCCESS");
    }
  }

  /**
   * Label names that are PromQL keywords, numbers or YAML's booleans, for grouping and in
   * matchers: the options refuse the few that PromQL cannot group by, and every file built from
   * the others passes promtool.
   */
  @Test
  void labelsNamedLikePromQlKeywordsAreRefusedOrGiveFilesPromtoolAccepts() throws Exception {
    List<String> names =
        List.of(
            "without", "WITHOUT", "Without", "inf", "Inf", "INF", "nan", "NaN", "on", "by", "BY",
            "bool", "offset", "ignoring", "group_left", "group_right", "sum", "and", "or",
            "unless", "start", "end", "atan2", "count_values", "limitk", "infinity", "nan_",
            "true", "no", "y", "null", "le", "quantile");
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      PrometheusRules.Options.Builder builder =
          PrometheusRules.Options.builder().groupBy(name, "env").matcher(name + "!=\"x\"");
      PrometheusRules.Options options;
      try {
        options = builder.build();
      } catch (IllegalArgumentException e) {
        assertThat(e)
            .hasMessage(
                "groupBy[0] was '" + name + "' but a label name PromQL can group by (not"
                    + " without, inf or nan, in any case) was expected");
        refused.add(name);
        continue;
      }
      Path file = dir.resolve("keyword-" + i + ".yml");
      PrometheusRules.write(file, List.of(CHECKOUT), options);

      Promtool.Result r = Promtool.run(dir, "check", "rules", file.getFileName().toString());

      assertThat(r.exitCode()).as(name + ": " + r.output()).isZero();
    }
    assertThat(refused).containsExactly("without", "WITHOUT", "Without", "inf", "Inf", "INF",
        "nan", "NaN");
  }

  /**
   * Matchers whose values YAML or PromQL treat specially: the file passes promtool and every
   * counter selector, read back from the YAML, ends in the matcher exactly as given.
   */
  @Test
  void hostileMatcherValuesReachEverySelectorExactly() throws Exception {
    List<String> matchers =
        List.of(
            "env=\"a #b\"",
            "env=\"a: b\"",
            "env!=\"- *x &y !z %w\"",
            "env=\"a\\\"} or vector(1) #\"",
            "env=\"{{ $labels.x }}\"",
            "env=~\"é|🙂|\\\\d+\"",
            "env=\"\\a\\n\\t\\x41\\101\\u00e9\\U0001F600\\\\\"",
            "env=\"" + "x".repeat(10_000) + "\"");
    List<String> files = new ArrayList<>(List.of("check", "rules"));
    for (int i = 0; i < matchers.size(); i++) {
      String m = matchers.get(i);
      PrometheusRules.Options options =
          PrometheusRules.Options.builder().groupBy("env").matcher(m).build();
      Path file = dir.resolve("hostile-" + i + ".yml");
      PrometheusRules.write(file, List.of(CHECKOUT), options);
      files.add(file.getFileName().toString());
      List<String> selectors = new ArrayList<>();
      for (Object group : (List<?>) ((Map<?, ?>) load(file)).get("groups")) {
        for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
          String expr = (String) ((Map<?, ?>) rule).get("expr");
          String[] parts = expr.split("shipshape_slo_events_total\\{", -1);
          for (int p = 1; p < parts.length; p++) {
            selectors.add(parts[p].substring(0, parts[p].indexOf("}[") + 1));
          }
        }
      }
      assertThat(selectors).as(m).hasSizeGreaterThan(10).allMatch(s -> s.endsWith("," + m + "}"));
    }

    Promtool.Result r = Promtool.run(dir, files.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  private static Object load(Path file) throws Exception {
    return new Load(LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build())
        .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Matchers Prometheus cannot parse, or a rule file cannot carry on one line, are refused when the
   * options are built, each naming the matcher; promtool rejects every one of them in a rule.
   */
  @Test
  void refusesMatcherValuesPromtoolRejects() throws Exception {
    List<String> matchers =
        List.of(
            "env=\"a\nb\"",
            "env=\"a\rb\"",
            "env=\"a\u2028b\"",
            "env=\"a\\qb\"",
            "env=\"a\\'b\"",
            "env=\"\\400\"",
            "env=\"\\x4\"",
            "env=\"\\uD800\"",
            "env=\"\\U00110000\"",
            "env=\"a\\\"} or vector(1) #",
            "env=\"a\\\"");
    List<String> files = new ArrayList<>(List.of("check", "rules"));
    for (int i = 0; i < matchers.size(); i++) {
      String m = matchers.get(i);
      assertThatThrownBy(() -> PrometheusRules.Options.builder().matcher(m).build())
          .as(m)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("matcher[0] was '" + m + "' but a ")
          .hasMessageEndingWith(" was expected");
      Path file = dir.resolve("refused-" + i + ".yml");
      Files.writeString(
          file,
          "groups:\n- name: g\n  rules:\n  - record: r\n    expr: |\n      sum(x{" + m + "})\n",
          StandardCharsets.UTF_8);
      files.add(file.getFileName().toString());
    }
    // valid PromQL, but it would change every selector: refused too
    assertThatThrownBy(
            () -> PrometheusRules.Options.builder().matcher("a=\"b\"} or vector(1) or x{y=\"z\"")
                .build())
        .hasMessageStartingWith("matcher[0] was 'a=\"b\"} or vector(1) or x{y=\"z\"' but a ");
    assertThatThrownBy(() -> PrometheusRules.Options.builder().groupBy("env", null).build())
        .hasMessage(
            "groupBy[1] was 'null' but a label name other than slo, outcome, sloth_*, __* and the"
                + " alerts' own long_window, short_window and burn_rate_factor was expected");

    Promtool.Result r = Promtool.run(dir, files.toArray(String[]::new));

    for (int i = 0; i < matchers.size(); i++) {
      assertThat(r.output()).as(matchers.get(i)).containsPattern("refused-" + i + "\\.yml: .");
    }
  }
  /**
   * Regular expressions of {@code =~} matchers, each written as Go's regexp reads it: the
   * generated rules accept exactly those that promtool (Prometheus' own parser, Go's RE2 syntax)
   * accepts, including what Java's patterns would take and Go refuses (lookaround,
   * backreferences, possessive quantifiers) and what Go takes and Java's patterns would refuse
   * (POSIX classes, a literal brace, {@code (?P<name>)}).
   */
  @Test
  void acceptsExactlyTheRegularExpressionsPromtoolAccepts() throws Exception {
    List<String> accepted =
        List.of(
            "prod|staging", "eu-.*", "(?i)prod", "(?i:prod)-\\d+", "(?P<env>prod)_\\w+",
            "(?P<my_env>a)", "[[:alpha:]]+", "[[:^digit:]]", "[]a]", "[^]a]", "[a-z&&[^x]]",
            "[(?=]", "a{2,1000}", "a{,3}", "x{", "\\Q.*+\\E", "\\x41\\x{1F600}", "\\101",
            "\\0", "\\pL\\p{Greek}\\P{Lu}\\p{^Greek}", "\\p{Any}", "a*?b+?c??",
            "\\.\\-\\/", "(?U)a*", "(?s).", "(?m)^a$", "\\b\\B\\A\\z",
            "(?-i)a", "\\v\\a\\f", "[\\d\\-_]", "\u00e9t\u00e9", "",
            "(?P<a>x)(?P<a>y)", "^*", "(|a)", "()", "a|", "[[:word:]]", "\\pN", "(?:a)",
            "\\z+", "a{0}", "[^\\n]", "a{1000}", "\\p{L}", "$+", "(?i)(?-i)", "a(?i)*",
            "a*(?i)*", "(?)", "^(?-i)?", "(?:)", "a(?i:)*");
    List<String> refused =
        List.of(
            "(", ")", "[z-a]", "a{1001}", "a{2,1}", "(?=a)", "(?!a)", "(?<=a)b", "(?<!a)b",
            "(?>a)", "(a)\\1", "\\8", "a*+", "a++", "a?+", "a{2}+", "a**", "x{2}{3}", "a**?",
            "\\Z", "\\G", "\\h", "\\e", "\\cA", "\\k<a>", "\\X", "\\R", "\\u0041",
            "[\\b]", "[[:foo:]]", "\\p{Foo}", "*a", "(?x)a", "(?#c)",
            "\\", "[a", "a\\", "(?P<a-b>x)", "a)|(b", "(?i-)a", "(?<name>a)", "[a-\\d]",
            "x*{2}", "[\\Q]\\E]", "\\x{110000}", "(?i", "(?i)*", "\\Qab", "\\Qa\\Eb\\Q",
            "(?-)");
    List<String> all = new ArrayList<>(accepted);
    all.addAll(refused);
    List<Boolean> promtool = promtoolAccepts(all);
    for (int i = 0; i < all.size(); i++) {
      assertThat(promtool.get(i)).as(all.get(i)).isEqualTo(i < accepted.size());
    }
  }

  /**
   * A thousand expressions made of random pieces of Go's syntax, the odd and the invalid among
   * them, from a fixed seed: the generated rules accept each exactly when promtool does.
   */
  @Test
  void agreesWithPromtoolOnRandomExpressions() throws Exception {
    List<String> pieces =
        List.of(
            "a", ".", "\\d", "\\W", "[a-z]", "[^a]", "[[:alpha:]]", "[[:^word:]]", "[[:foo:]]",
            "[]a]", "[^]", "[[", "(a)", "(?:a)", "(?i)", "(?i:", "(?P<n>a)", "(?P<", "\\.",
            "\\\\", "\\x41", "\\x", "\\x{110000}", "\\101", "\\777", "\\12", "\\8", "\\0",
            "\\pL", "\\p{Greek}", "\\p{^L}", "\\p{Any}", "\\P{Han}", "\\p{L", "^", "$", "|",
            "(", ")", "[", "{", "}", ",", "9", "?", "*", "+", "{2}", "{1000}", "{3,2}",
            "{1,1001}", "{,2}", "**", "*?", "*+", "\\b", "\\A", "\\z", "\\Q+", "\\E", "-",
            "&&", "\\1", "(?=", "(?<", "(?U)", "(?-i)", "(?", ":", "\\Z", "\\e", "[a-\\d]",
            "[z-a]", "[\\b]", "\\v", "\u00e9", "\\-", "\\_", "\\\u00e9", " ", "[a-]");
    Random random = new Random(20261207);
    List<String> expressions = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      StringBuilder e = new StringBuilder();
      for (int n = 1 + random.nextInt(8); n > 0; n--) {
        e.append(pieces.get(random.nextInt(pieces.size())));
      }
      expressions.add(e.toString());
    }
    List<Boolean> promtool = promtoolAccepts(expressions);
    assertThat(promtool).as("both kinds occur").contains(true, false);
  }

  /**
   * Whether promtool accepts a rule file with a =~ matcher of each expression, each checked
   * against whether {@code Options.build()} accepts the matcher.
   */
  private List<Boolean> promtoolAccepts(List<String> expressions) throws Exception {
    List<String> files = new ArrayList<>(List.of("check", "rules"));
    List<Boolean> ours = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      String matcher =
          "env=~\""
              + expressions.get(i).replace("\\", "\\\\").replace("\"", "\\\"")
              + "\"";
      boolean built;
      try {
        PrometheusRules.Options.builder().matcher(matcher).build();
        built = true;
      } catch (IllegalArgumentException e) {
        assertThat(e).as(matcher).hasMessageStartingWith(
            "matcher[0] was '" + matcher + "' but a regular expression Prometheus compiles");
        built = false;
      }
      ours.add(built);
      Path file = dir.resolve("regex-" + i + ".yml");
      Files.writeString(
          file,
          "groups:\n- name: g\n  rules:\n  - record: r\n    expr: |\n      sum(x{"
              + matcher
              + "})\n",
          StandardCharsets.UTF_8);
      files.add(file.getFileName().toString());
    }

    Promtool.Result r = Promtool.run(dir, files.toArray(String[]::new));

    List<Boolean> promtool = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      String block =
          r.output().split("Checking regex-" + i + "\\.yml", -1)[1].split("Checking ")[0];
      boolean accepted = block.contains("SUCCESS");
      assertThat(ours.get(i)).as("%s: promtool says %s", expressions.get(i), block.strip())
          .isEqualTo(accepted);
      promtool.add(accepted);
    }
    return promtool;
  }
}
