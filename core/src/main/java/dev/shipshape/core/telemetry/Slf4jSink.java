package dev.shipshape.core.telemetry;

import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs telemetry events through SLF4J 2's fluent API, with the event's fields as key-value pairs.
 * The facade registers it by default.
 *
 * <p>Every line states its facts in the message text too ({@code health check 'db' UP -> DOWN:
 * timed out after 1s}), so that a plain console pattern that prints no key-value pairs still says
 * which check, SLO, flag or guard and why. Keys follow the meter catalogue's vocabulary ({@code
 * slo}, {@code severity}, {@code long_window}, {@code flag}, ...), windows are written {@code 1h},
 * enum values in lower case.
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
            .setMessage("flag '{}' evaluated: variant {}, reason {}")
            .addArgument(e.flagKey())
            .addArgument(MeterCatalogue.variant(e.variant()))
            .addArgument(MeterCatalogue.label(e.reason()))
            .addKeyValue("flag", e.flagKey())
            .addKeyValue("variant", e.variant())
            .addKeyValue("reason", MeterCatalogue.label(e.reason()));
    if (e.errorCode() != null) {
      b =
          b.addKeyValue("error", MeterCatalogue.error(e.errorCode()))
              .addKeyValue("error_message", e.errorMessage());
    }
    b.log();
  }

  private void flagSetChanged(FlagSetChanged e) {
    String added = sorted(e.added());
    String removed = sorted(e.removed());
    String changed = sorted(e.changed());
    flags
        .atInfo()
        .setMessage("flags changed: added {}, removed {}, changed {}")
        .addArgument(added)
        .addArgument(removed)
        .addArgument(changed)
        .addKeyValue("added", added)
        .addKeyValue("removed", removed)
        .addKeyValue("changed", changed)
        .log();
  }

  private void flagSourceFailed(FlagSourceFailed e) {
    flags
        .atDebug()
        .setMessage("flag source '{}' failed; serving its last good flags: {}")
        .addArgument(e.source())
        .addArgument(e.message())
        .addKeyValue("source", e.source())
        .addKeyValue("error", e.message())
        .addKeyValue("since", e.since())
        .log();
  }

  private void alert(SloAlertChange e) {
    String longWindow = MeterCatalogue.window(e.longWindow());
    String shortWindow = MeterCatalogue.window(e.shortWindow());
    String runbook = e.runbookUrl().orElse(null);
    StringBuilder message = new StringBuilder();
    message
        .append("SLO '")
        .append(e.slo())
        .append("' ")
        .append(e.severity().label())
        .append(" alert ")
        .append(longWindow)
        .append('/')
        .append(shortWindow)
        .append(e.firing() ? " fired: burn rates " : " resolved: burn rates ")
        .append(fixed(e.longBurnRate()))
        .append(" (")
        .append(longWindow)
        .append(") and ")
        .append(fixed(e.shortBurnRate()))
        .append(" (")
        .append(shortWindow)
        .append(e.firing() ? ") above " : ") not both above ")
        .append(fixed(e.factor()))
        .append("; ")
        .append(percent(e.periodBudgetConsumed()))
        .append(" of the budget spent");
    if (runbook != null) {
      message.append("; runbook ").append(runbook);
    }
    LoggingEventBuilder b =
        slo.atLevel(e.firing() ? Level.WARN : Level.INFO)
            .setMessage(message.toString())
            .addKeyValue("slo", e.slo())
            .addKeyValue("severity", e.severity().label())
            .addKeyValue("long_window", longWindow)
            .addKeyValue("short_window", shortWindow)
            .addKeyValue("factor", e.factor())
            .addKeyValue("long_burn_rate", round(e.longBurnRate()))
            .addKeyValue("short_burn_rate", round(e.shortBurnRate()))
            .addKeyValue("window_budget_consumed", round(e.windowBudgetConsumed()))
            .addKeyValue("period_budget_consumed", round(e.periodBudgetConsumed()));
    if (runbook != null) {
      b = b.addKeyValue("runbook_url", runbook);
    }
    b.log();
  }

  private void budgetExhausted(SloBudgetExhausted e) {
    String window = MeterCatalogue.window(e.window());
    slo.atWarn()
        .setMessage(
            "SLO '{}' error budget exhausted: {} bad of {} events over {} against objective {};"
                + " {} of the budget left")
        .addArgument(e.slo())
        .addArgument(e.bad())
        .addArgument(e.good() + e.bad())
        .addArgument(window)
        .addArgument(e.objective())
        .addArgument(percent(e.budgetRemaining()))
        .addKeyValue("slo", e.slo())
        .addKeyValue("objective", e.objective())
        .addKeyValue("window", window)
        .addKeyValue("good", e.good())
        .addKeyValue("bad", e.bad())
        .addKeyValue("budget_remaining", round(e.budgetRemaining()))
        .log();
  }

  private void healthChanged(HealthStatusChanged e) {
    Level level;
    if (e.current() != HealthStatus.UP) {
      level = Level.WARN;
    } else {
      level = e.previous() == null ? Level.DEBUG : Level.INFO;
    }
    Probe probe = e.probe();
    StringBuilder message = new StringBuilder("health ");
    if (probe != null) {
      message.append("probe ").append(probe.label()).append(' ');
    } else {
      message.append("check '").append(e.check()).append("' ");
    }
    if (e.previous() != null) {
      message.append(e.previous()).append(" -> ");
    }
    message.append(e.current());
    if (e.message() != null) {
      message.append(": ").append(e.message());
    }
    LoggingEventBuilder b = health.atLevel(level).setMessage(message.toString());
    if (probe != null) {
      b = b.addKeyValue("probe", probe.label());
    } else {
      b = b.addKeyValue("check", e.check());
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
            .setMessage("guard '{}' call {} after {} attempts in {} ms")
            .addArgument(e.guard())
            .addArgument(e.outcome().label())
            .addArgument(e.attempts())
            .addArgument(e.duration().toMillis())
            .addKeyValue("guard", e.guard())
            .addKeyValue("outcome", e.outcome().label())
            .addKeyValue("attempts", e.attempts())
            .addKeyValue("duration_ms", e.duration().toMillis())
            .addKeyValue("fallback_used", e.fallbackUsed());
    if (e.failure() != null) {
      b = b.addKeyValue("exception", e.failure().getClass().getName());
    }
    b.log();
  }

  private void breaker(CircuitBreakerStateChanged e) {
    guard
        .atLevel(e.opened() ? Level.WARN : Level.INFO)
        .setMessage("circuit breaker of guard '{}' {} -> {}")
        .addArgument(e.guard())
        .addArgument(e.from())
        .addArgument(e.to())
        .addKeyValue("guard", e.guard())
        .addKeyValue("from", MeterCatalogue.label(e.from()))
        .addKeyValue("to", MeterCatalogue.label(e.to()))
        .log();
  }

  private void rollout(RolloutStepChanged e) {
    boolean bad =
        e.transition() == RolloutStepChanged.Transition.HALTED
            || e.transition() == RolloutStepChanged.Transition.ROLLED_BACK
            || e.transition() == RolloutStepChanged.Transition.HELD;
    rollout
        .atLevel(bad ? Level.WARN : Level.INFO)
        .setMessage("rollout of flag '{}' {}: {}% -> {}% ({})")
        .addArgument(e.flag())
        .addArgument(e.transition().label())
        .addArgument(fixed(e.fromPercent()))
        .addArgument(fixed(e.toPercent()))
        .addArgument(e.reason())
        .addKeyValue("flag", e.flag())
        .addKeyValue("transition", e.transition().label())
        .addKeyValue("from_percent", e.fromPercent())
        .addKeyValue("to_percent", e.toPercent())
        .addKeyValue("reason", e.reason())
        .log();
  }

  /** At most two decimals, trailing zeros dropped: {@code 13.44}, {@code 25}, {@code 0.5}. */
  private static String fixed(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    return java.math.BigDecimal.valueOf(value)
        .setScale(2, java.math.RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** A fraction as a percentage with one decimal: {@code 44.6%}. */
  private static String percent(double fraction) {
    if (Double.isNaN(fraction) || Double.isInfinite(fraction)) {
      return Double.toString(fraction);
    }
    return String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100.0);
  }

  /** The keys {@link FlagSetChanged#listed listed}, and how many more there are. */
  private static String sorted(java.util.Set<String> keys) {
    java.util.List<String> listed = FlagSetChanged.listed(keys);
    int more = keys.size() - listed.size();
    String shown = String.join(", ", listed);
    return more == 0 ? "[" + shown + "]" : "[" + shown + ", and " + more + " more]";
  }

  private static double round(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    return Math.round(value * 1000.0) / 1000.0;
  }
}
