package dev.shipshape.flags;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Thrown when flag definitions are invalid; lists every problem found, each located by a JSON
 * pointer, for example {@code /flags/new-checkout/defaultVariant: 'onn' is not a variant (on,
 * off)}.
 */
public final class FlagDefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String origin;
  // an array, since List is not Serializable
  private final String[] problems;

  /**
   * Creates the exception.
   *
   * @param origin the file, URL or resource the definitions came from
   * @param problems every problem found, each starting with a JSON pointer
   */
  public FlagDefinitionException(String origin, List<String> problems) {
    super(format(origin, problems));
    this.origin = origin;
    this.problems = problems.toArray(new String[0]);
  }

  private static String format(String origin, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append(origin).append(": ").append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems");
    for (String p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }

  /**
   * Names where the definitions came from.
   *
   * @return the origin given to the parser
   */
  public String origin() {
    return origin;
  }

  /**
   * Every problem found, in document order, each as {@code <json pointer>: <what is wrong>}.
   *
   * @return the problems, never empty
   */
  public List<String> problems() {
    return Collections.unmodifiableList(Arrays.asList(problems));
  }
}
