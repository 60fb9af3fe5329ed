package dev.shipshape.core.telemetry;

import static dev.shipshape.core.telemetry.TelemetryEvents.evaluation;
import static dev.shipshape.core.telemetry.TelemetryEvents.exhausted;
import static dev.shipshape.core.telemetry.TelemetryEvents.flagSetChanged;
import static dev.shipshape.core.telemetry.TelemetryEvents.sourceFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.shipshape.core.guard.CircuitBreakerSnapshot.State;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.flags.Reason;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.SloAlertEvent;
import dev.shipshape.testsupport.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SLF4J sink's levels, message texts and key-value pairs. Every message states its facts
 * itself, as a console pattern without key-value pairs prints it ({@code %msg}).
 */
class Slf4jSinkTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String RUNBOOK = "https://runbooks.example.com/checkout";

  private static SloAlertEvent alert(
      double longBurnRate, double shortBurnRate, double periodBudget, @Nullable String runbook) {
    return new SloAlertEvent(
        "checkout", Severity.PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 13.44, longBurnRate,
        shortBurnRate, 0.0298, periodBudget, T0, runbook);
  }

  /**
   * Events the sink logs as one line: what the test shows, the event, and the level, logger,
   * message and key-value pairs it is logged with.
   */
  static Stream<Arguments> singleEvents() {
    return Stream.of(
        arguments(
            "an alert firing is WARN and says which pair fired, why and where the runbook is",
            new SloAlertFired(alert(13.456, 41.6, 0.446, RUNBOOK)),
            Level.WARN,
            "dev.shipshape.telemetry.slo",
            "SLO 'checkout' page alert 1h/5m fired: burn rates 13.46 (1h) and 41.6 (5m) above"
                + " 13.44; 44.6% of the budget spent; runbook "
                + RUNBOOK,
            Map.of(
                "slo", "checkout",
                "severity", "page",
                "long_window", "1h",
                "short_window", "5m",
                "factor", "13.44",
                "long_burn_rate", "13.456",
                "window_budget_consumed", "0.03",
                "runbook_url", RUNBOOK)),
        arguments(
            "budget exhaustion is WARN with the counts in the message",
            exhausted("checkout", 0.999, Duration.ofDays(28), 990, 10, -9.1, T0),
            Level.WARN,
            "dev.shipshape.telemetry.slo",
            "SLO 'checkout' error budget exhausted: 10 bad of 1000 events over 4w against"
                + " objective 0.999; -910.0% of the budget left",
            Map.of("slo", "checkout", "window", "4w", "bad", "10")),
        arguments(
            "source failures are DEBUG because the flags module warns itself",
            sourceFailed(
                "flags.json",
                "missing",
                new IOException("flags.json: no such file"),
                T0,
                T0.plusSeconds(5)),
            Level.DEBUG,
            "dev.shipshape.telemetry.flags",
            "flag source 'flags.json' failed; serving its last good flags: missing",
            Map.of("source", "flags.json", "error", "missing")),
        arguments(
            "flag changes are INFO with sorted keys",
            flagSetChanged(Set.of("b", "a"), Set.of(), Set.of("c"), T0),
            Level.INFO,
            "dev.shipshape.telemetry.flags",
            "flags changed: added [a, b], removed [], changed [c]",
            Map.of("added", "[a, b]", "changed", "[c]")));
  }

  @Test
  void aChangeOfThousandsOfFlagsIsOneLineListingTheFirstHundredKeysOfEachKind() {
    Set<String> added = new java.util.TreeSet<>();
    for (int i = 0; i < 50_000; i++) {
      added.add(String.format("flag-%05d", i));
    }
    List<String> first = List.copyOf(added).subList(0, FlagSetChanged.MAX_LISTED_KEYS);
    String listed = "[" + String.join(", ", first) + ", and 49900 more]";

    ILoggingEvent e =
        first(
            logged(flagSetChanged(added, Set.of(), Set.of("c"), T0)),
            Level.INFO,
            "flags changed: added " + listed + ", removed [], changed [c]");
    assertThat(LogCapture.keyValues(e))
        .containsEntry("added", listed)
        .containsEntry("removed", "[]")
        .containsEntry("changed", "[c]");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleEvents")
  void logsAnEventAtItsLevelWithItsFactsInTheMessageAndAsKeyValues(
      String shows,
      TelemetryEvent event,
      Level level,
      String logger,
      String message,
      Map<String, String> keyValues) {
    ILoggingEvent e = first(logged(event), level, message);
    assertThat(e.getLoggerName()).isEqualTo(logger);
    assertThat(LogCapture.keyValues(e)).containsAllEntriesOf(keyValues);
  }

  @Test
  void alertResolutionIsInfoAndOmitsAMissingRunbook() {
    ILoggingEvent e =
        first(
            logged(new SloAlertResolved(alert(3.0, 0.0, 0.05, null))),
            Level.INFO,
            "SLO 'checkout' page alert 1h/5m resolved: burn rates 3 (1h) and 0 (5m) not both"
                + " above 13.44; 5.0% of the budget spent");
    assertThat(LogCapture.keyValues(e)).doesNotContainKey("runbook_url");
  }

  @Test
  void flagEvaluationsAreWantedOnlyWhenDebugIsOnAndLoggedAtDebug() {
    FlagEvaluated evaluation = evaluation("new-checkout", true, "on", Reason.SPLIT, null, T0);
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.INFO)) {
      assertThat(Slf4jSink.create().wants(TelemetryEvent.Kind.FLAG_EVALUATED)).isFalse();
      assertThat(Slf4jSink.create().wants(TelemetryEvent.Kind.GUARDED_CALL_COMPLETED)).isFalse();
      assertThat(Slf4jSink.create().wants(TelemetryEvent.Kind.SLO_ALERT_FIRED)).isTrue();
      Slf4jSink.create().accept(evaluation);
      assertThat(log.events()).isEmpty();
    }
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink sink = Slf4jSink.create();
      assertThat(sink.wants(TelemetryEvent.Kind.FLAG_EVALUATED)).isTrue();
      sink.accept(evaluation);
      ILoggingEvent e =
          first(
              log.events(), Level.DEBUG, "flag 'new-checkout' evaluated: variant on, reason split");
      assertThat(LogCapture.keyValues(e))
          .containsEntry("flag", "new-checkout")
          .containsEntry("variant", "on")
          .containsEntry("reason", "split");
    }
  }

  @Test
  void rolloutHaltIsWarnWithTheFlagTheStepAndTheReason() {
    List<ILoggingEvent> logged =
        logged(
            new RolloutStepChanged(
                "new-checkout", "new-checkout", RolloutStepChanged.Transition.ADVANCED, 5, 25,
                "scheduled step", T0),
            new RolloutStepChanged(
                "new-checkout", "new-checkout", RolloutStepChanged.Transition.HALTED, 25, 25,
                "slo 'checkout' page alert 1h/5m fired", T0));
    assertThat(logged).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.WARN);
    assertThat(logged.get(1).getLoggerName()).isEqualTo("dev.shipshape.telemetry.rollout");
    assertThat(logged.get(1).getFormattedMessage())
        .isEqualTo(
            "rollout of flag 'new-checkout' halted: 25% -> 25% (slo 'checkout' page alert 1h/5m"
                + " fired)");
    assertThat(LogCapture.keyValues(logged.get(1)))
        .containsEntry("flag", "new-checkout")
        .containsEntry("transition", "halted")
        .containsEntry("to_percent", "25.0");
  }

  /**
   * Events the sink logs one line each: what the test shows, the events, the level and message of
   * each line, and key-value pairs of some lines by their index.
   */
  static Stream<Arguments> eventSequences() {
    return Stream.of(
        arguments(
            "health going down is WARN and says what changed and why",
            List.of(
                HealthStatusChanged.ofCheck("db", null, HealthStatus.UP, null, T0),
                HealthStatusChanged.ofCheck(
                    "db", HealthStatus.UP, HealthStatus.DOWN, "timed out after 1s", T0),
                HealthStatusChanged.ofProbe(
                    Probe.READINESS, HealthStatus.UP, HealthStatus.DOWN, T0),
                HealthStatusChanged.ofCheck("db", HealthStatus.DOWN, HealthStatus.UP, null, T0)),
            List.of(
                tuple(Level.DEBUG, "health check 'db' UP"),
                tuple(Level.WARN, "health check 'db' UP -> DOWN: timed out after 1s"),
                tuple(Level.WARN, "health probe readiness UP -> DOWN"),
                tuple(Level.INFO, "health check 'db' DOWN -> UP")),
            Map.of(
                1, Map.of("check", "db", "status", "DOWN", "message", "timed out after 1s"),
                2, Map.of("probe", "readiness"))),
        arguments(
            "an open breaker is WARN and guarded calls are DEBUG",
            List.of(
                new CircuitBreakerStateChanged("payments", State.CLOSED, State.OPEN, T0),
                new CircuitBreakerStateChanged("payments", State.OPEN, State.HALF_OPEN, T0),
                new GuardedCallCompleted(
                    "payments",
                    GuardedCallCompleted.Outcome.TIMEOUT,
                    3,
                    Duration.ofSeconds(2),
                    null,
                    true,
                    T0)),
            List.of(
                tuple(Level.WARN, "circuit breaker of guard 'payments' CLOSED -> OPEN"),
                tuple(Level.INFO, "circuit breaker of guard 'payments' OPEN -> HALF_OPEN"),
                tuple(Level.DEBUG, "guard 'payments' call timeout after 3 attempts in 2000 ms")),
            Map.of(
                0, Map.of("to", "open"),
                2, Map.of("outcome", "timeout", "attempts", "3"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventSequences")
  void logsEachEventOfASequenceAtItsOwnLevel(
      String shows,
      List<TelemetryEvent> events,
      List<Tuple> levelsAndMessages,
      Map<Integer, Map<String, String>> keyValuesByLine) {
    List<ILoggingEvent> logged = logged(events.toArray(TelemetryEvent[]::new));
    assertThat(logged)
        .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
        .containsExactlyElementsOf(levelsAndMessages);
    keyValuesByLine.forEach(
        (line, keyValues) ->
            assertThat(LogCapture.keyValues(logged.get(line)))
                .as("key-value pairs of line %d", line)
                .containsAllEntriesOf(keyValues));
  }

  /** What a new sink logs for {@code events}, in order, with its loggers at DEBUG. */
  private static List<ILoggingEvent> logged(TelemetryEvent... events) {
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink sink = Slf4jSink.create();
      for (TelemetryEvent event : events) {
        sink.accept(event);
      }
      return log.events();
    }
  }

  /** The first event logged, after checking its level and message. */
  private static ILoggingEvent first(List<ILoggingEvent> logged, Level level, String message) {
    assertThat(logged).isNotEmpty();
    ILoggingEvent e = logged.get(0);
    assertThat(e.getLevel()).isEqualTo(level);
    assertThat(e.getFormattedMessage()).isEqualTo(message);
    return e;
  }
}
