package dev.shipshape.core.rollout;

/**
 * Thrown by the controls of a rollout driven by a {@link RolloutGate}: pausing, resuming,
 * advancing or aborting it in one process would change that instance only, so the message names
 * the document to edit instead (for a fleet rollout, the plan in its flag's metadata).
 */
public final class RolloutControlRefusedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The refused control. */
  private final String control;

  /**
   * Creates the exception.
   *
   * @param control the refused control, such as {@code pause}
   * @param message why, naming the document to edit
   */
  public RolloutControlRefusedException(String control, String message) {
    super(message);
    this.control = control;
  }

  /**
   * The refused control.
   *
   * @return {@code pause}, {@code resume}, {@code advance} or {@code abort}
   */
  public String control() {
    return control;
  }
}
