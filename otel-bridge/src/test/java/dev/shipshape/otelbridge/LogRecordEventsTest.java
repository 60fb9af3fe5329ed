package dev.shipshape.otelbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.guard.CircuitBreakerSnapshot;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.FlagSetChanged;
import dev.shipshape.core.telemetry.FlagSourceFailed;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.SloAlertFired;
import dev.shipshape.core.telemetry.SloAlertResolved;
import dev.shipshape.core.telemetry.SloBudgetExhausted;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetryEvents;
import dev.shipshape.slo.SloAlertEvent;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogRecordEventsTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  private final InMemoryOtel otel = new InMemoryOtel();
  private final OtelTelemetry sink = OtelTelemetry.of(otel.sdk);

  @AfterEach
  void close() {
    otel.close();
  }

  private LogRecordData emitted(TelemetryEvent event) {
    sink.accept(event);
    List<LogRecordData> records = otel.logRecords();
    assertThat(records).hasSize(1);
    LogRecordData r = records.get(0);
    assertThat(r.getTimestampEpochNanos())
        .isEqualTo(TimeUnit.SECONDS.toNanos(event.at().getEpochSecond()) + event.at().getNano());
    assertThat(r.getInstrumentationScopeInfo().getName()).isEqualTo("dev.shipshape");
    assertThat(r.getSeverityText()).isEqualTo(r.getSeverity().name());
    otel.logs.reset();
    return r;
  }

  private static Map<String, Object> attributes(LogRecordData r) {
    Map<String, Object> out = new LinkedHashMap<>();
    r.getAttributes().asMap().forEach((k, v) -> out.put(k.getKey(), v));
    return out;
  }

  @Test
  void alertFiringIsAWarningWithTheWindowPairAndBurnRates() {
    LogRecordData r =
        emitted(
            new SloAlertFired(
                new SloAlertEvent(
                    "checkout", dev.shipshape.slo.Severity.PAGE, Duration.ofHours(1),
                    Duration.ofMinutes(5), 14.4, 20.5, 31.0, 0.0285, 0.12, AT,
                    "https://runbooks.example.com/checkout")));
    assertThat(r.getEventName()).isEqualTo("shipshape.slo.alert.fired");
    assertThat(r.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(r.getBodyValue().asString())
        .isEqualTo(
            "SLO checkout page alert fired (1h/5m); runbook https://runbooks.example.com/checkout");
    assertThat(attributes(r))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "shipshape.slo.name", "checkout",
                "shipshape.slo.alert.severity", "page",
                "shipshape.slo.alert.long_window", "1h",
                "shipshape.slo.alert.short_window", "5m",
                "shipshape.slo.alert.factor", 14.4,
                "shipshape.slo.alert.long_burn_rate", 20.5,
                "shipshape.slo.alert.short_burn_rate", 31.0,
                "shipshape.slo.alert.window_budget_consumed", 0.0285,
                "shipshape.slo.budget_consumed", 0.12,
                "shipshape.slo.runbook_url", "https://runbooks.example.com/checkout"));
  }

  @Test
  void alertResolutionIsInformational() {
    LogRecordData r =
        emitted(
            TelemetryEvents.resolved(
                TelemetryEvents.fired(
                    "checkout", dev.shipshape.slo.Severity.TICKET, Duration.ofDays(3),
                    Duration.ofHours(6), 1.0, 2.0, 2.0, 0.05, 0.3, AT),
                0.5, 0.2, 0.3, AT));
    assertThat(r.getEventName()).isEqualTo("shipshape.slo.alert.resolved");
    assertThat(r.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(attributes(r))
        .containsEntry("shipshape.slo.alert.long_window", "3d")
        .containsEntry("shipshape.slo.alert.short_window", "6h")
        .containsEntry("shipshape.slo.alert.severity", "ticket");
  }

  @Test
  void budgetExhaustionCarriesTheCounts() {
    LogRecordData r =
        emitted(
            TelemetryEvents.exhausted("checkout", 0.999, Duration.ofDays(28), 9_990, 12, -0.2, AT));
    assertThat(r.getEventName()).isEqualTo("shipshape.slo.budget.exhausted");
    assertThat(r.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(attributes(r))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "shipshape.slo.name", "checkout",
                "shipshape.slo.objective", 0.999,
                "shipshape.slo.window", "4w",
                "shipshape.slo.good", 9_990L,
                "shipshape.slo.bad", 12L,
                "shipshape.slo.budget_remaining", -0.2));
  }

  @Test
  void healthChangesNameTheProbeOrCheckAndBothStatuses() {
    LogRecordData down =
        emitted(
            HealthStatusChanged.ofCheck(
                "db", HealthStatus.UP, HealthStatus.DOWN, "connection refused", AT));
    assertThat(down.getEventName()).isEqualTo("shipshape.health.status.changed");
    assertThat(down.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(down.getBodyValue().asString()).isEqualTo("health check db is DOWN");
    assertThat(attributes(down))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "shipshape.health.check", "db",
                "shipshape.health.status", "DOWN",
                "shipshape.health.previous_status", "UP",
                "shipshape.health.message", "connection refused"));

    LogRecordData up =
        emitted(HealthStatusChanged.ofProbe(Probe.READINESS, null, HealthStatus.UP, AT));
    assertThat(up.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(attributes(up))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("shipshape.health.probe", "readiness", "shipshape.health.status", "UP"));
  }

  @Test
  void rolloutStepsCarryTheFlagSharesAndReason() {
    LogRecordData advanced =
        emitted(
            new RolloutStepChanged(
                "checkout-rollout", "new-checkout", RolloutStepChanged.Transition.ADVANCED, 5.0,
                25.0, "step 3 of 5", AT));
    assertThat(advanced.getEventName()).isEqualTo("shipshape.rollout.step.changed");
    assertThat(advanced.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(attributes(advanced))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "shipshape.rollout.name", "checkout-rollout",
                "feature_flag.key", "new-checkout",
                "shipshape.rollout.transition", "advanced",
                "shipshape.rollout.from_percent", 5.0,
                "shipshape.rollout.to_percent", 25.0,
                "shipshape.rollout.reason", "step 3 of 5"));

    LogRecordData halted =
        emitted(
            new RolloutStepChanged(
                "checkout-rollout", "new-checkout", RolloutStepChanged.Transition.HALTED, 25.0,
                25.0, "checkout page 1h/5m burning 20x", AT));
    assertThat(halted.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(attributes(halted)).containsEntry("shipshape.rollout.transition", "halted");
  }

  @Test
  void flagSetChangesListTheKeysSorted() {
    LogRecordData r =
        emitted(
            TelemetryEvents.flagSetChanged(Set.of("b", "a"), Set.of("gone"), Set.of("z", "y"), AT));
    assertThat(r.getEventName()).isEqualTo("shipshape.flag.set.changed");
    assertThat(r.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(attributes(r))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "shipshape.flags.added", List.of("a", "b"),
                "shipshape.flags.added_count", 2L,
                "shipshape.flags.removed", List.of("gone"),
                "shipshape.flags.removed_count", 1L,
                "shipshape.flags.changed", List.of("y", "z"),
                "shipshape.flags.changed_count", 2L));
  }

  @Test
  void flagSourceFailuresCarryTheErrorAndTheException() {
    LogRecordData rejected =
        emitted(
            TelemetryEvents.sourceFailed(
                "flags.json", "/flags/x/defaultVariant: unknown variant 'maybe'", null,
                AT.minusSeconds(60), AT));
    assertThat(rejected.getEventName()).isEqualTo("shipshape.flag.source.failed");
    assertThat(rejected.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(rejected.getBodyValue().asString())
        .isEqualTo(
            "flag source 'flags.json' failed; the last good flags stay in use:"
                + " /flags/x/defaultVariant: unknown variant 'maybe'");
    assertThat(attributes(rejected))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "shipshape.flags.source", "flags.json",
                "shipshape.flags.failing_since", "2026-03-01T11:59:00Z",
                "error.type", "rejected",
                "error.message", "/flags/x/defaultVariant: unknown variant 'maybe'"));

    LogRecordData unreadable =
        emitted(
            TelemetryEvents.sourceFailed(
                "flags.json", "unreadable", new IOException("gone"), AT, AT));
    assertThat(attributes(unreadable))
        .containsEntry("error.type", "java.io.IOException")
        .containsEntry("exception.type", "java.io.IOException")
        .containsEntry("exception.message", "gone")
        .containsKey("exception.stacktrace");
  }

  @Test
  void aSourceFailureWhoseExceptionCannotBeReadIsStillReported() {
    LogRecordData r =
        emitted(
            TelemetryEvents.sourceFailed(
                "flags.json", "unreadable", new GuardedCallSpansTest.UnreadableException(), AT,
                AT));
    String type = GuardedCallSpansTest.UnreadableException.class.getName();
    assertThat(r.getEventName()).isEqualTo("shipshape.flag.source.failed");
    assertThat(attributes(r))
        .containsEntry("error.type", type)
        .containsEntry("error.message", "unreadable")
        .containsEntry("exception.type", type)
        .doesNotContainKeys("exception.message", "exception.stacktrace");
  }

  @Test
  void cutsLongNamesMessagesReasonsAndBodiesAtTheObjectValueLimit() {
    String tenMegabytes = "m".repeat(10_000_000);
    LogRecordData source =
        emitted(TelemetryEvents.sourceFailed("s".repeat(5_000), tenMegabytes, null, AT, AT));
    assertThat(source.getBodyValue().asString())
        .hasSize(1024)
        .startsWith("flag source 'sss");
    assertThat(attributes(source))
        .containsEntry("shipshape.flags.source", "s".repeat(1024))
        .containsEntry("error.message", "m".repeat(1024));

    LogRecordData health =
        emitted(
            HealthStatusChanged.ofCheck(
                "c".repeat(5_000), HealthStatus.UP, HealthStatus.DOWN, tenMegabytes, AT));
    assertThat(health.getBodyValue().asString()).hasSize(1024).startsWith("health check ccc");
    assertThat(attributes(health))
        .containsEntry("shipshape.health.check", "c".repeat(1024))
        .containsEntry("shipshape.health.message", "m".repeat(1024));

    LogRecordData rollout =
        emitted(
            new RolloutStepChanged(
                "r".repeat(5_000), "f".repeat(5_000), RolloutStepChanged.Transition.HALTED, 25.0,
                0.0, "x".repeat(1023) + "\ud83d\ude00", AT));
    assertThat(attributes(rollout))
        .containsEntry("shipshape.rollout.name", "r".repeat(1024))
        .containsEntry("feature_flag.key", "f".repeat(1024))
        .containsEntry("shipshape.rollout.reason", "x".repeat(1023));

    LogRecordData flags =
        emitted(TelemetryEvents.flagSetChanged(Set.of("a".repeat(5_000)), Set.of(), Set.of(), AT));
    assertThat(attributes(flags)).containsEntry("shipshape.flags.added", List.of("a".repeat(1024)));
  }

  @Test
  void aSourceThatKeepsFailingWarnsOncePerStreak() {
    Instant streak = AT.minusSeconds(60);
    assertThat(emitted(TelemetryEvents.sourceFailed("flags.json", "unreadable", null, streak, AT))
            .getSeverity())
        .isEqualTo(Severity.WARN);
    assertThat(
            emitted(
                    TelemetryEvents.sourceFailed(
                        "flags.json", "unreadable", null, streak, AT.plusSeconds(5)))
                .getSeverity())
        .as("the same streak")
        .isEqualTo(Severity.DEBUG);
    assertThat(
            emitted(TelemetryEvents.sourceFailed("other.json", "unreadable", null, streak, AT))
                .getSeverity())
        .as("another source")
        .isEqualTo(Severity.WARN);
    Instant next = AT.plusSeconds(600);
    assertThat(emitted(TelemetryEvents.sourceFailed("flags.json", "unreadable", null, next, next))
            .getSeverity())
        .as("a new streak after a recovery")
        .isEqualTo(Severity.WARN);
  }

  @Test
  void circuitBreakerOpeningIsAWarningAndClosingIsInformational() {
    LogRecordData open =
        emitted(
            new CircuitBreakerStateChanged(
                "payments",
                CircuitBreakerSnapshot.State.CLOSED,
                CircuitBreakerSnapshot.State.OPEN,
                AT));
    assertThat(open.getEventName()).isEqualTo("shipshape.guard.circuit_breaker.state.changed");
    assertThat(open.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(attributes(open))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "shipshape.guard.name", "payments",
                "shipshape.guard.circuit_breaker.from", "closed",
                "shipshape.guard.circuit_breaker.to", "open"));
    LogRecordData closed =
        emitted(
            new CircuitBreakerStateChanged(
                "payments",
                CircuitBreakerSnapshot.State.HALF_OPEN,
                CircuitBreakerSnapshot.State.CLOSED,
                AT));
    assertThat(closed.getSeverity()).isEqualTo(Severity.INFO);
  }
}
