package dev.shipshape.testing;

import dev.shipshape.slo.SloSnapshot;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.data.Offset;

/** AssertJ assertions on an {@link SloSnapshot}; start with {@link ShipshapeAssertions}. */
public final class SloSnapshotAssert extends AbstractObjectAssert<SloSnapshotAssert, SloSnapshot> {

  SloSnapshotAssert(SloSnapshot actual) {
    super(actual, SloSnapshotAssert.class);
  }

  /**
   * Checks the fraction of the error budget left.
   *
   * @param expected the expected fraction (1.0 untouched, 0 spent, negative overspent)
   * @param offset the tolerance
   * @return this assertion
   */
  public SloSnapshotAssert hasBudgetRemaining(double expected, Offset<Double> offset) {
    isNotNull();
    if (Math.abs(actual.budgetRemaining() - expected) > offset.value) {
      failWithMessage(
          "Expected SLO '%s' to have budget remaining %s (within %s) but it was %s (%s)",
          actual.slo(), expected, offset.value, fmt(actual.budgetRemaining()), describe(actual));
    }
    return this;
  }

  /**
   * Checks that at least {@code minimum} of the budget is left.
   *
   * @param minimum the smallest acceptable fraction
   * @return this assertion
   */
  public SloSnapshotAssert hasBudgetRemainingAtLeast(double minimum) {
    isNotNull();
    if (!(actual.budgetRemaining() >= minimum)) {
      failWithMessage(
          "Expected SLO '%s' to have at least %s of its budget left but it had %s (%s)",
          actual.slo(), minimum, fmt(actual.budgetRemaining()), describe(actual));
    }
    return this;
  }

  /**
   * Checks that less than {@code limit} of the budget is left.
   *
   * @param limit the fraction the remaining budget must be below
   * @return this assertion
   */
  public SloSnapshotAssert hasBudgetRemainingBelow(double limit) {
    isNotNull();
    if (!(actual.budgetRemaining() < limit)) {
      failWithMessage(
          "Expected SLO '%s' to have less than %s of its budget left but it had %s (%s)",
          actual.slo(), limit, fmt(actual.budgetRemaining()), describe(actual));
    }
    return this;
  }

  /**
   * Checks that the budget is spent.
   *
   * @return this assertion
   */
  public SloSnapshotAssert isExhausted() {
    isNotNull();
    if (!actual.exhausted()) {
      failWithMessage(
          "Expected SLO '%s' to have exhausted its budget but %s of it was left (%s)",
          actual.slo(), fmt(actual.budgetRemaining()), describe(actual));
    }
    return this;
  }

  /**
   * Checks that budget is left.
   *
   * @return this assertion
   */
  public SloSnapshotAssert isNotExhausted() {
    isNotNull();
    if (actual.exhausted()) {
      failWithMessage(
          "Expected SLO '%s' to have budget left but it was exhausted (%s)",
          actual.slo(), describe(actual));
    }
    return this;
  }

  /**
   * Checks the SLI (good ratio) over the SLO window.
   *
   * @param expected the expected ratio
   * @param offset the tolerance
   * @return this assertion
   */
  public SloSnapshotAssert hasSli(double expected, Offset<Double> offset) {
    isNotNull();
    if (Math.abs(actual.sli() - expected) > offset.value) {
      failWithMessage(
          "Expected SLO '%s' to have SLI %s (within %s) but it was %s (%s)",
          actual.slo(), expected, offset.value, fmt(actual.sli()), describe(actual));
    }
    return this;
  }

  /**
   * Checks the burn rate over the whole SLO window.
   *
   * @param expected the expected burn rate
   * @param offset the tolerance
   * @return this assertion
   */
  public SloSnapshotAssert hasBurnRate(double expected, Offset<Double> offset) {
    isNotNull();
    if (Math.abs(actual.burnRate() - expected) > offset.value) {
      failWithMessage(
          "Expected SLO '%s' to burn at %s over its window (within %s) but it burned at %s (%s)",
          actual.slo(), expected, offset.value, fmt(actual.burnRate()), describe(actual));
    }
    return this;
  }

  /**
   * Checks the burn rate over the last five minutes.
   *
   * @param expected the expected burn rate
   * @param offset the tolerance
   * @return this assertion
   */
  public SloSnapshotAssert hasCurrentBurnRate(double expected, Offset<Double> offset) {
    isNotNull();
    if (Math.abs(actual.currentBurnRate() - expected) > offset.value) {
      failWithMessage(
          "Expected SLO '%s' to burn at %s now (within %s) but it burned at %s (%s)",
          actual.slo(), expected, offset.value, fmt(actual.currentBurnRate()), describe(actual));
    }
    return this;
  }

  /**
   * Checks the good and bad counts over the window.
   *
   * @param good the expected good count
   * @param bad the expected bad count
   * @return this assertion
   */
  public SloSnapshotAssert hasCounts(long good, long bad) {
    isNotNull();
    if (actual.counts().good() != good || actual.counts().bad() != bad) {
      failWithMessage(
          "Expected SLO '%s' to count %s good and %s bad but it counted %s good and %s bad",
          actual.slo(), good, bad, actual.counts().good(), actual.counts().bad());
    }
    return this;
  }

  /**
   * Checks that the window holds no events.
   *
   * @return this assertion
   */
  public SloSnapshotAssert hasNoData() {
    isNotNull();
    if (!actual.noData()) {
      failWithMessage(
          "Expected SLO '%s' to have no data but it had %s", actual.slo(), describe(actual));
    }
    return this;
  }

  /** A number as a reader wants it in a message: six significant digits, no float noise. */
  static String fmt(double d) {
    if (!Double.isFinite(d)) {
      return Double.toString(d);
    }
    return new java.math.BigDecimal(d)
        .round(new java.math.MathContext(6))
        .stripTrailingZeros()
        .toPlainString();
  }

  static String describe(SloSnapshot s) {
    return String.format(
        java.util.Locale.ROOT,
        "good=%d, bad=%d, sli=%.6f, budgetRemaining=%.4f, burnRate=%.3f, currentBurnRate=%.3f",
        s.counts().good(),
        s.counts().bad(),
        s.sli(),
        s.budgetRemaining(),
        s.burnRate(),
        s.currentBurnRate());
  }
}
