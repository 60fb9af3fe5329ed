package dev.shipshape.flags;

/**
 * Receives what happens to flags. Every callback takes one event and has a no-op default;
 * implement only what you need. A listener that throws is logged once per cause, counted ({@link
 * Flags#listenerFailures()}) and never affects evaluation, reloads or the other listeners.
 *
 * <p>Evaluation events cost the caller: {@link #evaluated(EvaluationDetails)} is called, and its
 * argument built, only for listeners whose {@link #wantsEvaluations()} answers true when {@link
 * Flags} is built. With no such listener, evaluating a flag builds no details at all.
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
   * Called when a source's {@linkplain SourceStatus status} changed: it loaded for the first time,
   * started failing, or recovered (with or without a change of its flags). Called after the
   * change's {@link #flagSetChanged} and {@link #sourceFailed}, if any.
   *
   * @param change the status before and the source's state now
   */
  default void sourceStateChanged(SourceStateChange change) {}

  /**
   * Whether this listener wants {@link #evaluated(EvaluationDetails)}; asked once, when {@link
   * Flags} is built. False by default.
   *
   * @return true to receive every evaluation
   */
  default boolean wantsEvaluations() {
    return false;
  }

  /**
   * Called after each evaluation when {@link #wantsEvaluations()} is true. Keep it cheap: it runs
   * on the caller's thread.
   *
   * @param details the outcome
   */
  default void evaluated(EvaluationDetails<?> details) {}
}
