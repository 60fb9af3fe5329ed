package dev.shipshape.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.slo.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Five-day rollouts on a manual clock, with traffic that stays healthy or breaks at 25%. */
class SloGatedRolloutTest {

  private final RolloutKit kit = new RolloutKit();

  @AfterEach
  void close() {
    kit.close();
  }

  /**
   * Sends ten requests every ten seconds, cycling through the users; a request served the new
   * checkout fails when {@code broken} says so.
   */
  private void traffic(Rollout rollout, java.util.function.DoublePredicate broken) {
    AtomicInteger next = new AtomicInteger();
    kit.scheduler.scheduleEvery(
        "traffic",
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        () -> {
          for (int i = 0; i < 10; i++) {
            EvaluationContext user = kit.users.get(next.getAndIncrement() % kit.users.size());
            boolean onNew = kit.flags.booleanValue(RolloutKit.FLAG, false, user);
            kit.slo.record(!(onNew && broken.test(rollout.percent())));
          }
        });
  }

  @Test
  void reachesOneHundredPercentOverFiveDaysWithHealthyTraffic() {
    kit.evaluateSloEvery(Duration.ofMinutes(1));
    Instant start = kit.clock.instant();
    Rollout rollout =
        kit.start(r -> r.steps(1, 5, 25, 50, 100).every(Duration.ofDays(1)).haltOn("checkout"));
    traffic(rollout, p -> false);

    kit.clock.advance(Duration.ofDays(5));

    assertThat(rollout.state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(rollout.percent()).isEqualTo(100.0);
    assertThat(kit.onUsers()).hasSize(kit.users.size());
    assertThat(rollout.history())
        .extracting(RolloutAuditEntry::transition, RolloutAuditEntry::toPercent, RolloutAuditEntry::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Transition.STARTED, 1.0, start),
            org.assertj.core.groups.Tuple.tuple(Transition.ADVANCED, 5.0, start.plus(Duration.ofDays(1))),
            org.assertj.core.groups.Tuple.tuple(Transition.ADVANCED, 25.0, start.plus(Duration.ofDays(2))),
            org.assertj.core.groups.Tuple.tuple(Transition.ADVANCED, 50.0, start.plus(Duration.ofDays(3))),
            org.assertj.core.groups.Tuple.tuple(Transition.ADVANCED, 100.0, start.plus(Duration.ofDays(4))),
            org.assertj.core.groups.Tuple.tuple(Transition.COMPLETED, 100.0, start.plus(Duration.ofDays(4))));
    assertThat(kit.steps()).hasSize(6);
    assertThat(kit.slo.isFiring(Severity.PAGE)).isFalse();
  }

  @Test
  void errorsAtTwentyFivePercentHaltWithinThePageAlertsDetectionTimeAndRollBack() {
    kit.evaluateSloEvery(Duration.ofMinutes(1));
    Rollout rollout =
        kit.start(
            r ->
                r.steps(1, 5, 25, 50, 100)
                    .every(Duration.ofDays(1))
                    .haltOn("checkout")
                    .rollBackOnHalt());
    traffic(rollout, p -> p >= 25.0);

    kit.clock.advance(Duration.ofDays(4));

    assertThat(rollout.state()).isEqualTo(RolloutState.ROLLED_BACK);
    assertThat(rollout.percent()).isZero();
    assertThat(kit.onUsers()).isEmpty();
    List<RolloutAuditEntry> history = rollout.history();
    assertThat(history)
        .extracting(RolloutAuditEntry::transition)
        .containsExactly(
            Transition.STARTED,
            Transition.ADVANCED,
            Transition.ADVANCED,
            Transition.HALTED,
            Transition.ROLLED_BACK);
    RolloutAuditEntry reached25 = history.get(2);
    RolloutAuditEntry halted = history.get(3);
    assertThat(reached25.toPercent()).isEqualTo(25.0);
    assertThat(halted.fromPercent()).isEqualTo(25.0);
    assertThat(halted.reason())
        .startsWith("slo 'checkout' page alert 1h/5m fired: burn rates ")
        .endsWith("above 13.44");
    assertThat(history.get(4).toPercent()).isZero();

    // About 25% of requests fail against a 0.1% budget: a burn rate near 250. The 1h/5m pair
    // fires once the hour's burn rate passes 13.44, after 13.44 / 250 hours (about 194 s), and
    // alerts are evaluated every minute. Allow for the cohort being 20% rather than 25%.
    Duration detection = Duration.ofSeconds((long) (3600 * 13.44 / (0.20 / 0.001)) + 60);
    assertThat(Duration.between(reached25.at(), halted.at())).isLessThanOrEqualTo(detection);

    RolloutStepChanged event = kit.steps().get(3);
    assertThat(event.transition()).isEqualTo(Transition.HALTED);
    assertThat(event.reason()).isEqualTo(halted.reason());
    assertThat(event.at()).isEqualTo(halted.at());
  }

  @Test
  void anAlertThatFiresAndResolvesWithinAStepLeavesTheRolloutHaltedUntilResumed() {
    kit.evaluateSloEvery(Duration.ofSeconds(10));
    Rollout rollout =
        kit.start(
            r -> r.steps(5, 25, 100).every(Duration.ofHours(1)).haltOn("checkout")
                .haltOnBudgetExhausted(false));
    kit.slo.record(0, 1000);
    kit.clock.advance(Duration.ofSeconds(10));
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    for (int minute = 0; minute < 30; minute++) {
      kit.slo.record(100_000, 0);
      kit.clock.advance(Duration.ofMinutes(1));
    }
    assertThat(kit.slo.isFiring(dev.shipshape.slo.Severity.PAGE)).isFalse();
    kit.clock.advance(Duration.ofHours(3));
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isEqualTo(5.0);

    assertThat(rollout.resume()).isTrue();
    kit.clock.advance(Duration.ofHours(1));
    assertThat(rollout.percent()).isEqualTo(25.0);
  }

  @Test
  void usersAlreadyOnStayOnAtEveryStep() {
    Rollout rollout = kit.start(r -> r.steps(1, 5, 25, 50, 100).every(Duration.ofDays(1)));
    List<Set<String>> cohorts = new ArrayList<>();
    List<Double> percents = new ArrayList<>();
    AtomicReference<Double> seen = new AtomicReference<>(-1.0);
    for (int day = 0; day <= 5; day++) {
      if (rollout.percent() != seen.get()) {
        seen.set(rollout.percent());
        cohorts.add(kit.onUsers());
        percents.add(rollout.percent());
      }
      kit.clock.advance(Duration.ofDays(1));
    }
    assertThat(percents).containsExactly(1.0, 5.0, 25.0, 50.0, 100.0);
    for (int i = 1; i < cohorts.size(); i++) {
      assertThat(cohorts.get(i)).containsAll(cohorts.get(i - 1));
    }
    for (int i = 0; i < cohorts.size(); i++) {
      double share = cohorts.get(i).size() * 100.0 / kit.users.size();
      assertThat(share).isCloseTo(percents.get(i), org.assertj.core.data.Offset.offset(4.0));
    }
  }
}
