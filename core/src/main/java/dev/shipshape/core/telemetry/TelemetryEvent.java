package dev.shipshape.core.telemetry;

import java.time.Instant;

/**
 * Something that happened in a Shipshape part, as delivered to a {@link TelemetrySink}. Every
 * event is an immutable record; {@link #kind()} tells which one, so a sink can switch on it.
 */
public sealed interface TelemetryEvent
    permits FlagEvaluated,
        FlagSetChanged,
        FlagSourceFailed,
        SloAlertChange,
        SloBudgetExhausted,
        HealthStatusChanged,
        GuardedCallCompleted,
        CircuitBreakerStateChanged,
        RolloutStepChanged {

  /**
   * Which kind of event this is.
   *
   * @return the kind, matching the record type
   */
  Kind kind();

  /**
   * When the event happened, read from the application's clock.
   *
   * @return the instant
   */
  Instant at();

  /** The kinds of telemetry event, one per record type. */
  enum Kind {
    /** A flag was evaluated ({@link FlagEvaluated}); produced only when a sink wants it. */
    FLAG_EVALUATED(FlagEvaluated.class),
    /** The effective flags changed after a reload or override ({@link FlagSetChanged}). */
    FLAG_SET_CHANGED(FlagSetChanged.class),
    /** A flag source could not be read or was rejected ({@link FlagSourceFailed}). */
    FLAG_SOURCE_FAILED(FlagSourceFailed.class),
    /** An SLO burn-rate alert pair started firing ({@link SloAlertFired}). */
    SLO_ALERT_FIRED(SloAlertFired.class),
    /** An SLO burn-rate alert pair stopped firing ({@link SloAlertResolved}). */
    SLO_ALERT_RESOLVED(SloAlertResolved.class),
    /** An SLO's error budget became exhausted ({@link SloBudgetExhausted}). */
    SLO_BUDGET_EXHAUSTED(SloBudgetExhausted.class),
    /** A health probe or check changed status ({@link HealthStatusChanged}). */
    HEALTH_STATUS_CHANGED(HealthStatusChanged.class),
    /** A guarded call finished ({@link GuardedCallCompleted}). */
    GUARDED_CALL_COMPLETED(GuardedCallCompleted.class),
    /** A guard's circuit breaker changed state ({@link CircuitBreakerStateChanged}). */
    CIRCUIT_BREAKER_STATE_CHANGED(CircuitBreakerStateChanged.class),
    /** A progressive rollout moved, halted or finished ({@link RolloutStepChanged}). */
    ROLLOUT_STEP_CHANGED(RolloutStepChanged.class);

    private final Class<? extends TelemetryEvent> type;

    Kind(Class<? extends TelemetryEvent> type) {
      this.type = type;
    }

    /**
     * The record type of events of this kind.
     *
     * @return the event class
     */
    public Class<? extends TelemetryEvent> type() {
      return type;
    }
  }
}
