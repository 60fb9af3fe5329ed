package dev.shipshape.core.rollout.internal;

import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.slo.AlertState;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloAlertEvent;
import dev.shipshape.slo.SloListener;
import dev.shipshape.slo.SloSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The SLOs that halt one rollout: whether they say it must halt now, and a listener that halts it
 * as soon as one of them fires a page alert (or, when the rollout says so, exhausts its budget),
 * each reason in the words the rollout's audit trail records.
 */
final class HaltingSlos {

  private final List<Slo> slos;
  private final boolean budgetExhaustedHalts;
  private final SloListener listener;

  /**
   * Creates the SLOs' verdict; nothing listens until {@link #listen()}.
   *
   * @param slos the halting SLOs
   * @param budgetExhaustedHalts whether an exhausted error budget halts the rollout too
   * @param halt halts the rollout, given the reason
   */
  HaltingSlos(List<Slo> slos, boolean budgetExhaustedHalts, Consumer<String> halt) {
    this.slos = List.copyOf(slos);
    this.budgetExhaustedHalts = budgetExhaustedHalts;
    this.listener =
        new SloListener() {
          @Override
          public void alertFired(SloAlertEvent event) {
            if (event.severity() == Severity.PAGE) {
              halt.accept(describe(event));
            }
          }

          @Override
          public void budgetExhausted(SloSnapshot snapshot) {
            if (budgetExhaustedHalts) {
              halt.accept(describe(snapshot));
            }
          }
        };
  }

  /** Starts halting the rollout when an SLO fires. */
  void listen() {
    for (Slo s : slos) {
      s.addListener(listener);
    }
  }

  /** Stops listening to the SLOs. */
  void stopListening() {
    for (Slo s : slos) {
      s.removeListener(listener);
    }
  }

  /** Why the rollout must halt now, or null when every halting SLO is healthy. */
  @Nullable String haltReason() {
    for (Slo s : slos) {
      for (AlertState a : s.alertStates()) {
        if (a.firing() && a.alert().severity() == Severity.PAGE) {
          return pageAlert(
              s.name(),
              "firing",
              a.alert().longWindow(),
              a.alert().shortWindow(),
              a.longBurnRate(),
              a.shortBurnRate(),
              a.alert().factor());
        }
      }
      if (budgetExhaustedHalts) {
        SloSnapshot snap = s.snapshot();
        if (snap.exhausted()) {
          return describe(snap);
        }
      }
    }
    return null;
  }

  private static String describe(SloAlertEvent e) {
    return pageAlert(
        e.slo(),
        "fired",
        e.longWindow(),
        e.shortWindow(),
        e.longBurnRate(),
        e.shortBurnRate(),
        e.factor());
  }

  /** Why a page alert halts the rollout: the pair, its burn rates and the threshold. */
  private static String pageAlert(
      String slo,
      String state,
      Duration longWindow,
      Duration shortWindow,
      double longBurnRate,
      double shortBurnRate,
      double factor) {
    String longLabel = MeterCatalogue.window(longWindow);
    String shortLabel = MeterCatalogue.window(shortWindow);
    return String.format(
        Locale.ROOT,
        "slo '%s' page alert %s/%s %s: burn rates %.2f (%s) and %.2f (%s) above %.2f",
        slo,
        longLabel,
        shortLabel,
        state,
        longBurnRate,
        longLabel,
        shortBurnRate,
        shortLabel,
        factor);
  }

  private static String describe(SloSnapshot s) {
    return String.format(
        Locale.ROOT,
        "slo '%s' error budget exhausted: %.1f%% remaining over %s",
        s.slo(),
        s.budgetRemaining() * 100.0,
        MeterCatalogue.window(s.window()));
  }
}
