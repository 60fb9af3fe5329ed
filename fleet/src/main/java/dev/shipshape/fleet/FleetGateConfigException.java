package dev.shipshape.fleet;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import java.util.List;

/**
 * Thrown by {@link FleetGate.Builder#build()} when the gate's settings are invalid; it lists every
 * problem, each naming the builder's setting ({@code prometheus}, {@code queryTimeout}, {@code
 * matchers[0]}), the same problems {@link FleetGate.Builder#problems()} returns.
 */
public final class FleetGateConfigException extends InvalidConfigException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param problems at least one problem
   */
  public FleetGateConfigException(List<ConfigProblem> problems) {
    super("invalid fleet gate", problems);
  }
}
