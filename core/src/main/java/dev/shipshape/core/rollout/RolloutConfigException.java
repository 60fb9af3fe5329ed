package dev.shipshape.core.rollout;

import java.util.List;

/**
 * Thrown when a rollout definition is invalid, or names a flag without a two-way {@code
 * fractional} split or an SLO the application lacks; it lists every problem, each as {@code
 * <setting> was '<value>' but <expected>}.
 */
public final class RolloutConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable list of strings
  private final List<String> problems;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param flagKey the rollout's flag
   * @param problems at least one problem
   */
  public RolloutConfigException(String flagKey, List<String> problems) {
    super("invalid rollout of '" + flagKey + "': " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Every problem found.
   *
   * @return an immutable list
   */
  public List<String> problems() {
    return problems;
  }
}
