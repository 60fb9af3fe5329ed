package dev.shipshape.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutConfigException;
import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.time.config.ConfigProblem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The plan in a flag's metadata: flat keys that flagd's schema accepts, read with the
 * application's configuration as defaults, and every problem reported at once with its JSON
 * pointer in the flag document.
 */
class FleetPlanTest {

  private static final RolloutConfig CONFIGURED =
      RolloutConfig.builder("new-checkout")
          .steps(1, 50, 100)
          .every(Duration.ofHours(2))
          .haltOn("checkout")
          .build();

  static FlagDefinition flag(String metadata) {
    String doc =
        "{\"$schema\":\"https://flagd.dev/schema/v0/flags.json\",\"flags\":{\"new-checkout\":{"
            + "\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
            + "\"defaultVariant\":\"off\",\"targeting\":{\"fractional\":[[\"on\",0],[\"off\",100]]},"
            + "\"metadata\":"
            + metadata
            + "}}}";
    return FlagSet.parse(doc, "flags.json").definition("new-checkout").orElseThrow();
  }

  @Test
  void readsEveryKeyOfAPlan() {
    FleetPlan plan =
        FleetPlan.parse(
            flag(
                "{\"owner\":\"payments\",\"rollout.start\":\"2026-03-02T09:00:00Z\","
                    + "\"rollout.steps\":\"5, 25,50,100\",\"rollout.interval\":\"30m\","
                    + "\"rollout.fromStep\":1,\"rollout.pausedAt\":\"2026-03-02T10:00:00Z\","
                    + "\"rollout.rollBackOnHalt\":true,\"rollout.aborted\":false}"),
            CONFIGURED);

    assertThat(plan.start()).contains(Instant.parse("2026-03-02T09:00:00Z"));
    assertThat(plan.config().steps()).containsExactly(5.0, 25.0, 50.0, 100.0);
    assertThat(plan.config().interval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(plan.fromStep()).isEqualTo(1);
    assertThat(plan.pausedAt()).contains(Instant.parse("2026-03-02T10:00:00Z"));
    assertThat(plan.config().rollBackOnHalt()).isTrue();
    assertThat(plan.aborted()).isFalse();
    assertThat(plan.config().haltOn()).containsExactly("checkout");
  }

  @Test
  void whatThePlanLeavesOutComesFromTheConfiguration() {
    FleetPlan plan =
        FleetPlan.parse(flag("{\"rollout.start\":\"2026-03-02T09:00:00Z\"}"), CONFIGURED);
    assertThat(plan.config().steps()).containsExactly(1.0, 50.0, 100.0);
    assertThat(plan.config().interval()).isEqualTo(Duration.ofHours(2));
    assertThat(plan.config().rollBackOnHalt()).isFalse();
    assertThat(plan.fromStep()).isZero();

    FleetPlan none = FleetPlan.parse(flag("{\"owner\":\"payments\"}"), CONFIGURED);
    assertThat(none.start()).isEmpty();
  }

  @Test
  void intervalsAreShortOrIsoDurations() {
    assertThat(FleetPlan.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(FleetPlan.duration("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(FleetPlan.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(FleetPlan.duration("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    assertThat(FleetPlan.duration("0s")).isNull();
    assertThat(FleetPlan.duration("-PT1H")).isNull();
    assertThat(FleetPlan.duration("an hour")).isNull();
    assertThat(FleetPlan.duration(3600L)).isNull();
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsPointer() {
    assertThatThrownBy(
            () ->
                FleetPlan.parse(
                    flag(
                        "{\"rollout.start\":\"tomorrow\",\"rollout.steps\":\"5,x\","
                            + "\"rollout.interval\":\"an hour\",\"rollout.fromStep\":7,"
                            + "\"rollout.pausedat\":\"2026-03-02T10:00:00Z\","
                            + "\"rollout.aborted\":\"yes\"}"),
                    CONFIGURED))
        .isInstanceOfSatisfying(
            RolloutConfigException.class,
            e ->
                assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                    .containsExactlyInAnyOrder(
                        "/flags/new-checkout/metadata/rollout.pausedat was"
                            + " '2026-03-02T10:00:00Z' but is not a plan key; plan keys are"
                            + " [rollout.aborted, rollout.fromStep, rollout.interval,"
                            + " rollout.pausedAt, rollout.rollBackOnHalt, rollout.start,"
                            + " rollout.steps]",
                        "/flags/new-checkout/metadata/rollout.start was 'tomorrow' but must be an"
                            + " ISO-8601 instant such as '2026-03-02T09:00:00Z'",
                        "/flags/new-checkout/metadata/rollout.steps was '5,x' but must list"
                            + " percentages separated by commas, such as '1,5,25,50,100'",
                        "/flags/new-checkout/metadata/rollout.interval was 'an hour' but must be"
                            + " a positive duration such as '90s', '5m', '1h', '1d' or 'PT1H'",
                        "/flags/new-checkout/metadata/rollout.aborted was 'yes' but must be true"
                            + " or false",
                        "/flags/new-checkout/metadata/rollout.fromStep was '7' but must be a step"
                            + " index from 0 to 2"));
  }

  @Test
  void stepsAreCheckedAsTheRolloutsOwn() {
    assertThatThrownBy(
            () ->
                FleetPlan.parse(
                    flag("{\"rollout.start\":\"2026-03-02T09:00:00Z\",\"rollout.steps\":\"50,5\"}"),
                    CONFIGURED))
        .isInstanceOfSatisfying(
            RolloutConfigException.class,
            e ->
                assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                    .containsExactly(
                        "/flags/new-checkout/metadata/rollout.steps[1] was '5.0' but must be"
                            + " greater than the step before (50.0)"));
  }
}
