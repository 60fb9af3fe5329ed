package dev.shipshape.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.core.telemetry.SloAlertFired;
import dev.shipshape.core.telemetry.SloAlertResolved;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.SloAlertEvent;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryRecorderTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static RolloutStepChanged step(Transition t, double from, double to) {
    return new RolloutStepChanged("new-checkout", "new-checkout", t, from, to, "schedule", T);
  }

  private static SloAlertFired fired(Severity severity) {
    return new SloAlertFired(
        new SloAlertEvent(
            "checkout", severity, Duration.ofHours(1), Duration.ofMinutes(5), 14.4, 20, 30, 0.03,
            0.05, T, null));
  }

  @Test
  void knowsWhichApplicationsSendItTheirTelemetry() {
    TelemetryRecorder recorder = TelemetryRecorder.create();
    try (Shipshape sending =
            Shipshape.builder()
                .clock(ManualClock.create())
                .logging(false)
                .telemetry(recorder)
                .build();
        Shipshape other = Shipshape.builder().clock(ManualClock.create()).logging(false).build()) {
      assertThat(recorder.isRegisteredWith(sending)).isTrue();
      assertThat(recorder.isRegisteredWith(other)).isFalse();
      assertThat(TelemetryRecorder.create().isRegisteredWith(sending)).isFalse();
    }
  }

  @Test
  void recordsTheFlagEvaluationsOfARealApplication() {
    TelemetryRecorder recorder = TelemetryRecorder.create();
    try (Shipshape ship =
        Shipshape.builder()
            .clock(ManualClock.create())
            .logging(false)
            .flags(FlagSource.classpath("flags.json"))
            .telemetry(recorder)
            .build()) {
      ship.flags().booleanValue("new-checkout", false, EvaluationContext.of("user-1"));
      ship.flags().overrides().setVariant("new-checkout", "on");
      ship.flags().booleanValue("new-checkout", false);
      ship.flags().stringValue("new-checkout", "wrong type");
    }

    assertThat(recorder.variantsEvaluated("new-checkout")).containsExactly("off", "on", null);
    assertThat(recorder.flagEvaluations("new-checkout").get(2).errorCode())
        .isEqualTo(dev.shipshape.flags.ErrorCode.TYPE_MISMATCH);
    ShipshapeAssertions.assertThat(recorder)
        .evaluated("new-checkout", "on")
        .neverEvaluated("checkout-theme");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(recorder).evaluatedOnly("new-checkout", "on"))
        .hasMessage(
            "Expected flag 'new-checkout' to be evaluated only to variant 'on' but its evaluations"
                + " gave [off, on, null]");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(recorder).evaluated("checkout-theme", "dark"))
        .hasMessage(
            "Expected flag 'checkout-theme' to be evaluated to variant 'dark' but its evaluations"
                + " gave []");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(recorder).neverEvaluated("new-checkout"))
        .hasMessageContaining("it was evaluated 3 times");
  }

  @Test
  void rolloutAssertionsCheckTheOrderOfSteps() {
    TelemetryRecorder recorder = TelemetryRecorder.create();
    recorder.accept(step(Transition.STARTED, 0, 1));
    recorder.accept(step(Transition.ADVANCED, 1, 5));
    recorder.accept(step(Transition.ADVANCED, 5, 25));
    recorder.accept(step(Transition.HALTED, 25, 25));
    recorder.accept(step(Transition.ROLLED_BACK, 25, 0));

    assertThat(recorder.rolloutTransitions("new-checkout"))
        .containsExactly(
            Transition.STARTED,
            Transition.ADVANCED,
            Transition.ADVANCED,
            Transition.HALTED,
            Transition.ROLLED_BACK);
    ShipshapeAssertions.assertThat(recorder)
        .sawRolloutTransitions("new-checkout", Transition.STARTED, Transition.HALTED, Transition.ROLLED_BACK)
        .sawRolloutPercents("new-checkout", 1, 5, 25, 0);
    assertThatThrownBy(
            () ->
                ShipshapeAssertions.assertThat(recorder)
                    .sawRolloutTransitions("new-checkout", Transition.HALTED, Transition.ADVANCED))
        .hasMessageContaining("to go through [HALTED, ADVANCED] but it went through [STARTED,");
    assertThatThrownBy(
            () -> ShipshapeAssertions.assertThat(recorder).sawRolloutPercents("new-checkout", 50, 100))
        .hasMessageContaining("to reach [50.0, 100.0] in order but it went to [1.0, 5.0, 25.0, 25.0, 0.0]");
    assertThatThrownBy(
            () -> ShipshapeAssertions.assertThat(recorder).hasNoEvents(TelemetryEvent.Kind.ROLLOUT_STEP_CHANGED))
        .hasMessageContaining("Expected no ROLLOUT_STEP_CHANGED events but there were 5");
  }

  @Test
  void alertAndHealthAssertionsSelectBySloSeverityProbeAndCheck() {
    TelemetryRecorder recorder = TelemetryRecorder.create();
    recorder.accept(fired(Severity.TICKET));
    recorder.accept(HealthStatusChanged.ofProbe(Probe.READINESS, null, HealthStatus.UP, T));
    recorder.accept(HealthStatusChanged.ofCheck("db", null, HealthStatus.UP, null, T));
    recorder.accept(HealthStatusChanged.ofProbe(Probe.READINESS, HealthStatus.UP, HealthStatus.DOWN, T));
    recorder.accept(
        new SloAlertResolved(
            new SloAlertEvent(
                "checkout", Severity.TICKET, Duration.ofHours(1), Duration.ofMinutes(5), 3, 1, 0,
                0, 0, T, null)));

    ShipshapeAssertions.assertThat(recorder)
        .firedAlert("checkout", Severity.TICKET)
        .resolvedAlert("checkout", Severity.TICKET)
        .firedNoAlert("search")
        .sawProbeStatuses(Probe.READINESS, HealthStatus.UP, HealthStatus.DOWN)
        .sawCheckStatuses("db", HealthStatus.UP);
    assertThat(recorder.statusesOf(Probe.LIVENESS)).isEmpty();
    assertThat(recorder.events(FlagEvaluated.class)).isEmpty();
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(recorder).firedAlert("checkout", Severity.PAGE))
        .hasMessageContaining("Expected SLO 'checkout' to fire a page alert but its alert changes were")
        .hasMessageContaining("fired ticket 1h/5m");
    assertThatThrownBy(() -> ShipshapeAssertions.assertThat(recorder).firedNoAlert("checkout"))
        .hasMessageContaining("to fire no alert but it fired");
    assertThatThrownBy(
            () ->
                ShipshapeAssertions.assertThat(recorder)
                    .sawProbeStatuses(Probe.READINESS, HealthStatus.DOWN, HealthStatus.UP))
        .hasMessage("Expected the readiness probe to go through [DOWN, UP] but it went through [UP, DOWN]");

    recorder.clear();
    assertThat(recorder.events()).isEmpty();
    assertThat(recorder.events(SloAlertFired.class)).isEmpty();
    assertThat(Map.of("recorder", recorder.toString())).containsEntry("recorder", "TelemetryRecorder{events=0}");
  }
}
