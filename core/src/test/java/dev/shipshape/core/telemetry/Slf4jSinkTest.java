package dev.shipshape.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.testing.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Slf4jSinkTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static SloAlertFired fired() {
    return new SloAlertFired(
        "checkout", "page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4, 20.04, 19.5, 0.0298,
        0.031, T0);
  }

  @Test
  void alertFiringIsWarnWithTheWindowPairAndBurnRates() {
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink.create().accept(fired());
      ILoggingEvent e = log.events().get(0);
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getLoggerName()).isEqualTo("dev.shipshape.telemetry.slo");
      assertThat(e.getMessage()).isEqualTo("SLO burn-rate alert fired");
      assertThat(LogCapture.keyValues(e))
          .containsEntry("slo", "checkout")
          .containsEntry("severity", "page")
          .containsEntry("longWindow", "1h")
          .containsEntry("shortWindow", "5m")
          .containsEntry("factor", "14.4")
          .containsEntry("longBurnRate", "20.04")
          .containsEntry("windowBudgetConsumed", "0.03");
    }
  }

  @Test
  void alertResolutionIsInfo() {
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink.create()
          .accept(
              new SloAlertResolved(
                  "checkout", "page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4, 3.0, 0.0,
                  0.004, 0.05, T0));
      assertThat(log.events()).singleElement().satisfies(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.INFO);
        assertThat(e.getMessage()).isEqualTo("SLO burn-rate alert resolved");
      });
    }
  }

  @Test
  void budgetExhaustionIsWarn() {
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink.create()
          .accept(new SloBudgetExhausted("checkout", 0.999, Duration.ofDays(28), 990, 10, 0.0, T0));
      ILoggingEvent e = log.events().get(0);
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(LogCapture.keyValues(e))
          .containsEntry("slo", "checkout")
          .containsEntry("window", "28d")
          .containsEntry("bad", "10");
    }
  }

  @Test
  void flagEvaluationsAreWantedOnlyWhenDebugIsOnAndLoggedAtDebug() {
    FlagEvaluated evaluation =
        new FlagEvaluated("new-checkout", true, "on", "SPLIT", null, null, Map.of(), T0);
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
      ILoggingEvent e = log.events().get(0);
      assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(LogCapture.keyValues(e))
          .containsEntry("flag", "new-checkout")
          .containsEntry("variant", "on")
          .containsEntry("reason", "SPLIT");
    }
  }

  @Test
  void sourceFailuresAreDebugBecauseTheFlagsModuleWarnsItself() {
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink sink = Slf4jSink.create();
      IOException cause = new IOException("flags.json: no such file");
      sink.accept(new FlagSourceFailed("flags.json", "missing", cause, T0, T0.plusSeconds(5)));
      ILoggingEvent e = log.events().get(0);
      assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(LogCapture.keyValues(e))
          .containsEntry("source", "flags.json")
          .containsEntry("error", "missing");
    }
  }

  @Test
  void healthGoingDownIsWarnAndRecoveringIsInfo() {
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink sink = Slf4jSink.create();
      sink.accept(HealthStatusChanged.ofCheck("db", null, HealthStatus.UP, null, T0));
      sink.accept(
          HealthStatusChanged.ofCheck("db", HealthStatus.UP, HealthStatus.DOWN, "timed out after 2s", T0));
      sink.accept(HealthStatusChanged.ofProbe(Probe.READINESS, HealthStatus.UP, HealthStatus.DOWN, T0));
      sink.accept(HealthStatusChanged.ofCheck("db", HealthStatus.DOWN, HealthStatus.UP, null, T0));
      List<Level> levels = log.events().stream().map(ILoggingEvent::getLevel).toList();
      assertThat(levels).containsExactly(Level.DEBUG, Level.WARN, Level.WARN, Level.INFO);
      assertThat(LogCapture.keyValues(log.events().get(1)))
          .containsEntry("check", "db")
          .containsEntry("status", "DOWN")
          .containsEntry("message", "timed out after 2s");
      assertThat(LogCapture.keyValues(log.events().get(2))).containsEntry("probe", "readiness");
    }
  }

  @Test
  void flagChangesAreInfoWithSortedKeys() {
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink.create()
          .accept(new FlagSetChanged(Set.of("b", "a"), Set.of(), Set.of("c"), T0));
      ILoggingEvent e = log.events().get(0);
      assertThat(e.getLevel()).isEqualTo(Level.INFO);
      assertThat(LogCapture.keyValues(e)).containsEntry("added", "[a, b]").containsEntry("changed", "[c]");
    }
  }

  @Test
  void rolloutHaltIsWarnAndAdvanceIsInfo() {
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink sink = Slf4jSink.create();
      sink.accept(
          new RolloutStepChanged(
              "new-checkout", "new-checkout", RolloutStepChanged.Transition.ADVANCED, 5, 25,
              "scheduled step", T0));
      sink.accept(
          new RolloutStepChanged(
              "new-checkout", "new-checkout", RolloutStepChanged.Transition.HALTED, 25, 25,
              "slo checkout page alert 1h/5m", T0));
      List<Level> levels = log.events().stream().map(ILoggingEvent::getLevel).toList();
      assertThat(levels).containsExactly(Level.INFO, Level.WARN);
      assertThat(log.events().get(1).getLoggerName()).isEqualTo("dev.shipshape.telemetry.rollout");
    }
  }

  @Test
  void openBreakerIsWarnAndGuardedCallsAreDebug() {
    try (LogCapture log = LogCapture.of(Slf4jSink.LOGGER_PREFIX, Level.DEBUG)) {
      Slf4jSink sink = Slf4jSink.create();
      sink.accept(new CircuitBreakerStateChanged("payments", "CLOSED", "OPEN", T0));
      sink.accept(new CircuitBreakerStateChanged("payments", "OPEN", "HALF_OPEN", T0));
      sink.accept(
          new GuardedCallCompleted(
              "payments", GuardedCallCompleted.Outcome.TIMEOUT, 3, Duration.ofSeconds(2), null,
              true, T0));
      List<Level> levels = log.events().stream().map(ILoggingEvent::getLevel).toList();
      assertThat(levels).containsExactly(Level.WARN, Level.INFO, Level.DEBUG);
      assertThat(LogCapture.keyValues(log.events().get(2)))
          .containsEntry("outcome", "timeout")
          .containsEntry("attempts", "3");
    }
  }
}
