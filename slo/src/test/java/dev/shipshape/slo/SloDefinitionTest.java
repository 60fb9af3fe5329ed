package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.shipshape.time.config.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SloDefinitionTest {

  @Test
  void nameCheckAcceptsExactlyWhatItsPatternDescribes() {
    Pattern pattern = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    List<String> edges =
        List.of(
            "",
            "a",
            "_a",
            "a_",
            "-",
            "a.b-c_d",
            "9",
            "é",
            "a b",
            "a/b",
            "A".repeat(128),
            "A".repeat(129),
            "a\n",
            ".hidden",
            "checkout-v2.1");
    for (String s : edges) {
      assertThat(SloDefinition.isName(s)).as("'%s'", s).isEqualTo(pattern.matcher(s).matches());
    }
    qt().withExamples(2_000)
        .forAll(strings().ascii().ofLengthBetween(0, 140))
        .check(s -> SloDefinition.isName(s) == pattern.matcher(s).matches());
  }

  @Test
  void buildsWithDefaultsOfTwentyEightDaysOccurrencesAndWorkbookAlerts() {
    SloDefinition slo = Slo.named("checkout").objective(0.999).build();

    assertThat(slo.name()).isEqualTo("checkout");
    assertThat(slo.service()).isEqualTo("checkout");
    assertThat(slo.window()).isEqualTo(Duration.ofDays(28));
    assertThat(slo.budgeting()).isEqualTo(BudgetingMethod.OCCURRENCES);
    assertThat(slo.isLatency()).isFalse();
    assertThat(slo.errorBudget()).isCloseTo(0.001, within(1e-12));
    assertThat(slo.minEventsPerShortWindow()).isEqualTo(10);
    assertThat(slo.alerts())
        .extracting(BurnRateAlert::factor)
        .containsExactly(13.44, 5.6, 2.8, 0.9333333333333333);
  }

  @Test
  void workbookDefaultsForThirtyDaysAreTheWorkbookTable() {
    List<BurnRateAlert> pairs = BurnRateAlert.workbookDefaults(Duration.ofDays(30));

    assertThat(pairs)
        .containsExactly(
            new BurnRateAlert(Severity.PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
            new BurnRateAlert(Severity.PAGE, Duration.ofHours(6), Duration.ofMinutes(30), 6.0),
            new BurnRateAlert(Severity.TICKET, Duration.ofDays(1), Duration.ofHours(2), 3.0),
            new BurnRateAlert(Severity.TICKET, Duration.ofDays(3), Duration.ofHours(6), 1.0));
    assertThat(pairs.get(0).budgetFraction(Duration.ofDays(30))).isCloseTo(0.02, within(1e-12));
    assertThat(pairs.get(1).budgetFraction(Duration.ofDays(30))).isCloseTo(0.05, within(1e-12));
    assertThat(pairs.get(3).budgetFraction(Duration.ofDays(30))).isCloseTo(0.10, within(1e-12));
  }

  @Test
  void workbookDefaultsLeaveOutPairsLongerThanTheWindow() {
    assertThat(BurnRateAlert.workbookDefaults(Duration.ofHours(12)))
        .extracting(BurnRateAlert::longWindow)
        .containsExactly(Duration.ofHours(1), Duration.ofHours(6));
  }

  @Test
  void reportsEveryProblemAtOnceNamingSettingValueAndExpectation() {
    SloDefinitionException e =
        catchThrowableOfType(
            SloDefinitionException.class,
            () ->
                Slo.named("bad name!")
                    .objective(1.0)
                    .window(Duration.ZERO)
                    .latencyThreshold(Duration.ZERO)
                    .budgeting(BudgetingMethod.TIMESLICES)
                    .minEventsPerShortWindow(-1)
                    .build());

    assertThat(e.problems().stream().map(ConfigProblem::message).toList())
        .containsExactly(
            "name was 'bad name!' but a name of letters, digits, '_', '.', '-' (up to 128,"
                + " starting with a letter or digit) was expected",
            "objective was '1.0' but a ratio strictly between 0 and 1 (e.g. 0.999) was expected",
            "window was 'PT0S' but a duration from 1 hour to 35 days was expected",
            "latencyThreshold was 'PT0S' but a positive duration was expected",
            "timesliceTarget was 'unset' but with TIMESLICES budgeting a ratio in (0, 1] was"
                + " expected",
            "minEventsPerShortWindow was '-1' but zero or more was expected");
    assertThat(e).hasMessageContaining("6 problems");
  }

  @Test
  void refusesAMissingOrZeroObjectiveAndAWindowOverThirtyFiveDays() {
    assertThatThrownBy(() -> Slo.named("a").build())
        .isInstanceOf(SloDefinitionException.class)
        .hasMessageContaining("objective was 'unset'");
    assertThat(problemsOf(() -> Slo.named("a").objective(0).window(Duration.ofDays(36)).build()))
        .containsExactly(
            "objective was '0.0' but a ratio strictly between 0 and 1 (e.g. 0.999)"
                + " was expected",
            "window was 'PT864H' but a duration from 1 hour to 35 days was expected");
  }

  @Test
  void refusesWindowsOfFractionsOfASecondWhichWouldNameTheSameRuleAsAnother() {
    // rules name a window in whole units (slo:sli_error:ratio_rate1h): an hour and a nanosecond
    // would have been written as a second rule of the one-hour window's name
    assertThat(
            problemsOf(
                () ->
                    Slo.named("a")
                        .objective(0.99)
                        .window(Duration.ofHours(1).plusNanos(1))
                        .alerts(
                            List.of(
                                new BurnRateAlert(
                                    Severity.PAGE,
                                    Duration.ofMinutes(30).plusMillis(500),
                                    Duration.ofMinutes(5).plusNanos(1),
                                    14.4)))
                        .build()))
        .containsExactly(
            "window was 'PT1H0.000000001S' but a whole number of seconds was expected",
            "alerts[0].longWindow was 'PT30M0.5S' but a whole number of seconds was expected",
            "alerts[0].shortWindow was 'PT5M0.000000001S' but a whole number of"
                + " seconds was expected");
  }

  @Test
  void refusesAlertPairsWithAShortWindowNotShorterThanTheLongOne() {
    assertThat(
            problemsOf(
                () ->
                    Slo.named("a")
                        .objective(0.99)
                        .alerts(
                            List.of(
                                new BurnRateAlert(
                                    Severity.PAGE, Duration.ofHours(1), Duration.ofHours(1), 14.4),
                                new BurnRateAlert(
                                    Severity.TICKET, Duration.ofDays(40), Duration.ofHours(1), 0)))
                        .build()))
        .containsExactly(
            "alerts[0].shortWindow was 'PT1H' but a duration of at least 10 seconds"
                + " and shorter than the long window (PT1H) was expected",
            "alerts[1].longWindow was 'PT960H' but a duration from 10 seconds to 35"
                + " days was expected",
            "alerts[1].factor was '0.0' but a finite burn rate above 0 was expected");
  }

  @Test
  void objectivePercentGivesTheSameRatioAsTheDecimal() {
    assertThat(Slo.named("a").objectivePercent(99.9).build().objective()).isEqualTo(0.999);
    assertThat(Slo.named("a").objectivePercent(95).build().objective()).isEqualTo(0.95);
  }

  @Test
  void reusingABuilderNeverChangesABuiltDefinition() {
    SloDefinition.Builder builder = Slo.named("a").objective(0.99);
    SloDefinition first = builder.build();
    builder.objective(0.5).window(Duration.ofDays(7)).latencyThreshold(Duration.ofMillis(300));

    assertThat(first.objective()).isEqualTo(0.99);
    assertThat(first.window()).isEqualTo(Duration.ofDays(28));
    assertThat(first.isLatency()).isFalse();
    assertThat(first.toBuilder().build()).isEqualTo(first);
  }

  @Test
  void latencyAndTimesliceSettingsAreKept() {
    SloDefinition slo =
        Slo.named("api-latency")
            .service("api")
            .objective(0.99)
            .latencyThreshold(Duration.ofMillis(250))
            .budgeting(BudgetingMethod.TIMESLICES)
            .timesliceTarget(0.95)
            .window(Duration.ofDays(7))
            .build();

    assertThat(slo.latencyThreshold()).contains(Duration.ofMillis(250));
    assertThat(slo.timesliceTarget()).isEqualTo(0.95);
    assertThat(slo.service()).isEqualTo("api");
    assertThat(slo.alerts()).hasSize(4);
  }

  @Test
  void keepsARunbookUrlAndRefusesAnythingButAnAbsoluteHttpUrl() {
    SloDefinition withRunbook =
        Slo.named("checkout")
            .objective(0.999)
            .runbookUrl("https://wiki.example.com/rb/checkout")
            .build();
    assertThat(withRunbook.runbookUrl()).contains("https://wiki.example.com/rb/checkout");
    assertThat(withRunbook.toBuilder().build()).isEqualTo(withRunbook);
    assertThat(Slo.named("checkout").objective(0.999).build().runbookUrl()).isEmpty();

    for (String bad :
        List.of(
            "wiki/checkout",
            "ftp://example.com/x",
            "https://",
            "https://a b.example.com/",
            "https://example.com/'x'",
            "https://example.com/" + "x".repeat(2048))) {
      assertThat(problemsOf(() -> Slo.named("checkout").objective(0.999).runbookUrl(bad).build()))
          .containsExactly(
              "runbookUrl was '"
                  + bad
                  + "' but an absolute http(s) URL of at most 2048 characters"
                  + " without spaces or quotes was expected");
    }
  }

  /** The messages of the problems {@code build} is refused with. */
  private static List<String> problemsOf(ThrowingCallable build) {
    Throwable thrown = catchThrowable(build);
    assertThat(thrown).isInstanceOf(SloDefinitionException.class);
    return ((SloDefinitionException) thrown)
        .problems().stream().map(ConfigProblem::message).toList();
  }
}
