package dev.shipshape.spring;

import java.util.List;

/**
 * Thrown at startup when the {@code shipshape.*} properties are invalid. It lists every problem
 * found, each naming the property: {@code <property> was '<value>' but <expected>}.
 */
public final class InvalidShipshapePropertiesException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable list of strings
  private final List<String> problems;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param problems at least one problem description
   */
  public InvalidShipshapePropertiesException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  private static String message(List<String> problems) {
    StringBuilder sb = new StringBuilder("invalid Shipshape configuration (");
    sb.append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }

  /**
   * Every problem found.
   *
   * @return an immutable, non-empty list
   */
  public List<String> problems() {
    return problems;
  }
}
