package dev.shipshape.slo;

/**
 * Receives alert changes and budget exhaustion from {@link Slo#evaluate()}. Every method has an
 * empty default, so implement only what you need. A listener that throws is logged once per cause
 * and never reaches the caller of {@code evaluate()}.
 */
public interface SloListener {

  /**
   * A burn-rate alert pair started firing.
   *
   * @param event the pair, its burn rates and the budget consumed
   */
  default void alertFired(SloAlertEvent event) {}

  /**
   * A burn-rate alert pair stopped firing.
   *
   * @param event the pair, its burn rates and the budget consumed
   */
  default void alertResolved(SloAlertEvent event) {}

  /**
   * The error budget over the SLO window became exhausted (it was not at the previous evaluation).
   *
   * @param snapshot the SLO's state at that evaluation
   */
  default void budgetExhausted(SloSnapshot snapshot) {}
}
