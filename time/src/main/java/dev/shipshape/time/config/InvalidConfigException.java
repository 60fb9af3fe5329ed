package dev.shipshape.time.config;

import java.util.List;

/**
 * Thrown when a definition is invalid; it lists every problem found, so one run shows them all.
 * Each module throws its own subtype (such as an SLO's or a guard's) so that callers can catch
 * what they expect; all of them carry the same {@link ConfigProblem}s in the same message format:
 *
 * <pre>
 * invalid guard 'payments' (2 problems)
 *   - timeout was 'PT-1S' but must be positive
 *   - retry.maxAttempts was '0' but must be at least 1
 * </pre>
 */
public abstract class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable list of serializable problems
  private final List<ConfigProblem> problems;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param subject what was invalid, such as {@code invalid guard 'payments'}
   * @param problems every problem, in the order they were found
   */
  protected InvalidConfigException(String subject, List<ConfigProblem> problems) {
    super(message(subject, problems));
    this.problems = List.copyOf(problems);
  }

  private static String message(String subject, List<ConfigProblem> problems) {
    StringBuilder sb = new StringBuilder(subject).append(" (").append(problems.size());
    sb.append(problems.size() == 1 ? " problem)" : " problems)");
    for (ConfigProblem p : problems) {
      sb.append("\n  - ").append(p.message());
    }
    return sb.toString();
  }

  /**
   * Every problem found, in the order they were found.
   *
   * @return an immutable list
   */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
