package dev.shipshape.core.telemetry;

import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.internal.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs telemetry events through SLF4J 2's fluent API, with the event's fields as key-value pairs.
 * The facade registers it by default.
 *
 * <p>Levels are chosen so that a healthy service logs nothing per request: flag evaluations and
 * guarded calls are DEBUG only (and are not even produced unless DEBUG is enabled for their logger
 * when the facade is built); SLO alerts firing and budget exhaustion are WARN, resolution INFO; a
 * probe or check going {@code DOWN} is WARN and recovering INFO; a flag source failing is DEBUG,
 * because the flags module already logs each new source failure at WARN and each recovery at INFO.
 * Targeting keys and context attributes are never logged: events do not carry them.
 *
 * <p>Loggers: {@code dev.shipshape.telemetry.flags}, {@code .slo}, {@code .health}, {@code .guard}
 * and {@code .rollout}; set {@code dev.shipshape.telemetry} to tune them all.
 */
public final class Slf4jSink implements TelemetrySink {

  /** The common prefix of this sink's logger names. */
  public static final String LOGGER_PREFIX = "dev.shipshape.telemetry";

  private final Logger flags = LoggerFactory.getLogger(LOGGER_PREFIX + ".flags");
  private final Logger slo = LoggerFactory.getLogger(LOGGER_PREFIX + ".slo");
  private final Logger health = LoggerFactory.getLogger(LOGGER_PREFIX + ".health");
  private final Logger guard = LoggerFactory.getLogger(LOGGER_PREFIX + ".guard");
  private final Logger rollout = LoggerFactory.getLogger(LOGGER_PREFIX + ".rollout");

  private Slf4jSink() {}

  /**
   * A new SLF4J sink.
   *
   * @return the sink
   */
  public static Slf4jSink create() {
    return new Slf4jSink();
  }

  @Override
  public String name() {
    return "slf4j";
  }

  /**
   * Every kind, except flag evaluations and guarded calls when DEBUG is off for their loggers.
   *
   * @param kind a kind of event
   * @return whether this sink would log it
   */
  @Override
  public boolean wants(TelemetryEvent.Kind kind) {
    switch (kind) {
      case FLAG_EVALUATED:
        return flags.isDebugEnabled();
      case GUARDED_CALL_COMPLETED:
        return guard.isDebugEnabled();
      default:
        return true;
    }
  }

  @Override
  public void accept(TelemetryEvent event) {
    switch (event.kind()) {
      case FLAG_EVALUATED:
        flagEvaluated((FlagEvaluated) event);
        break;
      case FLAG_SET_CHANGED:
        flagSetChanged((FlagSetChanged) event);
        break;
      case FLAG_SOURCE_FAILED:
        flagSourceFailed((FlagSourceFailed) event);
        break;
      case SLO_ALERT_FIRED:
      case SLO_ALERT_RESOLVED:
        alert((SloAlertChange) event);
        break;
      case SLO_BUDGET_EXHAUSTED:
        budgetExhausted((SloBudgetExhausted) event);
        break;
      case HEALTH_STATUS_CHANGED:
        healthChanged((HealthStatusChanged) event);
        break;
      case GUARDED_CALL_COMPLETED:
        guardedCall((GuardedCallCompleted) event);
        break;
      case CIRCUIT_BREAKER_STATE_CHANGED:
        breaker((CircuitBreakerStateChanged) event);
        break;
      case ROLLOUT_STEP_CHANGED:
        rollout((RolloutStepChanged) event);
        break;
    }
  }

  private void flagEvaluated(FlagEvaluated e) {
    LoggingEventBuilder b =
        flags
            .atDebug()
            .setMessage("flag evaluated")
            .addKeyValue("flag", e.flagKey())
            .addKeyValue("variant", e.variant())
            .addKeyValue("reason", e.reason());
    if (e.errorCode() != null) {
      b = b.addKeyValue("errorCode", e.errorCode()).addKeyValue("errorMessage", e.errorMessage());
    }
    b.log();
  }

  private void flagSetChanged(FlagSetChanged e) {
    flags
        .atInfo()
        .setMessage("flags changed")
        .addKeyValue("added", sorted(e.added()))
        .addKeyValue("removed", sorted(e.removed()))
        .addKeyValue("changed", sorted(e.changed()))
        .log();
  }

  private void flagSourceFailed(FlagSourceFailed e) {
    flags
        .atDebug()
        .setMessage("flag source failed; serving the last good flags")
        .addKeyValue("source", e.source())
        .addKeyValue("error", e.message())
        .addKeyValue("since", e.since())
        .log();
  }

  private void alert(SloAlertChange e) {
    slo.atLevel(e.firing() ? Level.WARN : Level.INFO)
        .setMessage(e.firing() ? "SLO burn-rate alert fired" : "SLO burn-rate alert resolved")
        .addKeyValue("slo", e.slo())
        .addKeyValue("severity", e.severity())
        .addKeyValue("longWindow", Durations.label(e.longWindow()))
        .addKeyValue("shortWindow", Durations.label(e.shortWindow()))
        .addKeyValue("factor", e.factor())
        .addKeyValue("longBurnRate", round(e.longBurnRate()))
        .addKeyValue("shortBurnRate", round(e.shortBurnRate()))
        .addKeyValue("windowBudgetConsumed", round(e.windowBudgetConsumed()))
        .addKeyValue("periodBudgetConsumed", round(e.periodBudgetConsumed()))
        .log();
  }

  private void budgetExhausted(SloBudgetExhausted e) {
    slo.atWarn()
        .setMessage("SLO error budget exhausted")
        .addKeyValue("slo", e.slo())
        .addKeyValue("objective", e.objective())
        .addKeyValue("window", Durations.label(e.window()))
        .addKeyValue("good", e.good())
        .addKeyValue("bad", e.bad())
        .addKeyValue("budgetRemaining", round(e.budgetRemaining()))
        .log();
  }

  private void healthChanged(HealthStatusChanged e) {
    Level level;
    if (e.current() != HealthStatus.UP) {
      level = Level.WARN;
    } else {
      level = e.previous() == null ? Level.DEBUG : Level.INFO;
    }
    LoggingEventBuilder b = health.atLevel(level);
    if (e.probe() != null) {
      b = b.setMessage("health probe status changed").addKeyValue("probe", e.probe().label());
    } else {
      b = b.setMessage("health check status changed").addKeyValue("check", e.check());
    }
    b = b.addKeyValue("previous", e.previous()).addKeyValue("status", e.current());
    if (e.message() != null) {
      b = b.addKeyValue("message", e.message());
    }
    b.log();
  }

  private void guardedCall(GuardedCallCompleted e) {
    LoggingEventBuilder b =
        guard
            .atDebug()
            .setMessage("guarded call completed")
            .addKeyValue("guard", e.guard())
            .addKeyValue("outcome", e.outcome().label())
            .addKeyValue("attempts", e.attempts())
            .addKeyValue("durationMs", e.duration().toMillis())
            .addKeyValue("fallbackUsed", e.fallbackUsed());
    if (e.failure() != null) {
      b = b.addKeyValue("exception", e.failure().getClass().getName());
    }
    b.log();
  }

  private void breaker(CircuitBreakerStateChanged e) {
    boolean opened = e.to().contains("OPEN") && !e.to().equals("HALF_OPEN");
    guard
        .atLevel(opened ? Level.WARN : Level.INFO)
        .setMessage("circuit breaker state changed")
        .addKeyValue("guard", e.guard())
        .addKeyValue("from", e.from())
        .addKeyValue("to", e.to())
        .log();
  }

  private void rollout(RolloutStepChanged e) {
    boolean bad =
        e.transition() == RolloutStepChanged.Transition.HALTED
            || e.transition() == RolloutStepChanged.Transition.ROLLED_BACK;
    rollout
        .atLevel(bad ? Level.WARN : Level.INFO)
        .setMessage("rollout " + e.transition().label())
        .addKeyValue("rollout", e.rollout())
        .addKeyValue("flag", e.flag())
        .addKeyValue("transition", e.transition().label())
        .addKeyValue("fromPercent", e.fromPercent())
        .addKeyValue("toPercent", e.toPercent())
        .addKeyValue("reason", e.reason())
        .log();
  }

  private static String sorted(java.util.Set<String> keys) {
    return new java.util.TreeSet<>(keys).toString();
  }

  private static double round(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    return Math.round(value * 1000.0) / 1000.0;
  }
}
