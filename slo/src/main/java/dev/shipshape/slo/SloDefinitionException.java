package dev.shipshape.slo;

import java.util.List;

/**
 * Thrown when an SLO definition, built in code or loaded from OpenSLO YAML, is invalid. It lists
 * every problem found, each as {@code <setting> was '<value>' but <expected>}.
 */
public final class SloDefinitionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The problems, in the order they were found. */
  @SuppressWarnings("serial") // an immutable list of strings
  private final List<String> problems;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param problems at least one problem description
   */
  public SloDefinitionException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  private static String message(List<String> problems) {
    StringBuilder sb = new StringBuilder("invalid SLO definition (");
    sb.append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }

  /**
   * Every problem found, each as {@code <setting> was '<value>' but <expected>}.
   *
   * @return an immutable, non-empty list
   */
  public List<String> problems() {
    return problems;
  }
}
