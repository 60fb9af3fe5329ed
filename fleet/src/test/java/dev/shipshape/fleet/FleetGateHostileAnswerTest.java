package dev.shipshape.fleet;

import static dev.shipshape.fleet.FleetGateTest.FLAG;
import static dev.shipshape.fleet.FleetGateTest.POLL;
import static dev.shipshape.fleet.FleetGateTest.START;
import static dev.shipshape.fleet.FleetGateTest.STEP;
import static dev.shipshape.fleet.FleetGateTest.awaitHeld;
import static dev.shipshape.fleet.FleetGateTest.awaitPercent;
import static dev.shipshape.fleet.FleetGateTest.last;
import static dev.shipshape.fleet.FleetGateTest.rollout;
import static dev.shipshape.fleet.FleetGateTest.transitions;
import static dev.shipshape.fleet.HostilePrometheus.endless;
import static dev.shipshape.fleet.HostilePrometheus.healthy;
import static dev.shipshape.fleet.HostilePrometheus.paddedBody;
import static dev.shipshape.fleet.HostilePrometheus.stallAfterHeaders;
import static dev.shipshape.fleet.HostilePrometheus.trickle;
import static dev.shipshape.fleet.HostilePrometheus.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fleet gate against a Prometheus that answers badly on the wire ({@link HostilePrometheus}):
 * whatever the answer, the query ends within the query timeout or at 1 MiB, on the gate's own
 * thread; the rollout holds its step meanwhile, flag evaluation never waits, and the next poll is
 * asked and its answer used.
 */
@Timeout(30)
class FleetGateHostileAnswerTest {

  static final Duration QUERY_TIMEOUT = Duration.ofMillis(500);
  /** How much later than its timeout a query may end on a loaded machine. */
  static final Duration MARGIN = Duration.ofSeconds(3);
  /** The largest answer the gate reads. */
  static final int LIMIT = 1 << 20;
  /** The poll at which the plan's third step (50%) is due: the one the server answers badly. */
  static final Instant DUE = START.plus(STEP.multipliedBy(2));

  private final ManualClock clock = ManualClock.at(DUE.minus(POLL));
  private final InMemoryFlagSource flags = FlagSource.inMemory();
  private final HostilePrometheus prometheus;
  private final FleetGate gate;
  private final Shipshape ship;
  /** When the poll at {@link #DUE} was due, on the machine's clock. */
  private long asked;

  FleetGateHostileAnswerTest() throws Exception {
    prometheus = new HostilePrometheus();
    flags.putFlag(FLAG, FleetGateTest.planned(""));
    // the gate's own thread, as in production
    gate =
        FleetGate.builder(prometheus.uri())
            .pollInterval(POLL)
            .queryTimeout(QUERY_TIMEOUT)
            .maxSampleAge(Duration.ofSeconds(30))
            .build();
    ship = FleetGateTest.instance(clock, flags, gate);
  }

  @AfterEach
  void close() throws Exception {
    try {
      ship.close();
      gate.close();
    } finally {
      prometheus.close();
    }
  }

  static Stream<Arguments> neverEnding() {
    return Stream.of(
        Arguments.of("headers, then a stall", stallAfterHeaders()),
        Arguments.of("a byte every 50 ms", trickle(Duration.ofMillis(50))),
        Arguments.of("an endless chunked body", endless(true)),
        Arguments.of("an endless body without a length", endless(false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("neverEnding")
  void anAnswerThatNeverEndsIsCutOffAtTheQueryTimeoutAndTheNextPollIsUsed(
      String name, HostilePrometheus.Answer answer) throws Exception {
    prometheus.answer(t -> t.equals(DUE) ? answer : healthy());
    HostilePrometheus.Exchange exchange = holdAtDue();

    assertThat(exchange.started.await(MARGIN.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(servedOn())
        .as("flag evaluation while the answer is coming serves the step in effect")
        .isBetween(30L, 70L);
    assertThat(exchange.ended.getCount())
        .as("and did not wait for the answer")
        .isOne();

    RolloutAuditEntry held = awaitHeldWithinTimeout();
    assertThat(held.reason())
        .contains("verdict unreadable: " + prometheus.uri() + " did not answer within PT0.5S");
    assertThat(exchange.ended.await(MARGIN.toMillis(), TimeUnit.MILLISECONDS))
        .as("the gate closed the connection when it gave up")
        .isTrue();
    assertThat(exchange.dropped).as("rather than the server ending the answer").isTrue();

    nextPollAdvances();
  }

  static Stream<Arguments> framings() {
    Function<byte[], HostilePrometheus.Answer> declared = b -> whole(b, true);
    Function<byte[], HostilePrometheus.Answer> untilClose = b -> whole(b, false);
    Function<byte[], HostilePrometheus.Answer> chunked = HostilePrometheus::chunked;
    return Stream.of(
        Arguments.of("with its length", declared),
        Arguments.of("until the connection closes", untilClose),
        Arguments.of("chunked", chunked));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framings")
  void anAnswerOfOneByteOverOneMebibyteIsRefusedAndOneOfExactlyOneMebibyteIsUsed(
      String name, Function<byte[], HostilePrometheus.Answer> framing) throws Exception {
    assertThat(paddedBody(DUE, LIMIT)).hasSize(LIMIT);
    // read whole, the larger answer would confirm the step due
    prometheus.answer(t -> framing.apply(paddedBody(t, t.equals(DUE) ? LIMIT + 1 : LIMIT)));
    holdAtDue();

    RolloutAuditEntry held = awaitHeldWithinTimeout();
    assertThat(held.reason())
        .contains("verdict unreadable: " + prometheus.uri() + " answered more than 1048576 bytes");

    nextPollAdvances();
  }

  /**
   * Starts at 25% on a healthy answer, then lets the poll at {@link #DUE} ask.
   *
   * @return the exchange of that poll's request
   */
  private HostilePrometheus.Exchange holdAtDue() throws InterruptedException {
    clock.advance(Duration.ZERO);
    awaitPercent(ship, 25.0);
    asked = System.nanoTime();
    clock.set(DUE);
    return prometheus.awaitRequest(DUE);
  }

  /** The gate holds the step at 25% within the query timeout (and a margin) of the poll. */
  private RolloutAuditEntry awaitHeldWithinTimeout() throws InterruptedException {
    awaitHeld(ship);
    Duration took = Duration.ofNanos(System.nanoTime() - asked);
    assertThat(took).as("the query ended at its timeout").isLessThan(QUERY_TIMEOUT.plus(MARGIN));
    RolloutAuditEntry held = last(rollout(ship));
    assertThat(held.at()).isEqualTo(DUE);
    assertThat(held.reason()).contains("the rollout keeps 25% until the gate confirms it");
    assertThat(rollout(ship).percent()).isEqualTo(25.0);
    return held;
  }

  /** The gate's thread is free again: the next poll's answer advances the rollout. */
  private void nextPollAdvances() throws InterruptedException {
    clock.set(DUE.plus(POLL));
    awaitPercent(ship, 50.0);
    assertThat(transitions(rollout(ship))).endsWith(Transition.HELD, Transition.ADVANCED);
  }

  /** How many of 200 users the flag serves the new variant. */
  private long servedOn() {
    long on = 0;
    for (int i = 0; i < 200; i++) {
      if (ship.flags().booleanValue(FLAG, false, EvaluationContext.of("user-" + i))) {
        on++;
      }
    }
    return on;
  }
}
