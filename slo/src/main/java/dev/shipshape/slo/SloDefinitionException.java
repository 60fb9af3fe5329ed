package dev.shipshape.slo;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import java.util.List;

/**
 * Thrown when an SLO definition, built in code or loaded from OpenSLO YAML, is invalid. It lists
 * every problem found, each naming the setting ({@code objective}, {@code alerts[0].factor}) or,
 * in a YAML document, its location ({@code SLO 'checkout' spec.objectives}).
 */
public final class SloDefinitionException extends InvalidConfigException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param problems at least one problem
   */
  public SloDefinitionException(List<ConfigProblem> problems) {
    super("invalid SLO definition", problems);
  }
}
