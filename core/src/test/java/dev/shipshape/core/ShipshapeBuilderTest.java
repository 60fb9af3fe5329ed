package dev.shipshape.core;

import static dev.shipshape.core.testing.ConfigProblems.assertProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipshapeBuilderTest {

  @TempDir Path dir;

  @Test
  void reportsEachProblemAsSettingValueAndExpectationUnderThePartItBelongsTo() {
    assertThatThrownBy(
            () ->
                Shipshape.builder()
                    .clock(ManualClock.create())
                    .logging(false)
                    .flags(FlagSource.classpath("a.json"), FlagSource.classpath("b.json"))
                    .flags(FlagSource.classpath("a.json"))
                    .guard("payments", g -> g.retry(0))
                    .rollout("new-checkout", r -> r.steps(0))
                    .sloEvaluationInterval(Duration.ZERO)
                    .build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::path, ConfigProblem::value, ConfigProblem::expected)
                    .containsExactly(
                        tuple(
                            List.of("flags", "sources[2]"),
                            "classpath:a.json",
                            "source names must be unique"),
                        tuple(
                            List.of("sloEvaluationInterval"),
                            "PT0S",
                            "must be positive and at most PT5M"),
                        tuple(
                            List.of("guards", "payments", "retry.maxAttempts"),
                            "0",
                            "must be at least 1"),
                        tuple(
                            List.of("rollouts", "new-checkout", "steps[0]"),
                            "0.0",
                            "must be in (0, 100]")));
  }

  @Test
  void reportsEveryProblemAtOnce() throws IOException {
    Path badYaml = dir.resolve("slos.yaml");
    Files.writeString(
        badYaml,
        "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: search\nspec:\n  service: shop\n");
    ManualClock clock = ManualClock.create();
    try (Scheduler system = Scheduler.system()) {
      assertThatThrownBy(
              () ->
                  Shipshape.builder()
                      .clock(clock)
                      .scheduler(system)
                      .slo(Slo.named("checkout").objective(0.999))
                      .slo(Slo.named("checkout").objective(0.99))
                      .slo(Slo.named("payments").objective(1.5))
                      .sloFile(badYaml)
                      .sloFile(dir.resolve("missing.yaml"))
                      .sloEvaluationInterval(Duration.ZERO)
                      .healthCheck("db", HealthResult::up, Probe.READINESS)
                      .healthCheck("db", HealthResult::up, Probe.LIVENESS)
                      .healthCheck("flag-sources", HealthResult::up, Probe.READINESS)
                      .healthCheck("cache", HealthResult::up)
                      .build())
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e -> {
                assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                    .anySatisfy(p -> assertThat(p).startsWith("scheduler was '"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .isEqualTo(
                                    "slos.checkout.name was 'checkout' but is already used by"
                                        + " another SLO"))
                    .anySatisfy(p -> assertThat(p).startsWith("slo[3].objective was '1.5'"))
                    .anySatisfy(p -> assertThat(p).startsWith("sloFile '" + badYaml + "': "))
                    .anySatisfy(
                        p ->
                            assertThat(p).startsWith("sloFile was '" + dir.resolve("missing.yaml")))
                    .anySatisfy(p -> assertThat(p).startsWith("sloEvaluationInterval was 'PT0S'"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .isEqualTo(
                                    "healthChecks.db.name was 'db' but is already registered"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("healthChecks.flag-sources.name was 'flag-sources' but")
                                .contains("reserved"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("healthChecks.cache.probes was '[]' but"));
                assertThat(e.getMessage())
                    .startsWith("invalid Shipshape configuration (" + e.problems().size());
              });
    }
  }

  @Test
  void loadsSlosFromOpenSloFilesAlongsideBuilders() throws IOException {
    Path file = dir.resolve("slos.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: openslo/v1",
            "kind: SLO",
            "metadata:",
            "  name: search-availability",
            "spec:",
            "  service: shop",
            "  indicator:",
            "    spec:",
            "      ratioMetric:",
            "        bad:",
            "          metricSource:",
            "            type: Prometheus",
            "        total:",
            "          metricSource:",
            "            type: Prometheus",
            "  timeWindow:",
            "    - duration: 7d",
            "      isRolling: true",
            "  budgetingMethod: Occurrences",
            "  objectives:",
            "    - target: 0.995",
            ""));
    try (Shipshape ship =
        Shipshape.builder()
            .clock(ManualClock.create())
            .slo(Slo.named("checkout").objective(0.999))
            .sloFile(file)
            .build()) {
      assertThat(ship.slos())
          .extracting(Slo::name)
          .containsExactly("checkout", "search-availability");
      assertThat(ship.slo("search-availability").definition().window())
          .isEqualTo(Duration.ofDays(7));
      assertThat(ship.health().readiness().check("slo-budget:search-availability")).isPresent();
    }
  }

  @Test
  void aNameInAFileMayNotRepeatABuildersName() throws IOException {
    Path file = dir.resolve("slos.yaml");
    Files.writeString(
        file,
        "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: checkout\nspec:\n"
            + "  indicator:\n    spec:\n      ratioMetric:\n        good:\n"
            + "          metricSource:\n            type: Prometheus\n        total:\n"
            + "          metricSource:\n            type: Prometheus\n"
            + "  timeWindow:\n    - duration: 28d\n      isRolling: true\n"
            + "  objectives:\n    - target: 0.99\n");
    assertProblems(
            ConfigurationException.class,
            () ->
                Shipshape.builder()
                    .clock(ManualClock.create())
                    .slo(Slo.named("checkout").objective(0.999))
                    .sloFile(file)
                    .build())
        .containsExactly("slos.checkout.name was 'checkout' but is already used by another SLO");
  }

  @Test
  void startsNothingWhenTheConfigurationIsInvalid() {
    java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
    assertThatThrownBy(
            () -> Shipshape.builder().slo(Slo.named("x").objective(2)).build())
        .isInstanceOf(ConfigurationException.class);
    assertThat(Thread.getAllStackTraces().keySet())
        .allSatisfy(
            t -> assertThat(before.contains(t) || !t.getName().startsWith("shipshape")).isTrue());
  }

  @Test
  void handsOutTheConfiguredParts() {
    ManualClock clock = ManualClock.create();
    try (Shipshape ship =
        Shipshape.builder()
            .clock(clock)
            .slo(Slo.named("checkout").objective(0.999))
            .slo(Slo.named("search").objective(0.99))
            .build()) {
      assertThat(ship.clock()).isSameAs(clock);
      assertThat(ship.scheduler().clock()).isSameAs(clock);
      assertThat(ship.slo("checkout").definition().objective()).isEqualTo(0.999);
      assertThat(ship.slos()).extracting(Slo::name).containsExactly("checkout", "search");
      assertThat(ship.flags().booleanValue("anything", true)).isTrue();
      assertThat(ship.healthEndpoint()).isEmpty();
      assertThatThrownBy(() -> ship.slo("chekout"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("slo was 'chekout' but must be one of [checkout, search]");
    }
  }

  @Test
  void defaultsToTheSystemClockAndTheSchedulersClock() {
    try (Shipshape ship = Shipshape.builder().logging(false).build()) {
      assertThat(ship.clock()).isEqualTo(Clock.systemUTC());
    }
    ManualClock clock = ManualClock.create();
    try (Scheduler scheduler = Scheduler.manual(clock);
        Shipshape ship = Shipshape.builder().scheduler(scheduler).build()) {
      assertThat(ship.clock()).isSameAs(clock);
      assertThat(ship.scheduler()).isSameAs(scheduler);
    }
  }

  @Test
  void reusingTheBuilderDoesNotChangeABuiltApplication() {
    ManualClock clock = ManualClock.create();
    Shipshape.Builder builder =
        Shipshape.builder().clock(clock).slo(Slo.named("checkout").objective(0.999));
    try (Shipshape first = builder.build()) {
      builder.slo(Slo.named("search").objective(0.99));
      try (Shipshape second = builder.build()) {
        assertThat(first.slos()).hasSize(1);
        assertThat(second.slos()).hasSize(2);
      }
    }
  }
}
