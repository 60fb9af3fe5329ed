package dev.shipshape.flags;

/**
 * Receives what happens to flags. Every method has a no-op default; implement only what you need.
 * A listener that throws is logged once per cause and never affects evaluation or reloads.
 * {@link #evaluated(EvaluationDetails)} is only called, and its argument only built, when a
 * registered listener overrides it.
 */
public interface FlagListener {

  /**
   * Called after a reload or override changed the effective flags.
   *
   * @param change the added, removed and changed keys
   */
  default void flagSetChanged(FlagSetChange change) {}

  /**
   * Called when a source could not be read or its content was rejected; the last good flags
   * stay in use.
   *
   * @param failure what failed
   */
  default void sourceFailed(SourceFailure failure) {}

  /**
   * Called after each evaluation when overridden. Keep it cheap: it runs on the caller's thread.
   *
   * @param details the outcome
   */
  default void evaluated(EvaluationDetails<?> details) {}
}
