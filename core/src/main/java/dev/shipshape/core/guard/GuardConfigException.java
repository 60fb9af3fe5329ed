package dev.shipshape.core.guard;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import java.util.List;

/**
 * Thrown by {@link GuardConfig.Builder#build()} when a guard definition is invalid; it lists
 * every problem, each naming the guard's setting ({@code timeout}, {@code retry.maxAttempts}).
 */
public final class GuardConfigException extends InvalidConfigException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param guard the guard's name
   * @param problems at least one problem
   */
  public GuardConfigException(String guard, List<ConfigProblem> problems) {
    super("invalid guard '" + guard + "'", problems);
  }
}
