package dev.shipshape.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.flags.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rollout whose split a flag reload takes away: it halts at once with that reason, reports the
 * share its split really serves (none), never advances on a split it cannot set, and sets its
 * step again when a reload brings the split back.
 */
class RolloutSplitLossTest {

  private final RolloutKit kit = new RolloutKit();

  @AfterEach
  void close() {
    kit.close();
  }

  private Rollout startAtFivePercent() {
    return kit.start(r -> r.steps(5, 25, 50, 100).every(Duration.ofDays(1)));
  }

  /** Puts the flag's split back as it started and checks the rollout serves its 5% again. */
  private void restoreAndExpectFivePercent(Rollout rollout) {
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.split(0, 100));
    assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
    assertThat(rollout.percent()).isEqualTo(5.0);
    assertThat(kit.onUsers()).hasSizeBetween(20, 80);
  }

  private RolloutAuditEntry last(Rollout rollout) {
    List<RolloutAuditEntry> h = rollout.history();
    return h.get(h.size() - 1);
  }

  @Test
  void aReloadThatRemovesTheSplitHaltsTheRolloutWhichNeverAdvancesOnWhatItCannotSet() {
    Rollout rollout = startAtFivePercent();
    assertThat(kit.onUsers()).hasSizeBetween(20, 80);

    kit.clock.advance(Duration.ofHours(3));
    Instant removedAt = kit.clock.instant();
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.NO_SPLIT);

    assertThat(kit.flags.overrides().keys()).isEmpty();
    assertThat(kit.onUsers()).isEmpty();
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isZero();
    assertThat(rollout.nextStepAt()).isEmpty();
    RolloutAuditEntry halted = last(rollout);
    assertThat(halted.transition()).isEqualTo(Transition.HALTED);
    assertThat(halted.at()).isEqualTo(removedAt);
    assertThat(halted.fromPercent()).isEqualTo(5.0);
    assertThat(halted.toPercent()).isZero();
    assertThat(halted.reason())
        .isEqualTo(
            "flag 'new-checkout' no longer has the two-way fractional split the rollout sets; the"
                + " flag serves its source definition until a reload restores the split");
    RolloutStepChanged event = kit.steps().get(kit.steps().size() - 1);
    assertThat(event.transition()).isEqualTo(Transition.HALTED);
    assertThat(event.toPercent()).isZero();

    // the days when it would have moved to 25, 50 and 100% pass without a step
    kit.clock.advance(Duration.ofDays(5));
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isZero();
    assertThat(rollout.history())
        .extracting(RolloutAuditEntry::transition)
        .containsExactly(Transition.STARTED, Transition.HALTED);
    // and a manual advance cannot move a split that is not there
    assertThat(rollout.advance()).isFalse();
    assertThat(rollout.resume()).isFalse();
    assertThat(rollout.percent()).isZero();
    assertThat(kit.onUsers()).isEmpty();
  }

  @Test
  void whenTheSplitReturnsTheRolloutSetsItsStepAgainAndWaitsAFullIntervalBeforeTheNext() {
    Rollout rollout = startAtFivePercent();
    Set<String> atFive = kit.onUsers();
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.NO_SPLIT);
    kit.clock.advance(Duration.ofHours(30));

    // the file's split comes back with weights of its own: the rollout's 5% is what is served
    Instant backAt = kit.clock.instant();
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.split(50, 50));
    assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
    assertThat(rollout.percent()).isEqualTo(5.0);
    assertThat(kit.onUsers()).isEqualTo(atFive);
    assertThat(kit.flags.overrides().keys()).containsExactly(RolloutKit.FLAG);
    RolloutAuditEntry resumed = last(rollout);
    assertThat(resumed.transition()).isEqualTo(Transition.RESUMED);
    assertThat(resumed.at()).isEqualTo(backAt);
    assertThat(resumed.fromPercent()).isZero();
    assertThat(resumed.toPercent()).isEqualTo(5.0);
    assertThat(resumed.reason())
        .isEqualTo("flag 'new-checkout' has its split again; the rollout set it back to 5%");
    assertThat(rollout.nextStepAt()).contains(backAt.plus(Duration.ofDays(1)));

    kit.clock.advance(Duration.ofDays(1).minusSeconds(1));
    assertThat(rollout.percent()).isEqualTo(5.0);
    kit.clock.advance(Duration.ofSeconds(1));
    assertThat(rollout.percent()).isEqualTo(25.0);
    assertThat(kit.onUsers()).containsAll(atFive).hasSizeBetween(200, 300);
  }

  @ParameterizedTest
  @ValueSource(strings = {"renamed", "added"})
  void anEditThatChangesTheSplitsVariantsHaltsAtOnceAndDropsTheStaleOverride(String edit) {
    Rollout rollout = startAtFivePercent();
    String split = RolloutKit.split(0, 100);
    kit.flagSource.putFlag(
        RolloutKit.FLAG,
        edit.equals("renamed")
            ? split.replace("\"on\"", "\"enabled\"")
            : split.replace("\"off\":false", "\"off\":false,\"beta\":false")
                .replace("[\"off\",100]", "[\"off\",50],[\"beta\",50]"));

    // halted at once, not at the next step, and the file's split is served as written
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isZero();
    assertThat(last(rollout).reason()).startsWith("flag 'new-checkout' no longer has the two-way");
    assertThat(kit.flags.overrides().keys()).isEmpty();
    assertThat(kit.onUsers()).isEmpty();

    kit.clock.advance(Duration.ofHours(2));
    restoreAndExpectFivePercent(rollout);
  }

  @Test
  void aFlagDisabledByItsSourceStaysDisabledAndTheRolloutHaltsUntilItIsEnabledAgain() {
    Rollout rollout = startAtFivePercent();
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.split(0, 100).replace("ENABLED", "DISABLED"));

    assertThat(kit.flags.booleanDetails(RolloutKit.FLAG, true).reason()).isEqualTo(Reason.DISABLED);
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isZero();
    assertThat(last(rollout).reason())
        .isEqualTo(
            "flag 'new-checkout' is disabled by its source; the flag serves its source definition"
                + " until a reload enables it");
    kit.clock.advance(Duration.ofDays(3));
    assertThat(rollout.advance()).isFalse();
    assertThat(kit.flags.booleanDetails(RolloutKit.FLAG, true).reason()).isEqualTo(Reason.DISABLED);

    restoreAndExpectFivePercent(rollout);
  }

  @Test
  void aRefusedEditChangesNothingAndADeletedFlagHaltsUntilItIsBack() {
    Rollout rollout = startAtFivePercent();
    assertThatThrownBy(() -> kit.flagSource.putFlag(RolloutKit.FLAG, "{\"state\":\"ON\"}"))
        .isInstanceOf(RuntimeException.class);
    assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
    assertThat(rollout.history()).hasSize(1);

    kit.flagSource.remove(RolloutKit.FLAG);
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isZero();
    assertThat(kit.flags.booleanValue(RolloutKit.FLAG, true)).isTrue(); // the caller's default

    kit.clock.advance(Duration.ofDays(2));
    restoreAndExpectFivePercent(rollout);
  }

  @Test
  void aRolloutHaltedByItsSloStaysHaltedWhenTheSplitReturns() {
    Rollout rollout = kit.start(r -> r.steps(10, 100).every(Duration.ofDays(1)).haltOn("checkout"));
    kit.slo.record(0, 1000);
    kit.slo.evaluate();
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);

    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.NO_SPLIT);
    assertThat(rollout.percent()).isZero();
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.split(0, 100));

    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isEqualTo(10.0);
    assertThat(kit.onUsers()).hasSizeBetween(60, 140);
    kit.clock.advance(Duration.ofDays(3));
    assertThat(rollout.percent()).isEqualTo(10.0);
  }

  @Test
  void aRunningRolloutWhoseSplitReturnsWhileItsSloBurnsHaltsThere() {
    Rollout rollout = kit.start(r -> r.steps(10, 100).every(Duration.ofDays(1)).haltOn("checkout"));
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.NO_SPLIT);
    kit.slo.record(0, 1000);
    kit.slo.evaluate();
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.split(0, 100));

    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(last(rollout).reason()).startsWith("slo 'checkout' page alert");
    assertThat(rollout.nextStepAt()).isEmpty();
  }

  @Test
  void clearingTheRolloutsOverrideHaltsItUntilResumed() {
    Rollout rollout = startAtFivePercent();
    kit.flags.overrides().clear(RolloutKit.FLAG);

    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isZero();
    assertThat(kit.onUsers()).isEmpty();
    assertThat(last(rollout).reason())
        .isEqualTo(
            "the rollout's override of flag 'new-checkout' was cleared; the flag serves its source"
                + " weights until the rollout is resumed");
    // the split is still there, so nothing sets it again on its own
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.split(0, 100));
    assertThat(rollout.percent()).isZero();

    assertThat(rollout.resume()).isTrue();
    assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
    assertThat(rollout.percent()).isEqualTo(5.0);
    assertThat(kit.onUsers()).hasSizeBetween(20, 80);
  }

  @Test
  void aCompletedRolloutHaltsWhenItsSplitGoesAndCompletesAgainWhenItReturns() {
    Rollout rollout = kit.start(r -> r.steps(50, 100).every(Duration.ofDays(1)));
    kit.clock.advance(Duration.ofDays(1));
    assertThat(rollout.state()).isEqualTo(RolloutState.COMPLETED);

    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.NO_SPLIT);
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isZero();

    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.split(0, 100));
    assertThat(rollout.state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(rollout.percent()).isEqualTo(100.0);
    assertThat(kit.onUsers()).hasSize(kit.users.size());
  }

  @Test
  void anAbortedRolloutKeepsItsSplitAtZeroWhenTheSplitReturns() {
    Rollout rollout = startAtFivePercent();
    rollout.abort();
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.NO_SPLIT);
    assertThat(rollout.state()).isEqualTo(RolloutState.ABORTED);
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.split(50, 50));

    assertThat(rollout.state()).isEqualTo(RolloutState.ABORTED);
    assertThat(rollout.percent()).isZero();
    assertThat(kit.onUsers()).isEmpty();
    assertThat(last(rollout).transition()).isEqualTo(Transition.ABORTED);
  }

  @Test
  void aRolloutStartedThroughTheFacadeWatchesItsSplit() throws Exception {
    dev.shipshape.time.ManualClock clock = dev.shipshape.time.ManualClock.create();
    dev.shipshape.flags.InMemoryFlagSource source =
        dev.shipshape.flags.FlagSource.inMemory().putFlag("banner", RolloutKit.split(0, 100));
    try (dev.shipshape.core.Shipshape ship =
        dev.shipshape.core.Shipshape.builder()
            .clock(clock)
            .logging(false)
            .flags(source)
            .rollout("banner", r -> r.steps(5, 25).every(Duration.ofHours(1)))
            .build()) {
      Rollout rollout = ship.rollouts().get("banner");
      source.putFlag("banner", RolloutKit.NO_SPLIT);
      assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
      assertThat(rollout.percent()).isZero();
      clock.advance(Duration.ofHours(2));
      assertThat(rollout.percent()).isZero();
      source.putFlag("banner", RolloutKit.split(0, 100));
      assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
      assertThat(rollout.percent()).isEqualTo(5.0);
    }
  }

  /** The share the flag's effective split gives the rolled-out variant, 0 without a split. */
  private double servedByTheFlag() {
    return kit.flags
        .flagSet()
        .definition(RolloutKit.FLAG)
        .flatMap(d -> d.fractionalSplit())
        .map(
            split -> {
              int total = split.buckets().stream().mapToInt(b -> b.weight()).sum();
              int on =
                  split.buckets().stream()
                      .filter(b -> b.variant().equals("on"))
                      .mapToInt(b -> b.weight())
                      .sum();
              return total == 0 ? 0.0 : on * 100.0 / total;
            })
        .orElse(0.0);
  }

  @Test
  void reloadsRacingTheControlsNeitherDeadlockNorLeaveAShareThatIsNotServed() throws Exception {
    Rollout rollout = kit.start(r -> r.steps(5, 25, 50, 75, 100).every(Duration.ofDays(1)));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<?> reloads =
          pool.submit(
              () -> {
                for (int i = 0; i < 200; i++) {
                  kit.flagSource.putFlag(
                      RolloutKit.FLAG, i % 2 == 0 ? RolloutKit.NO_SPLIT : RolloutKit.split(0, 100));
                }
              });
      java.util.concurrent.Future<?> controls =
          pool.submit(
              () -> {
                for (int i = 0; i < 200; i++) {
                  switch (i % 4) {
                    case 0 -> rollout.advance();
                    case 1 -> rollout.pause();
                    case 2 -> rollout.resume();
                    default -> rollout.percent();
                  }
                }
              });
      reloads.get(30, java.util.concurrent.TimeUnit.SECONDS);
      controls.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    // the last reload left the split in place (i = 199): whatever the rollout holds is served
    assertThat(servedByTheFlag()).isEqualTo(rollout.percent());
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.NO_SPLIT);
    assertThat(rollout.percent()).isZero();
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
  }
}
