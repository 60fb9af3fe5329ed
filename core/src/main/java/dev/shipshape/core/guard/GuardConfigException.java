package dev.shipshape.core.guard;

import java.util.List;

/**
 * Thrown by {@link GuardConfig.Builder#build()} when a guard definition is invalid; it lists
 * every problem, each as {@code <setting> was '<value>' but <expected>}.
 */
public final class GuardConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable list of strings
  private final List<String> problems;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param guard the guard's name
   * @param problems at least one problem
   */
  public GuardConfigException(String guard, List<String> problems) {
    super("invalid guard '" + guard + "': " + String.join("; ", problems));
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
