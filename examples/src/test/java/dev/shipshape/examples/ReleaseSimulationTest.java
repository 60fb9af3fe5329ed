package dev.shipshape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.slo.BurnRateAlert;
import dev.shipshape.slo.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseSimulationTest {

  private final SimulationResult run = DefaultRun.result();

  @Test
  void rolloutHaltsAndRollsBackAtTheIncidentStepWithinThePageAlertsDetectionTime() {
    SimulationOptions o = run.options();
    assertThat(run.incidentStartedAt()).isNotNull();
    assertThat(run.haltedAt()).isNotNull();
    Duration detection = Duration.between(run.incidentStartedAt(), run.haltedAt());

    // The fastest page pair fires once its long window's error ratio passes factor x budget.
    BurnRateAlert page =
        run.slo().alerts().stream()
            .filter(a -> a.severity() == Severity.PAGE)
            .min((a, b) -> a.longWindow().compareTo(b.longWindow()))
            .orElseThrow();
    double incidentErrorRatio = o.incidentErrorRate() * o.incidentStep() / 100.0;
    double seconds =
        page.longWindow().toSeconds() * page.factor() * run.slo().errorBudget()
            / incidentErrorRatio;
    Duration expected = Duration.ofSeconds((long) seconds);
    Duration evaluation = Duration.ofSeconds(10);
    assertThat(detection)
        .isGreaterThan(expected.minusMinutes(3))
        .isLessThanOrEqualTo(expected.plus(evaluation).plusMinutes(2));

    RolloutAuditEntry rolledBack =
        run.audit().stream()
            .filter(e -> e.transition() == Transition.ROLLED_BACK)
            .findFirst()
            .orElseThrow();
    assertThat(rolledBack.at()).isEqualTo(run.haltedAt());
    assertThat(rolledBack.fromPercent()).isEqualTo(o.incidentStep());
    assertThat(rolledBack.toPercent()).isZero();
    assertThat(rolledBack.reason()).contains("page").contains("1h/5m");
  }

  @Test
  void stepsAdvanceOnScheduleUpToTheIncidentStepAndNoFurther() {
    List<RolloutAuditEntry> before =
        run.audit().stream().filter(e -> !e.at().isAfter(run.haltedAt())).toList();
    assertThat(before)
        .extracting(RolloutAuditEntry::toPercent)
        .containsExactly(1.0, 5.0, 25.0, 25.0, 0.0);
    assertThat(before.get(1).at())
        .isEqualTo(before.get(0).at().plus(run.options().stepInterval()));
  }

  @Test
  void afterTheFixTheRolloutResumesAndCompletes() {
    assertThat(run.rolloutState()).isEqualTo(RolloutState.COMPLETED);
    assertThat(run.rolloutPercent()).isEqualTo(100.0);
    assertThat(run.audit())
        .extracting(RolloutAuditEntry::transition)
        .containsSubsequence(
            Transition.ROLLED_BACK, Transition.RESUMED, Transition.ADVANCED, Transition.COMPLETED);
  }

  @Test
  void theBudgetRecoversAfterTheRollback() {
    double lowestAfterIncident =
        run.samples().stream()
            .filter(s -> s.at().isAfter(run.haltedAt()))
            .filter(s -> s.at().isBefore(run.haltedAt().plus(Duration.ofHours(1))))
            .mapToDouble(Sample::budgetRemaining)
            .min()
            .orElseThrow();
    double beforeOutage =
        sampleAt(run.start().plus(Duration.ofHours((long) (run.options().outageAtDay() * 24))))
            .budgetRemaining();
    assertThat(beforeOutage).isGreaterThan(lowestAfterIncident + 0.1);
    assertThat(run.finalSnapshot().exhausted()).isFalse();
  }

  @Test
  void timelineNamesTheAlertsWindowPairBurnRatesAndBudget() {
    String text = run.timelineText();
    assertThat(text)
        .containsPattern("ALERT\\s+checkout page alert FIRED: window pair 1h/5m, burn rates")
        .containsPattern("RESOLVED\\s+checkout page alert resolved")
        .contains("rolled_back: 25% -> 0%")
        .contains("budget remaining")
        .contains("check circuit-breaker:payments UP -> DOWN")
        .contains("circuit breaker payments CLOSED -> OPEN");
    assertThat(run.timeline().get(0).at()).isEqualTo(ReleaseSimulation.START);
  }

  @Test
  void writesTheReportAndThePrometheusRules() throws IOException {
    String html = Files.readString(run.report());
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<svg class=\"chart\"")
        .contains("Rollout audit trail")
        .contains("Final SLO snapshot")
        .doesNotContain("<script")
        .doesNotContain("http://fonts")
        .doesNotContain("https://");
    String rules = Files.readString(run.rules());
    assertThat(rules)
        .contains("record: slo:sli_error:ratio_rate5m")
        .contains("shipshape_slo_events_total{slo=\"checkout\"")
        .contains("sloth_severity: page");
  }

  /**
   * The default run, byte for byte, as the simulation wrote it before it was made faster
   * (remembered SLO window sums, the manual clock's scheduler list): the SHA-256 of its timeline,
   * report and rules. The timeline and report digests were taken by running the default
   * simulation with the code as it was before those changes, on JDK 17; a change that moves one
   * checkout, one sample or one digit of the report changes them. The rules digest is that of the
   * rules as the generator writes them since it computes long windows from five-minute sums and
   * writes every expression as a block scalar (a matcher's value may hold text that ends a plain
   * YAML scalar).
   */
  @Test
  void theDefaultRunIsByteForByteTheRunBeforeTheSpeedUps() throws Exception {
    assertThat(sha256(run.timelineText().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("46755f0210a78f64b61f16937fbe4c0fd82088630587fc7e0c94fd453860a75e");
    assertThat(sha256(Files.readAllBytes(run.report())))
        .isEqualTo("64f3ce8732b23243afdc6d8d6de5d364bb0c6a61ab55053e5c313658199ac77a");
    assertThat(sha256(Files.readAllBytes(run.rules())))
        .isEqualTo("1c8199f0a81f9d30d99e65b3e7db76ec66f07b71c6f67e446e950ee6e00ae1a3");
    assertThat(run.requests()).isEqualTo(2_421_482);
    assertThat(run.failed()).isEqualTo(445);
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void sameSeedGivesTheSameRunAndAnotherSeedAnotherOne(@TempDir Path dir) throws IOException {
    SimulationResult a = ReleaseSimulation.run(shortRun(7, dir.resolve("a")));
    SimulationResult b = ReleaseSimulation.run(shortRun(7, dir.resolve("b")));
    SimulationResult c = ReleaseSimulation.run(shortRun(8, dir.resolve("c")));
    assertThat(b.timelineText()).isEqualTo(a.timelineText());
    assertThat(b.samples()).isEqualTo(a.samples());
    assertThat(c.requests()).isNotEqualTo(a.requests());
  }

  private static SimulationOptions shortRun(long seed, Path out) {
    return SimulationOptions.parse(
        List.of(
            "--seed", Long.toString(seed),
            "--rate", "1",
            "--days", "2",
            "--step-interval", "6h",
            "--outage-day", "-1",
            "--out", out.toString()));
  }

  private Sample sampleAt(Instant t) {
    return run.samples().stream().filter(s -> !s.at().isBefore(t)).findFirst().orElseThrow();
  }
}
