package dev.shipshape.flags;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import java.util.List;

/**
 * Thrown when flag definitions are invalid; lists every problem found, each located by a JSON
 * pointer as its setting, for example {@code /flags/new-checkout/defaultVariant was 'onn' but
 * must be a variant (on, off)}.
 */
public final class FlagDefinitionException extends InvalidConfigException {
  private static final long serialVersionUID = 1L;

  private final String origin;

  /**
   * Creates the exception.
   *
   * @param origin the file, URL or resource the definitions came from
   * @param problems every problem found, each located by a JSON pointer
   */
  public FlagDefinitionException(String origin, List<ConfigProblem> problems) {
    super("invalid flag definitions in " + origin, problems);
    this.origin = origin;
  }

  /**
   * Names where the definitions came from.
   *
   * @return the origin given to the parser
   */
  public String origin() {
    return origin;
  }
}
