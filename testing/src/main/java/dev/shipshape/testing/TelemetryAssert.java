package dev.shipshape.testing;

import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.SloAlertChange;
import dev.shipshape.core.telemetry.SloAlertFired;
import dev.shipshape.core.telemetry.SloAlertResolved;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.slo.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on what a {@link TelemetryRecorder} saw: flag evaluations and their variants,
 * SLO alerts, health status changes and rollout steps. Start with {@link ShipshapeAssertions}.
 */
public final class TelemetryAssert extends AbstractObjectAssert<TelemetryAssert, TelemetryRecorder> {

  TelemetryAssert(TelemetryRecorder actual) {
    super(actual, TelemetryAssert.class);
  }

  /**
   * Checks that the flag was evaluated to the variant at least once.
   *
   * @param flag the flag key
   * @param variant the variant name
   * @return this assertion
   */
  public TelemetryAssert evaluated(String flag, String variant) {
    isNotNull();
    List<@Nullable String> seen = actual.variantsEvaluated(flag);
    if (!seen.contains(variant)) {
      failWithMessage(
          "Expected flag '%s' to be evaluated to variant '%s' but its evaluations gave %s",
          flag, variant, seen);
    }
    return this;
  }

  /**
   * Checks that the flag was evaluated, every time to the variant.
   *
   * @param flag the flag key
   * @param variant the variant name
   * @return this assertion
   */
  public TelemetryAssert evaluatedOnly(String flag, String variant) {
    isNotNull();
    List<@Nullable String> seen = actual.variantsEvaluated(flag);
    if (seen.isEmpty() || !seen.stream().allMatch(variant::equals)) {
      failWithMessage(
          "Expected flag '%s' to be evaluated only to variant '%s' but its evaluations gave %s",
          flag, variant, seen);
    }
    return this;
  }

  /**
   * Checks that the flag was never evaluated.
   *
   * @param flag the flag key
   * @return this assertion
   */
  public TelemetryAssert neverEvaluated(String flag) {
    isNotNull();
    List<FlagEvaluated> seen = actual.flagEvaluations(flag);
    if (!seen.isEmpty()) {
      failWithMessage(
          "Expected flag '%s' never to be evaluated but it was evaluated %s times, to %s",
          flag, seen.size(), actual.variantsEvaluated(flag));
    }
    return this;
  }

  /**
   * Checks that an alert pair of the SLO with this severity started firing.
   *
   * @param slo the SLO's name
   * @param severity page or ticket
   * @return this assertion
   */
  public TelemetryAssert firedAlert(String slo, Severity severity) {
    isNotNull();
    List<SloAlertFired> fired = actual.alertsFired(slo);
    if (fired.stream().noneMatch(e -> e.severity() == severity)) {
      failWithMessage(
          "Expected SLO '%s' to fire a %s alert but its alert changes were %s",
          slo, severity.label(), describe(actual.alertChanges(slo)));
    }
    return this;
  }

  /**
   * Checks that no alert pair of the SLO started firing.
   *
   * @param slo the SLO's name
   * @return this assertion
   */
  public TelemetryAssert firedNoAlert(String slo) {
    isNotNull();
    List<SloAlertFired> fired = actual.alertsFired(slo);
    if (!fired.isEmpty()) {
      failWithMessage(
          "Expected SLO '%s' to fire no alert but it fired %s", slo, describe(List.copyOf(fired)));
    }
    return this;
  }

  /**
   * Checks that an alert pair of the SLO with this severity stopped firing.
   *
   * @param slo the SLO's name
   * @param severity page or ticket
   * @return this assertion
   */
  public TelemetryAssert resolvedAlert(String slo, Severity severity) {
    isNotNull();
    List<SloAlertResolved> resolved = actual.alertsResolved(slo);
    if (resolved.stream().noneMatch(e -> e.severity() == severity)) {
      failWithMessage(
          "Expected a %s alert of SLO '%s' to resolve but its alert changes were %s",
          severity.label(), slo, describe(actual.alertChanges(slo)));
    }
    return this;
  }

  /**
   * Checks that the probe went through these statuses in this order (other changes may come in
   * between).
   *
   * @param probe the probe
   * @param statuses the statuses, in order
   * @return this assertion
   */
  public TelemetryAssert sawProbeStatuses(Probe probe, HealthStatus... statuses) {
    isNotNull();
    List<HealthStatus> seen = actual.statusesOf(probe);
    if (!isSubsequence(List.of(statuses), seen)) {
      failWithMessage(
          "Expected the %s probe to go through %s but it went through %s",
          probe.label(), List.of(statuses), seen);
    }
    return this;
  }

  /**
   * Checks that the check went through these statuses in this order (other changes may come in
   * between).
   *
   * @param check the check's name
   * @param statuses the statuses, in order
   * @return this assertion
   */
  public TelemetryAssert sawCheckStatuses(String check, HealthStatus... statuses) {
    isNotNull();
    List<HealthStatus> seen = actual.statusesOfCheck(check);
    if (!isSubsequence(List.of(statuses), seen)) {
      failWithMessage(
          "Expected check '%s' to go through %s but it went through %s",
          check, List.of(statuses), seen);
    }
    return this;
  }

  /**
   * Checks that the rollout went through these transitions in this order (others may come in
   * between).
   *
   * @param rollout the rollout's name
   * @param transitions the transitions, in order
   * @return this assertion
   */
  public TelemetryAssert sawRolloutTransitions(
      String rollout, RolloutStepChanged.Transition... transitions) {
    isNotNull();
    List<RolloutStepChanged.Transition> seen = actual.rolloutTransitions(rollout);
    if (!isSubsequence(List.of(transitions), seen)) {
      failWithMessage(
          "Expected rollout '%s' to go through %s but it went through %s",
          rollout, List.of(transitions), seen);
    }
    return this;
  }

  /**
   * Checks that the rollout's percentages went through these values in this order (others may
   * come in between).
   *
   * @param rollout the rollout's name
   * @param percents the percentages after each change, in order
   * @return this assertion
   */
  public TelemetryAssert sawRolloutPercents(String rollout, double... percents) {
    isNotNull();
    List<Double> expected = new ArrayList<>();
    for (double p : percents) {
      expected.add(p);
    }
    List<Double> seen = new ArrayList<>();
    for (RolloutStepChanged e : actual.rolloutSteps(rollout)) {
      seen.add(e.toPercent());
    }
    if (!isSubsequence(expected, seen)) {
      failWithMessage(
          "Expected rollout '%s' to reach %s in order but it went to %s", rollout, expected, seen);
    }
    return this;
  }

  /**
   * Checks that no event of this kind was recorded.
   *
   * @param kind the kind
   * @return this assertion
   */
  public TelemetryAssert hasNoEvents(TelemetryEvent.Kind kind) {
    isNotNull();
    List<? extends TelemetryEvent> seen = actual.events(kind.type());
    if (!seen.isEmpty()) {
      failWithMessage("Expected no %s events but there were %s: %s", kind, seen.size(), seen);
    }
    return this;
  }

  private static <T> boolean isSubsequence(List<T> wanted, List<T> seen) {
    int i = 0;
    for (T s : seen) {
      if (i < wanted.size() && Objects.equals(wanted.get(i), s)) {
        i++;
      }
    }
    return i == wanted.size();
  }

  private static String describe(List<? extends SloAlertChange> changes) {
    if (changes.isEmpty()) {
      return "[] (none)";
    }
    StringBuilder out = new StringBuilder();
    for (SloAlertChange c : changes) {
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "%n  %s %s %s/%s at %s (burn %.3f/%.3f, factor %.3f)",
              c.firing() ? "fired" : "resolved",
              c.severity().label(),
              MeterCatalogue.window(c.longWindow()),
              MeterCatalogue.window(c.shortWindow()),
              c.at(),
              c.longBurnRate(),
              c.shortBurnRate(),
              c.factor()));
    }
    return out.toString();
  }
}
