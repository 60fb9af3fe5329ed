package dev.shipshape.core.rollout;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import java.util.List;

/**
 * Thrown when a rollout definition is invalid, or names a flag without a two-way {@code
 * fractional} split or an SLO the application lacks; it lists every problem, each naming the
 * rollout's setting ({@code steps[0]}, {@code haltOn}).
 */
public final class RolloutConfigException extends InvalidConfigException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param flagKey the rollout's flag
   * @param problems at least one problem
   */
  public RolloutConfigException(String flagKey, List<ConfigProblem> problems) {
    super("invalid rollout of '" + flagKey + "'", problems);
  }
}
