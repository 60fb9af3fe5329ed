package dev.shipshape.testing;

import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.slo.AlertState;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.data.Offset;

/**
 * AssertJ assertions on a live {@link Slo}: its budget, burn rates over any window and its alert
 * pairs as of their last evaluation. Start with {@link ShipshapeAssertions}.
 */
public final class SloAssert extends AbstractObjectAssert<SloAssert, Slo> {

  SloAssert(Slo actual) {
    super(actual, SloAssert.class);
  }

  /**
   * Switches to assertions on a snapshot taken now.
   *
   * @return assertions on {@code actual.snapshot()}
   */
  public SloSnapshotAssert snapshot() {
    isNotNull();
    return new SloSnapshotAssert(actual.snapshot());
  }

  /**
   * Checks the fraction of the error budget left now.
   *
   * @param expected the expected fraction
   * @param offset the tolerance
   * @return this assertion
   */
  public SloAssert hasBudgetRemaining(double expected, Offset<Double> offset) {
    snapshot().hasBudgetRemaining(expected, offset);
    return this;
  }

  /**
   * Checks that the budget is spent now.
   *
   * @return this assertion
   */
  public SloAssert isExhausted() {
    snapshot().isExhausted();
    return this;
  }

  /**
   * Checks that budget is left now.
   *
   * @return this assertion
   */
  public SloAssert isNotExhausted() {
    snapshot().isNotExhausted();
    return this;
  }

  /**
   * Checks the burn rate over the last {@code window}.
   *
   * @param window for example one hour
   * @param expected the expected burn rate
   * @param offset the tolerance
   * @return this assertion
   */
  public SloAssert hasBurnRateOver(Duration window, double expected, Offset<Double> offset) {
    isNotNull();
    double rate = actual.burnRate(window);
    if (Math.abs(rate - expected) > offset.value) {
      failWithMessage(
          "Expected SLO '%s' to burn at %s over %s (within %s) but it burned at %s",
          actual.name(), expected, window(window), offset.value, SloSnapshotAssert.fmt(rate));
    }
    return this;
  }

  /**
   * Checks that the burn rate over the last {@code window} exceeds {@code threshold}.
   *
   * @param window for example one hour
   * @param threshold the rate to exceed, such as an alert's factor
   * @return this assertion
   */
  public SloAssert hasBurnRateAbove(Duration window, double threshold) {
    isNotNull();
    double rate = actual.burnRate(window);
    if (!(rate > threshold)) {
      failWithMessage(
          "Expected SLO '%s' to burn faster than %s over %s but it burned at %s",
          actual.name(), threshold, window(window), SloSnapshotAssert.fmt(rate));
    }
    return this;
  }

  /**
   * Checks that the burn rate over the last {@code window} is at most {@code limit}.
   *
   * @param window for example five minutes
   * @param limit the highest acceptable rate
   * @return this assertion
   */
  public SloAssert hasBurnRateAtMost(Duration window, double limit) {
    isNotNull();
    double rate = actual.burnRate(window);
    if (!(rate <= limit)) {
      failWithMessage(
          "Expected SLO '%s' to burn at most %s over %s but it burned at %s",
          actual.name(), limit, window(window), SloSnapshotAssert.fmt(rate));
    }
    return this;
  }

  /**
   * Checks that an alert pair of this severity is firing as of its last evaluation.
   *
   * @param severity page or ticket
   * @return this assertion
   */
  public SloAssert isFiring(Severity severity) {
    isNotNull();
    if (!actual.isFiring(severity)) {
      failWithMessage(
          "Expected SLO '%s' to be firing a %s alert but no %s pair was: %s",
          actual.name(), severity.label(), severity.label(), describe(actual.alertStates()));
    }
    return this;
  }

  /**
   * Checks that no alert pair of this severity is firing as of its last evaluation.
   *
   * @param severity page or ticket
   * @return this assertion
   */
  public SloAssert isNotFiring(Severity severity) {
    isNotNull();
    if (actual.isFiring(severity)) {
      failWithMessage(
          "Expected SLO '%s' not to be firing a %s alert but it was: %s",
          actual.name(), severity.label(), describe(actual.alertStates()));
    }
    return this;
  }

  /**
   * Checks that the pair with this long window is firing as of its last evaluation.
   *
   * @param longWindow the pair's long window, such as one hour
   * @return this assertion
   */
  public SloAssert isFiringOver(Duration longWindow) {
    isNotNull();
    AlertState state = pair(longWindow);
    if (!state.firing()) {
      failWithMessage(
          "Expected SLO '%s' to be firing its %s pair but it was not: %s",
          actual.name(), window(longWindow), describe(List.of(state)));
    }
    return this;
  }

  /**
   * Checks that the pair with this long window is not firing as of its last evaluation.
   *
   * @param longWindow the pair's long window, such as one hour
   * @return this assertion
   */
  public SloAssert isNotFiringOver(Duration longWindow) {
    isNotNull();
    AlertState state = pair(longWindow);
    if (state.firing()) {
      failWithMessage(
          "Expected SLO '%s' not to be firing its %s pair but it was: %s",
          actual.name(), window(longWindow), describe(List.of(state)));
    }
    return this;
  }

  private AlertState pair(Duration longWindow) {
    for (AlertState s : actual.alertStates()) {
      if (s.alert().longWindow().equals(longWindow)) {
        return s;
      }
    }
    failWithMessage(
        "Expected SLO '%s' to have an alert pair with long window %s but its pairs are: %s",
        actual.name(), window(longWindow), describe(actual.alertStates()));
    throw new AssertionError("unreachable");
  }

  private static String window(Duration window) {
    return MeterCatalogue.window(window);
  }

  private static String describe(List<AlertState> states) {
    StringBuilder out = new StringBuilder();
    for (AlertState s : states) {
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "%n  %s %s/%s factor %.3f: %s, burn %.3f/%.3f",
              s.alert().severity().label(),
              window(s.alert().longWindow()),
              window(s.alert().shortWindow()),
              s.alert().factor(),
              s.firing() ? "firing" : "not firing",
              s.longBurnRate(),
              s.shortBurnRate()));
    }
    return out.toString();
  }
}
