package dev.shipshape.flags;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import java.util.List;

/**
 * Thrown when the flags client is configured wrongly, as opposed to a flag document being invalid
 * ({@link FlagDefinitionException}): a {@link Flags.Builder} whose sources clash, {@link
 * FlagLimits} out of range, an HTTP source's URL or timings, an override that does not fit its
 * flag. It lists every problem, each naming the setting ({@code sources[1]}, {@code maxDepth},
 * {@code timeout}) as the builder, record or method names it.
 */
public final class FlagsConfigException extends InvalidConfigException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param what what was configured, such as {@code flag limits}; the message begins {@code invalid
   *     <what>}
   * @param problems at least one problem
   */
  public FlagsConfigException(String what, List<ConfigProblem> problems) {
    super("invalid " + what, problems);
  }
}
