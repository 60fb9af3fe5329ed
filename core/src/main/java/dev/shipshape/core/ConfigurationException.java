package dev.shipshape.core;

import java.util.List;

/**
 * Thrown by {@link Shipshape.Builder#build()} when the configuration is invalid. It lists every
 * problem found, each as {@code <setting> was '<value>' but <expected>}, so one run shows them all.
 */
public final class ConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable list of strings
  private final List<String> problems;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param problems at least one problem description
   */
  public ConfigurationException(List<String> problems) {
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
   * Every problem found, in the order the settings were given.
   *
   * @return an immutable, non-empty list
   */
  public List<String> problems() {
    return problems;
  }
}
