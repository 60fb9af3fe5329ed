package dev.shipshape.fleet;

import static dev.shipshape.fleet.ScriptedPrometheus.evaluated;
import static dev.shipshape.fleet.ScriptedPrometheus.healthy;
import static dev.shipshape.fleet.ScriptedPrometheus.page;
import static dev.shipshape.fleet.ScriptedPrometheus.recorded;
import static dev.shipshape.fleet.ScriptedPrometheus.scraped;
import static dev.shipshape.fleet.ScriptedPrometheus.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import ch.qos.logback.classic.Level;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutControlRefusedException;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.testsupport.LogCapture;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fleet gate against Prometheus' query API served by a JDK {@code HttpServer} on loopback,
 * on a manual clock: each safety rule of a fleet rollout, one test each.
 */
@Timeout(60)
class FleetGateTest {

  static final String FLAG = "new-checkout";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  static final Duration STEP = Duration.ofMinutes(1);
  static final Duration POLL = Duration.ofSeconds(10);

  private final ManualClock clock = ManualClock.at(START.minusSeconds(30));
  private final ScriptedPrometheus prometheus;
  private final InMemoryFlagSource flags = FlagSource.inMemory();
  private final List<AutoCloseable> closers = new ArrayList<>();

  FleetGateTest() throws Exception {
    prometheus = new ScriptedPrometheus();
    closers.add(prometheus);
    plan("");
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).close();
    }
  }

  /** The flag with the plan starting at 09:00 (10, 25, 50, 100% a minute apart) and more keys. */
  void plan(String extra) {
    flags.putFlag(FLAG, planned(extra));
  }

  /** The flag's definition with that plan. */
  static String planned(String extra) {
    return "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\","
        + "\"targeting\":{\"fractional\":[[\"on\",0],[\"off\",100]]},\"metadata\":{"
        + "\"rollout.start\":\"" + START + "\",\"rollout.steps\":\"10,25,50,100\","
        + "\"rollout.interval\":\"1m\"" + extra + "}}";
  }

  FleetGate.Builder gateBuilder() {
    return onItsOwnThread(Duration.ofSeconds(2)).executor(Runnable::run);
  }

  /** A gate asking on its own thread, as in production. */
  FleetGate.Builder onItsOwnThread(Duration queryTimeout) {
    return FleetGate.builder(prometheus.uri())
        .pollInterval(POLL)
        .queryTimeout(queryTimeout)
        .maxSampleAge(Duration.ofSeconds(30));
  }

  /** One instance of the application, with its own gate. */
  Shipshape instance(FleetGate.Builder gate) {
    FleetGate g = gate.build();
    Shipshape ship = instance(clock, flags, g);
    closers.add(g);
    closers.add(ship);
    return ship;
  }

  /** An instance on {@code clock} whose rollout of the flag the checkout SLO halts, by {@code g}. */
  static Shipshape instance(ManualClock clock, FlagSource flags, FleetGate g) {
    return Shipshape.builder()
        .clock(clock)
        .logging(false)
        .flags(flags)
        .slo(Slo.named("checkout").objective(0.99))
        .rollout(FLAG, r -> r.haltOn("checkout").gate(g))
        .build();
  }

  Shipshape instance() {
    return instance(gateBuilder());
  }

  static Rollout rollout(Shipshape ship) {
    return ship.rollouts().get(FLAG);
  }

  static List<Transition> transitions(Rollout r) {
    return r.history().stream().map(RolloutAuditEntry::transition).toList();
  }

  static RolloutAuditEntry last(Rollout r) {
    List<RolloutAuditEntry> h = r.history();
    return h.get(h.size() - 1);
  }

  /** Healthy until {@code fired}, then a page alert active since then. */
  static ScriptedPrometheus.Answer pagedFrom(Instant fired, Instant at) {
    if (at.isBefore(fired)) {
      return healthy(at);
    }
    return vector(at, scraped(at), evaluated(at), recorded(at), page(fired));
  }

  static List<Boolean> variants(Shipshape ship) {
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      out.add(ship.flags().booleanValue(FLAG, false, EvaluationContext.of("user-" + i)));
    }
    return out;
  }

  void advanceTo(Instant at) {
    clock.set(at);
  }

  @Test
  void aHealthyFleetAdvancesAtThePlansInstantsAndARestartedInstanceRejoinsAtItsFirstPoll() {
    Shipshape a = instance();
    advanceTo(START.minusSeconds(1));
    assertThat(rollout(a).percent()).isZero();
    assertThat(rollout(a).nextStepAt()).contains(START);
    assertThat(prometheus.requests).as("nothing to ask before the start").isEmpty();

    advanceTo(START);
    assertThat(rollout(a).percent()).isEqualTo(10.0);
    advanceTo(START.plus(STEP).minusMillis(1));
    assertThat(rollout(a).percent()).isEqualTo(10.0);
    advanceTo(START.plus(STEP));
    assertThat(rollout(a).percent()).isEqualTo(25.0);
    assertThat(prometheus.requests)
        .as("one query per poll, at the poll's instant")
        .extracting(ScriptedPrometheus.Request::time)
        .containsExactly(
            START, START.plusSeconds(10), START.plusSeconds(20), START.plusSeconds(30),
            START.plusSeconds(40), START.plusSeconds(50), START.plusSeconds(60));

    advanceTo(START.plus(STEP.multipliedBy(2)).plusSeconds(5));
    Shipshape restarted = instance();
    assertThat(rollout(restarted).percent()).as("nothing before its first verdict").isZero();
    clock.advance(Duration.ZERO);
    assertThat(rollout(restarted).percent()).as("the fleet's step, not the first").isEqualTo(50.0);
    assertThat(rollout(restarted).state()).isEqualTo(RolloutState.RUNNING);
    assertThat(variants(restarted)).isEqualTo(variants(a));
    assertThat(last(rollout(restarted)).reason())
        .startsWith("plan at step 3 of 4 (50%) since 2026-03-02T09:02:00Z; no page alert of"
            + " [checkout] since the start on http://127.0.0.1:");

    advanceTo(START.plus(STEP.multipliedBy(3)));
    for (Shipshape s : List.of(a, restarted)) {
      assertThat(rollout(s).state()).isEqualTo(RolloutState.COMPLETED);
      assertThat(rollout(s).percent()).isEqualTo(100.0);
    }
    int asked = prometheus.requests.size();
    advanceTo(START.plus(STEP.multipliedBy(10)));
    assertThat(prometheus.requests).as("a completed plan asks no more").hasSize(asked);
    assertThat(transitions(rollout(a)))
        .containsExactly(
            Transition.STARTED, Transition.ADVANCED, Transition.ADVANCED, Transition.ADVANCED,
            Transition.COMPLETED);
  }

  @Test
  void aPageAlertHaltsEveryInstanceAtTheStepBeforeItAndThePlanRollsBackWhenItSaysSo() {
    plan(",\"rollout.rollBackOnHalt\":true");
    Instant fired = START.plus(STEP).plusSeconds(25);
    prometheus.answer(r -> pagedFrom(fired, r.time()));
    Shipshape a = instance();
    Shipshape b = instance();
    advanceTo(START.plus(STEP).plusSeconds(20));
    assertThat(rollout(a).percent()).isEqualTo(25.0);

    advanceTo(START.plus(STEP).plusSeconds(30));
    for (Shipshape s : List.of(a, b)) {
      Rollout r = rollout(s);
      assertThat(r.state()).isEqualTo(RolloutState.ROLLED_BACK);
      assertThat(r.percent()).isZero();
      assertThat(variants(s)).doesNotContain(true);
      List<RolloutAuditEntry> h = r.history();
      RolloutAuditEntry halted = h.get(h.size() - 2);
      assertThat(halted.transition()).isEqualTo(Transition.HALTED);
      assertThat(halted.at()).isEqualTo(START.plus(STEP).plusSeconds(30));
      assertThat(halted.reason())
          .startsWith("slo 'checkout' page alert 1h/5m active since 2026-03-02T09:01:25Z on"
              + " http://127.0.0.1:")
          .endsWith("; at step 2 of 4 (25%); rolled back");
      assertThat(last(r).transition()).isEqualTo(Transition.ROLLED_BACK);
      assertThat(last(r).fromPercent()).isEqualTo(25.0);
    }
    int asked = prometheus.requests.size();
    advanceTo(START.plus(STEP.multipliedBy(5)));
    assertThat(rollout(a).state()).as("a halt is final for its plan").isEqualTo(RolloutState.ROLLED_BACK);
    assertThat(prometheus.requests).as("and needs no more queries").hasSize(asked);
    Shipshape restarted = instance();
    clock.advance(Duration.ZERO);
    assertThat(rollout(restarted).state()).isEqualTo(RolloutState.ROLLED_BACK);
    assertThat(rollout(restarted).percent()).isZero();
  }

  @Test
  void withoutRollBackAHaltedPlanHoldsItsStep() {
    Instant fired = START.plus(STEP.multipliedBy(2));
    prometheus.answer(r -> pagedFrom(fired, r.time()));
    Shipshape a = instance();
    advanceTo(START.plus(STEP.multipliedBy(2)).plusSeconds(10));
    assertThat(rollout(a).state()).isEqualTo(RolloutState.HALTED);
    assertThat(rollout(a).percent())
        .as("an alert active at the third step's first instant halts the second")
        .isEqualTo(25.0);
  }

  static Stream<Arguments> unreadable() {
    Function<ScriptedPrometheus.Request, ScriptedPrometheus.Answer> stale =
        r -> vector(r.time(), scraped(r.time().minusSeconds(31)), evaluated(r.time()), recorded(r.time()));
    Function<ScriptedPrometheus.Request, ScriptedPrometheus.Answer> notEvaluated =
        r -> vector(r.time(), scraped(r.time()), recorded(r.time()));
    Function<ScriptedPrometheus.Request, ScriptedPrometheus.Answer> noHistory =
        r -> vector(r.time(), scraped(r.time()), evaluated(r.time()));
    return Stream.of(
        Arguments.of(
            "an error", (Function<ScriptedPrometheus.Request, ScriptedPrometheus.Answer>)
                r -> ScriptedPrometheus.error(422, "execution", "query processing would load too many samples"),
            "answered HTTP 422: query processing would load too many samples"),
        Arguments.of(
            "not JSON", (Function<ScriptedPrometheus.Request, ScriptedPrometheus.Answer>)
                r -> new ScriptedPrometheus.Answer(502, "<html>Bad Gateway</html>"),
            "answered HTTP 502 with a body that is not JSON"),
        Arguments.of(
            "a stale counter", stale,
            "no sample of shipshape_slo_events_total{slo=\"checkout\"} within PT30S (newest at"),
        Arguments.of(
            "rules not evaluated", notEvaluated,
            "the rules of slo 'checkout' were not evaluated within PT30S"),
        Arguments.of(
            "an answer over 1 MiB", (Function<ScriptedPrometheus.Request, ScriptedPrometheus.Answer>)
                r -> new ScriptedPrometheus.Answer(200, "{\"status\":\"success\",\"pad\":\""
                    + "x".repeat(2 << 20) + "\"}"),
            "answered more than 1048576 bytes"),
        Arguments.of(
            "no history of the plan", noHistory,
            "no recording of slo 'checkout' near the plan's start 2026-03-02T09:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadable")
  void anUnreadableVerdictNeverAdvancesTheRollout(
      String name,
      Function<ScriptedPrometheus.Request, ScriptedPrometheus.Answer> answer,
      String because) {
    Shipshape a = instance();
    advanceTo(START.plus(STEP).plusSeconds(30));
    assertThat(rollout(a).percent()).isEqualTo(25.0);

    prometheus.answer(answer);
    advanceTo(START.plus(STEP.multipliedBy(2)).plusSeconds(30));
    assertThat(rollout(a).percent()).as("the step due at 09:02 is not served").isEqualTo(25.0);
    assertThat(variants(a).stream().filter(v -> v).count()).isBetween(70L, 130L);
    RolloutAuditEntry held = last(rollout(a));
    assertThat(held.transition()).isEqualTo(Transition.HELD);
    assertThat(held.at()).isEqualTo(START.plus(STEP.multipliedBy(2)));
    assertThat(held.reason()).contains(because).contains("the rollout keeps 25% until the gate confirms it");
    assertThat(transitions(rollout(a))).filteredOn(Transition.HELD::equals).hasSize(1);

    prometheus.answer(r -> healthy(r.time()));
    advanceTo(START.plus(STEP.multipliedBy(2)).plusSeconds(40));
    assertThat(rollout(a).percent()).as("readable again: the fleet's step").isEqualTo(50.0);
  }

  static Stream<Arguments> huge() {
    String text = "query processing would load too many samples ".repeat(12 << 10); // 552 KiB
    return Stream.of(
        Arguments.of(
            "an error message",
            new ScriptedPrometheus.Answer(
                422,
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"" + text + "\"}"),
            "answered HTTP 422: query processing would load too many samples query"),
        Arguments.of(
            "a sample without a number",
            new ScriptedPrometheus.Answer(
                200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                    + "{\"metric\":{\"why\":\"" + text + "\"},\"value\":[0,\"many\"]}]}}"),
            "answered a sample without a number: {\"metric\":{\"why\":\"query processing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("huge")
  void halfAMebibyteOfServerTextCostsTheHistoryAndTheLogAFewHundredCharacters(
      String name, ScriptedPrometheus.Answer answer, String because) {
    LogCapture logs = LogCapture.of(FleetGate.class.getName(), Level.DEBUG);
    closers.add(logs);
    Shipshape a = instance();
    advanceTo(START.plus(STEP).plusSeconds(30));
    logs.clear();

    prometheus.answer(r -> answer);
    advanceTo(START.plus(STEP.multipliedBy(2)).plusSeconds(30));
    RolloutAuditEntry held = last(rollout(a));
    assertThat(held.transition()).isEqualTo(Transition.HELD);
    assertThat(held.reason()).contains(because).hasSizeLessThan(2_000);
    assertThat(logs.from("", Level.WARN)).as("one warning for the outage").hasSize(1);
    assertThat(logs.events())
        .as("a line at each of the six polls")
        .hasSize(6)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).hasSizeLessThan(2_000))
        .allSatisfy(e -> assertThat(LogCapture.keyValues(e).toString()).hasSizeLessThan(2_000));
  }

  @Test
  void anOutageOfTheServerIsWarnedOnceAndItsEndSaysHowLongItLasted() {
    LogCapture logs = LogCapture.of(FleetGate.class.getName(), Level.DEBUG);
    closers.add(logs);
    Shipshape a = instance();
    advanceTo(START.plus(STEP).plusSeconds(30));
    assertThat(logs.events()).as("readable polls log nothing").isEmpty();

    prometheus.answer(r -> ScriptedPrometheus.error(503, "unavailable", "the server is restarting"));
    advanceTo(START.plus(STEP).plusSeconds(70)); // four polls fail
    prometheus.answer(r -> healthy(r.time()));
    advanceTo(START.plus(STEP).plusSeconds(80)); // one reads again

    assertThat(logs.from("", Level.WARN))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getFormattedMessage())
                    .startsWith(
                        "fleet rollout of flag 'new-checkout' cannot read its verdict and holds its"
                            + " step: ")
                    .contains("answered HTTP 503: the server is restarting"));
    assertThat(logs.matching("fleet rollout of flag 'new-checkout' still cannot read .*"))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
    assertThat(logs.matching(".* reads its verdict again .*"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.INFO);
              assertThat(e.getFormattedMessage())
                  .isEqualTo(
                      "fleet rollout of flag 'new-checkout' reads its verdict again after 4 failed"
                          + " polls over PT40S");
            });

    logs.clear();
    prometheus.answer(r -> ScriptedPrometheus.error(503, "unavailable", "down again"));
    advanceTo(START.plus(STEP).plusSeconds(90));
    assertThat(logs.from("", Level.WARN))
        .as("a new outage is warned again")
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("answered HTTP 503: down again"));
  }

  @Test
  void aPageAlertWithHalfAMebibyteOfLabelsHaltsWithAReasonOfAFewHundredCharacters() {
    Instant fired = START.plus(STEP).plusSeconds(25);
    String window = "1h".repeat(280 << 10);
    prometheus.answer(
        r ->
            r.time().isBefore(fired)
                ? healthy(r.time())
                : vector(
                    r.time(),
                    scraped(r.time()),
                    evaluated(r.time()),
                    recorded(r.time()),
                    new ScriptedPrometheus.Signal(
                        "page",
                        Map.of(
                            "sloth_slo", "checkout", "long_window", window, "short_window", "5m"),
                        fired)));
    Shipshape a = instance();
    advanceTo(START.plus(STEP).plusSeconds(30));
    assertThat(rollout(a).state()).isEqualTo(RolloutState.HALTED);
    assertThat(last(rollout(a)).reason())
        .startsWith("slo 'checkout' page alert 1h1h1h")
        .hasSizeLessThan(2_000);
  }

  @Test
  void anUnreachableServerNeverAdvancesTheRolloutAndAnInstanceStartingThenServesNothing() {
    Shipshape a = instance();
    advanceTo(START.plusSeconds(30));
    assertThat(rollout(a).percent()).isEqualTo(10.0);
    prometheus.close();

    advanceTo(START.plus(STEP).plusSeconds(30));
    assertThat(rollout(a).percent()).isEqualTo(10.0);
    assertThat(last(rollout(a)).reason()).contains("verdict unreadable: http://127.0.0.1:");

    Shipshape starting = instance();
    clock.advance(POLL);
    assertThat(rollout(starting).percent())
        .as("no verdict ever confirmed a step for it: it serves nothing")
        .isZero();
    assertThat(variants(starting)).doesNotContain(true);
    assertThat(transitions(rollout(starting))).containsExactly(Transition.HELD);
  }

  @Test
  void queriesAreBoundedByTheirTimeoutAndFlagEvaluationNeverWaitsForThem() throws Exception {
    // The gate asks on its own thread; the server hangs.
    Shipshape b = instance(onItsOwnThread(Duration.ofMillis(300)));
    advanceTo(START);
    awaitPercent(b, 10.0);
    CountDownLatch hung = new CountDownLatch(1);
    prometheus.holdFrom = START.plus(STEP);
    prometheus.hold = hung;

    // Polls until one asks about an instant the server hangs on (an earlier poll may still be
    // answered when the next is due, and that one then asks nothing).
    advanceTo(START.plus(STEP));
    for (int i = 0; i < 100 && !asked(START.plus(STEP)); i++) {
      TimeUnit.MILLISECONDS.sleep(20);
      if (i % 10 == 9) {
        clock.advance(POLL);
      }
    }
    assertThat(asked(START.plus(STEP))).isTrue();
    int before = prometheus.requests.size();
    assertThat(variants(b).stream().filter(v -> v).count())
        .as("evaluated while the query is unanswered")
        .isBetween(20L, 60L);
    assertThat(rollout(b).percent()).isEqualTo(10.0);
    clock.advance(POLL.multipliedBy(3));
    awaitHeld(b);
    assertThat(prometheus.requests)
        .as("no query while one is unanswered: the three polls meanwhile asked nothing")
        .hasSize(before);
    assertThat(last(rollout(b)).reason()).contains("did not answer within PT0.3S");
    assertThat(rollout(b).percent()).isEqualTo(10.0);
    hung.countDown();
    prometheus.hold = null;
  }

  @Test
  void anAnswerNoScheduleCanPlaceNeverStopsTheGateAndTheNextPageAlertStillRollsBack()
      throws Exception {
    plan(",\"rollout.rollBackOnHalt\":true");
    Instant due = START.plus(STEP.multipliedBy(2));
    // a page alert 'active since' the year 1,000,000: a broken rule, a value in the wrong unit
    Instant absurd = Instant.parse("+1000000-01-01T00:00:00Z");
    prometheus.answer(
        r ->
            r.time().equals(due)
                ? vector(
                    r.time(),
                    scraped(r.time()),
                    evaluated(r.time()),
                    recorded(r.time()),
                    page(absurd))
                : pagedFrom(due.plus(POLL), r.time()));
    Shipshape a = startedOnItsOwnThreadAt(due.minus(POLL), 25.0);

    advanceTo(due);
    awaitHeld(a);
    assertThat(rollout(a).percent()).as("the answer confirmed nothing").isEqualTo(25.0);
    assertThat(last(rollout(a)).at()).isEqualTo(due);
    assertThat(last(rollout(a)).reason())
        .contains(
            "verdict unreadable: slo 'checkout' has a page signal at +1000000-01-01T00:00:00Z,"
                + " after 2026-03-02T09:02:00Z");

    advanceTo(due.plus(POLL));
    awaitPercent(a, 0.0);
    assertThat(rollout(a).state())
        .as("the next poll was asked, and its page alert rolled the rollout back")
        .isEqualTo(RolloutState.ROLLED_BACK);
  }

  @Test
  void aPlanStartNoScheduleCanPlaceNeverStopsTheGateAndTheRepairedPlanGoesOn() throws Exception {
    Instant due = START.plus(STEP.multipliedBy(2));
    Shipshape a = startedOnItsOwnThreadAt(due.minus(POLL), 25.0);

    // a typo in the year: a thousand years back, more than a schedule counts in nanoseconds
    flags.putFlag(FLAG, planned("").replace(START.toString(), "1026-03-02T09:00:00Z"));
    int asked = prometheus.requests.size();
    advanceTo(due);
    for (int i = 0; i < 200 && prometheus.requests.size() == asked; i++) {
      TimeUnit.MILLISECONDS.sleep(25);
    }
    assertThat(prometheus.requests).as("the poll asked").hasSize(asked + 1);
    assertThat(rollout(a).percent()).as("and served no more than before").isEqualTo(25.0);

    plan("");
    // a poll due while that question is still being answered asks nothing: the next one does
    for (int i = 0; i < 200 && rollout(a).percent() != 50.0; i++) {
      TimeUnit.MILLISECONDS.sleep(25);
      if (i % 20 == 0 && clock.instant().isBefore(START.plus(STEP.multipliedBy(3)).minus(POLL))) {
        clock.advance(POLL);
      }
    }
    assertThat(rollout(a).percent()).as("the repaired plan was asked about").isEqualTo(50.0);
  }

  @Test
  void aGateClosedBeforeTheApplicationAsksNothingMoreAndAnswersEveryQuestionItWasAsked()
      throws Exception {
    FleetGate given = gateBuilder().build();
    FleetGate own = onItsOwnThread(Duration.ofSeconds(2)).build();
    closers.add(given);
    closers.add(own);
    advanceTo(START.plus(STEP).minus(POLL));
    Shipshape a = instance(clock, flags, given);
    // two instances sharing one gate: its thread answers one question at a time
    Shipshape b = instance(clock, flags, own);
    Shipshape c = instance(clock, flags, own);
    closers.addAll(List.of(a, b, c));
    clock.advance(Duration.ZERO);
    for (Shipshape s : List.of(a, b, c)) {
      awaitPercent(s, 10.0);
    }

    given.close();
    // the server hangs: one question of the shared gate runs on its thread, the other waits
    prometheus.holdFrom = START.plus(STEP);
    prometheus.hold = new CountDownLatch(1);
    advanceTo(START.plus(STEP));
    for (int i = 0; i < 200 && !asked(START.plus(STEP)); i++) {
      TimeUnit.MILLISECONDS.sleep(25);
    }
    assertThat(rollout(a).percent()).isEqualTo(10.0);
    assertThat(last(rollout(a)).reason()).contains("verdict unreadable: the gate is closed");

    own.close();
    for (Shipshape s : List.of(b, c)) {
      awaitHeld(s);
      assertThat(rollout(s).percent()).isEqualTo(10.0);
    }
    assertThat(prometheus.requests)
        .filteredOn(r -> r.time().equals(START.plus(STEP)))
        .as("the closed gate asked nothing, the waiting question was never sent")
        .hasSize(1);
  }

  @Test
  void seventyRolloutsPollingAtOnceOnOneGateAllAdvance() throws Exception {
    int rollouts = 70; // more than the one running and 64 waiting questions its thread once took
    FleetGate g = onItsOwnThread(Duration.ofSeconds(2)).build();
    closers.add(g);
    Shipshape.Builder builder =
        Shipshape.builder()
            .clock(clock)
            .logging(false)
            .flags(flags)
            .slo(Slo.named("checkout").objective(0.99));
    for (int i = 0; i < rollouts; i++) {
      String key = FLAG + "-" + i;
      flags.putFlag(key, planned(""));
      builder.rollout(key, r -> r.haltOn("checkout").gate(g));
    }
    Shipshape ship = builder.build();
    closers.add(ship);

    advanceTo(START.plusSeconds(30));
    for (int i = 0; i < 200 && prometheus.requests.size() < rollouts; i++) {
      TimeUnit.MILLISECONDS.sleep(25);
    }
    for (int i = 0; i < rollouts; i++) {
      Rollout r = ship.rollouts().get(FLAG + "-" + i);
      for (int j = 0; j < 200 && r.percent() != 10.0; j++) {
        TimeUnit.MILLISECONDS.sleep(25);
      }
      assertThat(r.percent()).as("rollout %d, %s", i, last(r).reason()).isEqualTo(10.0);
    }
  }

  @Test
  void anAbortWhileTheServerHangsAppliesAtOnceAndTheLateAnswerNeverUndoesIt() throws Exception {
    LogCapture logs = LogCapture.of(FleetGate.class.getName(), Level.DEBUG);
    closers.add(logs);
    Shipshape a = startedOnItsOwnThreadAt(START.plus(STEP).minus(POLL), 10.0);
    CountDownLatch hung = new CountDownLatch(1);
    prometheus.holdFrom = START.plus(STEP);
    prometheus.hold = hung;
    advanceTo(START.plus(STEP));
    for (int i = 0; i < 200 && !asked(START.plus(STEP)); i++) {
      TimeUnit.MILLISECONDS.sleep(25);
    }
    assertThat(asked(START.plus(STEP))).isTrue();

    plan(",\"rollout.aborted\":true");
    assertThat(rollout(a).state()).as("at once, not at an answer").isEqualTo(RolloutState.ABORTED);
    assertThat(rollout(a).percent()).isZero();

    // the server answers at last, confirming the step the plan said before the abort
    hung.countDown();
    for (int i = 0; i < 200 && rollout(a).percent() == 0.0 && logs.events().isEmpty(); i++) {
      TimeUnit.MILLISECONDS.sleep(25);
    }
    assertThat(rollout(a).state()).isEqualTo(RolloutState.ABORTED);
    assertThat(rollout(a).percent()).isZero();
    assertThat(variants(a)).doesNotContain(true);
    assertThat(logs.events())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getFormattedMessage())
                    .isEqualTo(
                        "fleet rollout of flag 'new-checkout' drops the verdict it read: the plan"
                            + " changed while it was asked"));
  }

  /** An instance built at {@code at} whose gate asks on its own thread, at its first verdict. */
  private Shipshape startedOnItsOwnThreadAt(Instant at, double percent) throws Exception {
    advanceTo(at);
    Shipshape s = instance(onItsOwnThread(Duration.ofSeconds(2)));
    clock.advance(Duration.ZERO);
    awaitPercent(s, percent);
    return s;
  }

  private boolean asked(Instant from) {
    return prometheus.requests.stream().anyMatch(r -> !r.time().isBefore(from));
  }

  static void awaitPercent(Shipshape s, double percent) throws InterruptedException {
    for (int i = 0; i < 200 && rollout(s).percent() != percent; i++) {
      TimeUnit.MILLISECONDS.sleep(25);
    }
    assertThat(rollout(s).percent()).isEqualTo(percent);
  }

  static void awaitHeld(Shipshape s) throws InterruptedException {
    for (int i = 0; i < 200 && last(rollout(s)).transition() != Transition.HELD; i++) {
      TimeUnit.MILLISECONDS.sleep(25);
    }
    assertThat(last(rollout(s)).transition()).isEqualTo(Transition.HELD);
  }

  @Test
  void anAbortOrAPauseEditedIntoThePlanTakesEffectWhenTheSourceDeliversIt() {
    Shipshape a = instance();
    Shipshape b = instance();
    advanceTo(START.plus(STEP).plusSeconds(15));
    int asked = prometheus.requests.size();

    plan(",\"rollout.pausedAt\":\"" + START.plus(STEP).plusSeconds(10) + "\"");
    for (Shipshape s : List.of(a, b)) {
      assertThat(rollout(s).state()).isEqualTo(RolloutState.PAUSED);
      assertThat(rollout(s).percent()).isEqualTo(25.0);
      assertThat(last(rollout(s)).transition()).isEqualTo(Transition.PAUSED);
      assertThat(last(rollout(s)).at()).as("at the edit, not at a poll").isEqualTo(START.plus(STEP).plusSeconds(15));
    }
    assertThat(prometheus.requests).hasSize(asked);
    advanceTo(START.plus(STEP.multipliedBy(4)));
    assertThat(rollout(a).percent()).as("held over the plan's later steps").isEqualTo(25.0);

    Instant resumed = START.plus(STEP.multipliedBy(4)).plusSeconds(20);
    advanceTo(resumed);
    flags.putFlag(
        FLAG,
        "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\","
            + "\"targeting\":{\"fractional\":[[\"on\",0],[\"off\",100]]},\"metadata\":{"
            + "\"rollout.start\":\"" + resumed + "\",\"rollout.steps\":\"10,25,50,100\","
            + "\"rollout.interval\":\"1m\",\"rollout.fromStep\":1}}");
    advanceTo(resumed.plus(STEP).plusSeconds(10));
    assertThat(rollout(a).state()).isEqualTo(RolloutState.RUNNING);
    assertThat(rollout(a).percent()).as("on from the held step").isEqualTo(50.0);

    plan(",\"rollout.aborted\":true");
    for (Shipshape s : List.of(a, b)) {
      assertThat(rollout(s).state()).isEqualTo(RolloutState.ABORTED);
      assertThat(rollout(s).percent()).isZero();
      assertThat(variants(s)).doesNotContain(true);
    }
    int askedBefore = prometheus.requests.size();
    clock.advance(POLL.multipliedBy(6));
    assertThat(prometheus.requests).as("an aborted plan asks nothing").hasSize(askedBefore);
    assertThat(rollout(a).state()).isEqualTo(RolloutState.ABORTED);
  }

  @Test
  void aRolloutWithoutHaltingSlosFollowsThePlanAndAsksNothing() {
    FleetGate g = gateBuilder().build();
    Shipshape ship =
        Shipshape.builder()
            .clock(clock)
            .logging(false)
            .flags(flags)
            .rollout(FLAG, r -> r.gate(g))
            .build();
    closers.add(g);
    closers.add(ship);
    advanceTo(START.plus(STEP).plusSeconds(1));
    assertThat(rollout(ship).percent()).isEqualTo(25.0);
    assertThat(last(rollout(ship)).reason()).endsWith("; no SLO halts this rollout");
    assertThat(prometheus.requests).isEmpty();
  }

  @Test
  void controlsThatWouldChangeOneInstanceAreRefusedNamingThePlanDocument() {
    Shipshape a = instance();
    advanceTo(START.plusSeconds(10));
    assertThatThrownBy(() -> rollout(a).pause())
        .isInstanceOf(RolloutControlRefusedException.class)
        .hasMessage(
            "pause of rollout 'new-checkout' was refused: it is a fleet rollout, and pause here"
                + " would change this instance only. Edit its plan instead, in the metadata of"
                + " flag 'new-checkout' (/flags/new-checkout/metadata) in the flag document every"
                + " instance reads [" + flags.name() + "]: set rollout.pausedAt to the instant to"
                + " hold at.");
    assertThatThrownBy(() -> rollout(a).abort())
        .isInstanceOf(RolloutControlRefusedException.class)
        .hasMessageEndingWith("set rollout.aborted to true.");
    assertThat(rollout(a).percent()).isEqualTo(10.0);
  }

  @Test
  void theQueryAsksForEverySignalAtThePollsInstantWithTheGatesMatchersAndHeaders() {
    instance(gateBuilder().matcher("env=\"prod\"").header("X-Scope-OrgID", "shop"));
    advanceTo(START.plusSeconds(10));
    ScriptedPrometheus.Request r = prometheus.requests.get(prometheus.requests.size() - 1);
    assertThat(r.path()).isEqualTo("/api/v1/query");
    assertThat(r.time()).isEqualTo(START.plusSeconds(10));
    assertThat(r.headers().get("X-scope-orgid")).containsExactly("shop");
    assertThat(r.query())
        .isEqualTo(
            "label_replace(min by (sloth_slo, long_window, short_window) (min_over_time("
                + "ALERTS_FOR_STATE{alertname=\"SloErrorBudgetBurn\",sloth_severity=\"page\","
                + "sloth_slo=~\"checkout\",env=\"prod\"}[10000ms])), \"shipshape_signal\", \"page\","
                + " \"\", \"\")\nor\n"
                + "label_replace(min by (sloth_slo) (min_over_time(timestamp("
                + "slo:period_error_budget_remaining:ratio{sloth_slo=~\"checkout\",env=\"prod\"}"
                + " <= 0)[10000ms:10000ms])), \"shipshape_signal\", \"budget\", \"\", \"\")\nor\n"
                + "label_replace(max by (slo) (timestamp(shipshape_slo_events_total{"
                + "slo=~\"checkout\",env=\"prod\"})), \"shipshape_signal\", \"scraped\", \"\","
                + " \"\")\nor\n"
                + "label_replace(max by (sloth_slo) (timestamp(slo:sli_error:ratio_rate5m{"
                + "sloth_slo=~\"checkout\",env=\"prod\"})), \"shipshape_signal\", \"evaluated\","
                + " \"\", \"\")\nor\n"
                + "label_replace(max by (sloth_slo) (timestamp(slo:sli_error:ratio_rate5m{"
                + "sloth_slo=~\"checkout\",env=\"prod\"} @ 1772442010.000)), \"shipshape_signal\","
                + " \"recorded\", \"\", \"\")");
  }

  @Test
  void aBrokenEditOfThePlanKeepsTheLastGoodPlanAndNeverAdvances() {
    LogCapture logs = LogCapture.of(FleetGate.class.getName(), Level.DEBUG);
    closers.add(logs);
    Shipshape a = instance();
    advanceTo(START.plusSeconds(30));
    plan(",\"rollout.pausedat\":\"" + START + "\"");
    clock.advance(POLL.multipliedBy(3));
    assertThat(logs.events())
        .as("logged once, not once per poll")
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage())
                  .startsWith(
                      "fleet rollout of flag 'new-checkout' ignores the last edit of its plan and"
                          + " keeps FleetPlan{new-checkout, start=2026-03-02T09:00:00Z")
                  .contains(
                      "/flags/new-checkout/metadata/rollout.pausedat was '2026-03-02T09:00:00Z'"
                          + " but is not a plan key");
            });
    advanceTo(START.plus(STEP).plusSeconds(30));
    assertThat(rollout(a).percent()).isEqualTo(10.0);
    assertThat(last(rollout(a)).transition()).isEqualTo(Transition.HELD);
    assertThat(last(rollout(a)).reason())
        .contains(
            "the plan's last edit has problems and is ignored: /flags/new-checkout/metadata/"
                + "rollout.pausedat was '2026-03-02T09:00:00Z' but is not a plan key");
    plan("");
    advanceTo(START.plus(STEP).plusSeconds(40));
    assertThat(rollout(a).percent()).isEqualTo(25.0);
  }

  @Test
  void aHeaderTheClientWouldRefuseIsABadSettingAndItsValueIsNeverShown() {
    // a token read from a file with its final line break, and a header the client sets itself
    FleetGate.Builder builder =
        gateBuilder()
            .header("Authorization", "Bearer s3cr3t\n")
            .header("Host", "prometheus.internal")
            .header("X-Scope-OrgID", "shop");
    assertThatThrownBy(builder::build)
        .isInstanceOf(FleetGateConfigException.class)
        .hasMessage(
            "invalid fleet gate (2 problems)\n"
                + "  - headers was '***' but header 'Authorization' must have a value without line"
                + " breaks or other control characters\n"
                + "  - headers was '***' but header 'Host' must be one Java's HTTP client sends, a"
                + " token and not one it sets itself (Host, Connection, Content-Length...)")
        .extracting(e -> ((FleetGateConfigException) e).problems(), list(ConfigProblem.class))
        .extracting(ConfigProblem::setting)
        .containsExactly("headers", "headers");
  }

  @Test
  void settingsAreCheckedTogether() {
    assertThatThrownBy(
            () ->
                FleetGate.builder(java.net.URI.create("ftp://prometheus"))
                    .pollInterval(Duration.ofSeconds(5))
                    .queryTimeout(Duration.ofSeconds(5))
                    .maxSampleAge(Duration.ZERO)
                    .matcher("env = prod")
                    .build())
        .isInstanceOf(FleetGateConfigException.class)
        .hasMessage(
            "invalid fleet gate (4 problems)\n"
                + "  - prometheus was 'ftp://prometheus' but must be an http or https URL\n"
                + "  - maxSampleAge was 'PT0S' but must be positive\n"
                + "  - queryTimeout was 'PT5S' but must be shorter than the pollInterval (PT5S),"
                + " so that one query ends before the next poll\n"
                + "  - matchers[0] was 'env = prod' but a PromQL label matcher such as"
                + " env=\"prod\" was expected")
        .extracting(e -> ((FleetGateConfigException) e).problems(), list(ConfigProblem.class))
        .extracting(ConfigProblem::setting)
        .containsExactly("prometheus", "maxSampleAge", "queryTimeout", "matchers[0]");
  }

  @Test
  void aBadUrlIsReportedWithoutItsSecrets() {
    FleetGate.Builder b =
        FleetGate.builder(java.net.URI.create("http://user:pa55@prometheus:9090?token=abc"));

    assertThat(b.problems())
        .containsExactly(
            ConfigProblem.of(
                "prometheus", "http://***@prometheus:9090?token=***", "must not have a query"));
    assertThatThrownBy(b::build)
        .isInstanceOf(FleetGateConfigException.class)
        .hasMessageNotContaining("pa55")
        .hasMessageNotContaining("abc");
  }

  @Test
  void theServerIsNamedWithoutItsUserInfo() {
    try (FleetGate gate =
        FleetGate.builder(java.net.URI.create("http://user:pa55@prometheus:9090/api")).build()) {
      assertThat(gate.toString())
          .isEqualTo("FleetGate{http://***@prometheus:9090/api, poll PT30S}");
    }
  }
}
