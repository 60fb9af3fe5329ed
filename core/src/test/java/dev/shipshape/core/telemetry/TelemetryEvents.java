package dev.shipshape.core.telemetry;

import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.Reason;
import dev.shipshape.flags.SourceFailure;
import dev.shipshape.slo.BudgetingMethod;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.SloAlertEvent;
import dev.shipshape.slo.SloSnapshot;
import dev.shipshape.slo.WindowEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Telemetry events for tests, built from the modules' own types as the facade builds them, and a
 * sink that records them.
 */
public final class TelemetryEvents {

  private TelemetryEvents() {}

  /** A flag evaluation without metadata; an error gets the message "went wrong". */
  public static FlagEvaluated evaluation(
      String flag,
      Object value,
      @Nullable String variant,
      Reason reason,
      @Nullable ErrorCode error,
      Instant at) {
    return new FlagEvaluated(
        new EvaluationDetails<>(
            flag, value, variant, reason, error, error == null ? null : "went wrong", Map.of()),
        at);
  }

  /** An alert pair of {@code slo} that started firing, without a runbook. */
  public static SloAlertFired fired(
      String slo,
      Severity severity,
      Duration longWindow,
      Duration shortWindow,
      double factor,
      double longBurnRate,
      double shortBurnRate,
      double windowBudgetConsumed,
      double periodBudgetConsumed,
      Instant at) {
    return new SloAlertFired(
        new SloAlertEvent(slo, severity, longWindow, shortWindow, factor, longBurnRate,
            shortBurnRate, windowBudgetConsumed, periodBudgetConsumed, at, null));
  }

  /** The same pair as {@code fired} stopped firing, with these burn rates and budget. */
  public static SloAlertResolved resolved(
      SloAlertFired fired, double longBurnRate, double shortBurnRate, double periodBudget,
      Instant at) {
    SloAlertEvent e = fired.alert();
    return new SloAlertResolved(
        new SloAlertEvent(e.slo(), e.severity(), e.longWindow(), e.shortWindow(), e.factor(),
            longBurnRate, shortBurnRate, e.windowBudgetConsumed(), periodBudget, at, null));
  }

  /** The budget of {@code slo} exhausted with the given counts. */
  public static SloBudgetExhausted exhausted(
      String slo,
      double objective,
      Duration window,
      long good,
      long bad,
      double budgetRemaining,
      Instant at) {
    double total = good + bad;
    return new SloBudgetExhausted(
        new SloSnapshot(slo, at, window, objective, BudgetingMethod.OCCURRENCES,
            new WindowEvents(good, bad), total == 0 ? 1.0 : good / total,
            (1 - objective) * total, bad, budgetRemaining, true, total == 0, 1.0, 1.0,
            Duration.ZERO));
  }

  /** A change of the effective flags. */
  public static FlagSetChanged flagSetChanged(
      Set<String> added, Set<String> removed, Set<String> changed, Instant at) {
    return new FlagSetChanged(new FlagSetChange(added, removed, changed, at));
  }

  /** A failed read of a flag source. */
  public static FlagSourceFailed sourceFailed(
      String source, String message, @Nullable Throwable cause, Instant since, Instant at) {
    return new FlagSourceFailed(new SourceFailure(source, message, cause, since), at);
  }

  /** A sink that wants the kinds {@code wanted} accepts and adds each event to {@code into}. */
  public static TelemetrySink recording(
      List<TelemetryEvent> into, Predicate<TelemetryEvent.Kind> wanted) {
    return new TelemetrySink() {
      @Override
      public void accept(TelemetryEvent event) {
        into.add(event);
      }

      @Override
      public boolean wants(TelemetryEvent.Kind kind) {
        return wanted.test(kind);
      }
    };
  }
}
