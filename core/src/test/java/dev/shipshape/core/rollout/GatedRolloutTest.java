package dev.shipshape.core.rollout;

import static dev.shipshape.core.testing.ConfigProblems.assertProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.flags.FlagDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rollout driven by a gate: it serves only what a confirmed verdict allows, applies plan edits
 * of its flag at once (downwards only), asks the gate on whole multiples of its poll interval
 * and never twice at a time, refuses the controls that would change this instance only, and
 * records every transition it observes with the gate's reason.
 */
class GatedRolloutTest {

  private static final Duration POLL = Duration.ofSeconds(10);
  private static final RolloutConfig STEPS =
      RolloutConfig.builder(RolloutKit.FLAG).steps(10, 25, 50, 100).build();

  private final RolloutKit kit = new RolloutKit();
  private final ScriptedGate gate = new ScriptedGate();

  @AfterEach
  void close() {
    kit.close();
  }

  /** A gate whose answers the test sets: a confirmed step, or an unreadable verdict. */
  private static final class ScriptedGate implements RolloutGate {
    final List<Instant> asked = new CopyOnWriteArrayList<>();
    volatile int planStep = 1;
    volatile @Nullable String unreadable;
    volatile @Nullable CompletableFuture<RolloutVerdict> pending;
    volatile @Nullable RuntimeException failure;
    volatile @Nullable Error error;
    volatile boolean noStage;
    volatile Duration poll = POLL;
    volatile Function<Integer, RolloutVerdict> confirmed =
        i -> new RolloutVerdict(STEPS, RolloutState.RUNNING, i, null, true, "healthy at " + i);

    @Override
    public Duration pollInterval() {
      return poll;
    }

    @Override
    public CompletionStage<RolloutVerdict> verdict(
        RolloutConfig rollout, FlagDefinition flag, Instant at) {
      asked.add(at);
      RuntimeException f = failure;
      if (f != null) {
        throw f;
      }
      Error e = error;
      if (e != null) {
        throw e;
      }
      if (noStage) {
        return null;
      }
      CompletableFuture<RolloutVerdict> p = pending;
      if (p != null) {
        return p;
      }
      String why = unreadable;
      if (why != null) {
        RolloutVerdict planned = planned(rollout, flag, at);
        return CompletableFuture.completedFuture(
            new RolloutVerdict(
                planned.plan(), planned.state(), planned.stepIndex(), null, false, why));
      }
      return CompletableFuture.completedFuture(confirmed.apply(planStep));
    }

    @Override
    public RolloutVerdict planned(RolloutConfig rollout, FlagDefinition flag, Instant at) {
      Map<String, Object> plan = flag.metadata();
      if (Boolean.TRUE.equals(plan.get("aborted"))) {
        return new RolloutVerdict(STEPS, RolloutState.ABORTED, -1, null, false, "plan aborted");
      }
      return new RolloutVerdict(STEPS, RolloutState.RUNNING, planStep, null, false, "the plan");
    }

    @Override
    public String refusal(RolloutConfig rollout, String control, List<String> flagSources) {
      return control + " refused: edit the plan of '" + rollout.flagKey() + "' in " + flagSources;
    }
  }

  private Rollout start() {
    return kit.start(r -> r.steps(10, 25, 50, 100).gate(gate));
  }

  private static String withPlan(String metadata) {
    String split = RolloutKit.split(0, 100);
    return split.substring(0, split.length() - 1) + ",\"metadata\":" + metadata + "}";
  }

  private List<Transition> transitions(Rollout rollout) {
    return rollout.history().stream().map(RolloutAuditEntry::transition).toList();
  }

  @Test
  void anInstanceServesNothingUntilTheGateConfirmsAStepAndHoldsOnceWhileItCannot() {
    gate.unreadable = "prometheus unreachable";
    Rollout rollout = start();

    assertThat(rollout.percent()).isZero();
    assertThat(kit.onUsers()).isEmpty();
    kit.clock.advance(POLL.multipliedBy(3));
    assertThat(gate.asked).hasSize(4);
    assertThat(rollout.percent()).as("an unconfirmed verdict never raises the share").isZero();
    assertThat(kit.onUsers()).isEmpty();
    assertThat(transitions(rollout)).as("held once per stretch").containsExactly(Transition.HELD);
    assertThat(rollout.history().get(0).reason())
        .isEqualTo(
            "the plan; the plan says 25%, the rollout keeps 0% until the gate confirms it");

    gate.unreadable = null;
    kit.clock.advance(POLL);
    assertThat(rollout.percent()).isEqualTo(25.0);
    assertThat(rollout.stepIndex()).isEqualTo(1);
    assertThat(kit.onUsers()).hasSizeBetween(200, 300);
    RolloutAuditEntry started = rollout.history().get(1);
    assertThat(rollout.history()).hasSize(2);
    assertThat(started.transition()).isEqualTo(Transition.STARTED);
    assertThat(started.reason()).isEqualTo("healthy at 1");
    assertThat(started.fromPercent()).isZero();
    assertThat(started.toPercent()).isEqualTo(25.0);
    RolloutStepChanged event = kit.steps().get(kit.steps().size() - 1);
    assertThat(event.transition()).isEqualTo(Transition.STARTED);
    assertThat(event.at()).isEqualTo(started.at());
  }

  @Test
  void unconfirmedVerdictsLowerTheShareButNeverRaiseIt() {
    Rollout rollout = start();
    kit.clock.advance(Duration.ZERO);
    assertThat(rollout.percent()).isEqualTo(25.0);

    gate.planStep = 3;
    gate.unreadable = "no recent samples";
    kit.clock.advance(POLL);
    assertThat(rollout.percent()).isEqualTo(25.0);
    assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
    assertThat(transitions(rollout))
        .containsExactly(Transition.HELD, Transition.STARTED, Transition.HELD);

    gate.planStep = 0;
    kit.clock.advance(POLL);
    assertThat(rollout.percent()).as("lower is always safe").isEqualTo(10.0);

    gate.unreadable = null;
    gate.planStep = 2;
    kit.clock.advance(POLL);
    assertThat(rollout.percent()).isEqualTo(50.0);
    gate.unreadable = "query error";
    gate.planStep = 3;
    kit.clock.advance(POLL);
    assertThat(rollout.percent()).isEqualTo(50.0);
    assertThat(transitions(rollout))
        .as("a confirmed verdict ends a stretch of holding; the next one is recorded again")
        .containsExactly(
            Transition.HELD,
            Transition.STARTED,
            Transition.HELD,
            Transition.STARTED,
            Transition.ADVANCED,
            Transition.HELD);
  }

  @Test
  void pollsFallOnWholeMultiplesOfTheIntervalAndNeverOverlap() {
    Instant odd = Instant.parse("2026-03-02T09:00:03.250Z");
    kit.clock.set(odd);
    start();
    kit.clock.advance(Duration.ofSeconds(35));
    assertThat(gate.asked)
        .containsExactly(
            odd,
            Instant.parse("2026-03-02T09:00:10Z"),
            Instant.parse("2026-03-02T09:00:20Z"),
            Instant.parse("2026-03-02T09:00:30Z"));

    CompletableFuture<RolloutVerdict> slow = new CompletableFuture<>();
    gate.pending = slow;
    kit.clock.advance(Duration.ofSeconds(40));
    assertThat(gate.asked).as("one question at a time").hasSize(5);
    slow.complete(gate.confirmed.apply(3));
    gate.pending = null;
    kit.clock.advance(POLL);
    assertThat(gate.asked).hasSize(6);
  }

  @Test
  void aGateThatFailsGivesAnUnreadableVerdictAndIsAskedAgainAtTheNextPoll() {
    Rollout rollout = start();
    kit.clock.advance(Duration.ZERO);
    gate.planStep = 2;
    gate.failure = new IllegalStateException("boom");
    kit.clock.advance(POLL);
    assertThat(rollout.percent()).isEqualTo(25.0);
    RolloutAuditEntry held = rollout.history().get(rollout.history().size() - 1);
    assertThat(held.transition()).isEqualTo(Transition.HELD);
    assertThat(held.reason()).startsWith("the gate failed: java.lang.IllegalStateException: boom");

    // a gate that returns no stage, or throws an error, fails that poll the same way
    gate.failure = null;
    gate.noStage = true;
    kit.clock.advance(POLL);
    gate.noStage = false;
    gate.error = new NoClassDefFoundError("okhttp3/OkHttpClient");
    kit.clock.advance(POLL);
    gate.error = null;
    assertThat(rollout.percent()).isEqualTo(25.0);

    // the fleet's verdict turned while the gate was broken: this instance must hear it
    gate.planStep = 0;
    kit.clock.advance(POLL);
    assertThat(gate.asked).hasSize(5);
    assertThat(rollout.percent()).isEqualTo(10.0);
    assertThat(rollout.history().get(rollout.history().size() - 1).reason())
        .isEqualTo("healthy at 0");
  }

  @ParameterizedTest
  @ValueSource(longs = {36_526, 365_000, Long.MAX_VALUE / 86_400})
  void aPollIntervalBeyondAHundredYearsIsRefusedAtStart(long days) {
    gate.poll = Duration.ofDays(days);
    // beyond about 292 years the start used to pass, and the first poll threw arming the next
    // before it asked the gate: the gate was never asked and the instance served 0% for good
    assertProblems(RolloutConfigException.class, this::start)
        .containsExactly(
            "rollouts.new-checkout.gate.pollInterval was '"
                + gate.poll
                + "' but must be at most 100 years (PT876600H)");
    assertThat(gate.asked).isEmpty();

    gate.poll = Duration.ofDays(36_525);
    Rollout rollout = start();
    kit.clock.advance(Duration.ZERO);
    // the first poll arms the next before it asks the gate
    assertThat(gate.asked).hasSize(1);
    assertThat(rollout.percent()).isEqualTo(25.0);
  }

  @Test
  void everyControlIsRefusedNamingTheDocumentToEdit() {
    Rollout rollout = start();
    kit.clock.advance(Duration.ZERO);
    for (String control : List.of("pause", "resume", "advance", "abort")) {
      assertThatThrownBy(
              () -> {
                switch (control) {
                  case "pause" -> rollout.pause();
                  case "resume" -> rollout.resume();
                  case "advance" -> rollout.advance();
                  default -> rollout.abort();
                }
              })
          .isInstanceOf(RolloutControlRefusedException.class)
          .hasMessage(
              control + " refused: edit the plan of 'new-checkout' in ["
                  + kit.flagSource.name() + "]")
          .satisfies(
              e -> assertThat(((RolloutControlRefusedException) e).control()).isEqualTo(control));
    }
    assertThat(rollout.percent()).isEqualTo(25.0);
    assertThat(transitions(rollout)).containsExactly(Transition.HELD, Transition.STARTED);
  }

  @Test
  void anEditOfTheFlagAppliesThePlanAtOnceWithoutWaitingForAPoll() {
    Rollout rollout = start();
    kit.clock.advance(Duration.ZERO);
    assertThat(rollout.percent()).isEqualTo(25.0);
    int asked = gate.asked.size();

    kit.flagSource.putFlag(RolloutKit.FLAG, withPlan("{\"aborted\":true}"));

    assertThat(gate.asked).hasSize(asked);
    assertThat(rollout.state()).isEqualTo(RolloutState.ABORTED);
    assertThat(rollout.percent()).isZero();
    assertThat(kit.onUsers()).isEmpty();
    assertThat(rollout.history().get(rollout.history().size() - 1).reason())
        .isEqualTo("plan aborted");
  }

  @Test
  void aVerdictFlappingAtEveryPollKeepsTheLatestThousandEntriesOfTheAuditTrail() {
    AtomicInteger polls = new AtomicInteger();
    gate.confirmed =
        i ->
            polls.incrementAndGet() % 2 == 0
                ? new RolloutVerdict(STEPS, RolloutState.HALTED, i, null, true, "burning")
                : new RolloutVerdict(STEPS, RolloutState.RUNNING, i, null, true, "healthy");
    Rollout rollout = start();
    for (int i = 0; i < 1_500; i++) {
      kit.clock.advance(POLL);
    }
    List<RolloutAuditEntry> history = rollout.history();
    assertThat(polls.get()).isGreaterThan(1_500);
    assertThat(history).hasSize(1_000);
    assertThat(history.get(999).at()).isEqualTo(kit.clock.instant());
    assertThat(history.get(999).transition())
        .isEqualTo(
            rollout.state() == RolloutState.HALTED ? Transition.HALTED : Transition.RESUMED);
  }

  @Test
  void aSplitThatAReloadRemovesIsServedAgainAtTheGatesStepWhenItReturns() {
    Rollout rollout = start();
    kit.clock.advance(Duration.ZERO);
    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.NO_SPLIT);
    assertThat(rollout.percent()).isZero();
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    kit.clock.advance(POLL);
    assertThat(kit.onUsers()).isEmpty();

    kit.flagSource.putFlag(RolloutKit.FLAG, RolloutKit.split(0, 100));
    assertThat(rollout.percent()).isEqualTo(25.0);
    assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
    assertThat(kit.onUsers()).hasSizeBetween(200, 300);
    assertThat(transitions(rollout))
        .containsExactly(
            Transition.HELD, Transition.STARTED, Transition.HALTED, Transition.RESUMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"renamed", "added", "disabled"})
  void anEditThatTakesTheSplitAwayHaltsAtOnceAndLeavesNoStaleOverride(String edit) {
    Rollout rollout = start();
    kit.clock.advance(Duration.ZERO);
    assertThat(rollout.percent()).isEqualTo(25.0);
    String split = RolloutKit.split(0, 100);
    kit.flagSource.putFlag(
        RolloutKit.FLAG,
        switch (edit) {
          case "renamed" -> split.replace("\"on\"", "\"enabled\"");
          case "added" ->
              split
                  .replace("\"off\":false", "\"off\":false,\"beta\":false")
                  .replace("[\"off\",100]", "[\"off\",50],[\"beta\",50]");
          default -> split.replace("ENABLED", "DISABLED");
        });

    // halted at once, and the file's definition is served as written, with no weights of ours
    assertThat(rollout.state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout.percent()).isZero();
    assertThat(kit.flags.overrides().keys()).isEmpty();
    assertThat(kit.onUsers()).isEmpty();
    assertThat(transitions(rollout)).endsWith(Transition.HALTED);
    assertThat(rollout.history().get(rollout.history().size() - 1).reason())
        .startsWith(
            edit.equals("disabled")
                ? "flag 'new-checkout' is disabled by its source"
                : "flag 'new-checkout' no longer has the two-way fractional split");
    kit.clock.advance(POLL.multipliedBy(2));
    assertThat(rollout.percent()).isZero();
    assertThat(kit.onUsers()).isEmpty();

    kit.flagSource.putFlag(RolloutKit.FLAG, split);
    assertThat(rollout.state()).isEqualTo(RolloutState.RUNNING);
    assertThat(rollout.percent()).isEqualTo(25.0);
    assertThat(kit.onUsers()).hasSizeBetween(200, 300);
    assertThat(transitions(rollout)).endsWith(Transition.HALTED, Transition.RESUMED);
  }

  @Test
  void theGatesPlanIsTheRolloutsDefinitionOnceApplied() {
    RolloutConfig plan =
        RolloutConfig.builder(RolloutKit.FLAG).steps(5, 100).every(Duration.ofMinutes(7)).build();
    gate.confirmed =
        i -> new RolloutVerdict(plan, RolloutState.COMPLETED, 1, null, true, "completed");
    Rollout rollout = start();
    assertThat(rollout.config().steps()).containsExactly(10.0, 25.0, 50.0, 100.0);
    kit.clock.advance(Duration.ZERO);
    assertThat(rollout.history()).as("%s", rollout.history()).hasSize(3);
    assertThat(rollout.config()).isSameAs(plan);
    assertThat(rollout.percent()).isEqualTo(100.0);
    assertThat(transitions(rollout))
        .containsExactly(Transition.HELD, Transition.STARTED, Transition.COMPLETED);
  }
}
