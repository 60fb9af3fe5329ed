package dev.shipshape.spring;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import java.util.List;

/**
 * Thrown at startup when the {@code shipshape.*} properties are invalid. It lists every problem
 * found, each naming the property as its setting: {@code <property> was '<value>' but
 * <expected>}.
 */
public final class InvalidShipshapePropertiesException extends InvalidConfigException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param problems at least one problem, each naming a property
   */
  public InvalidShipshapePropertiesException(List<ConfigProblem> problems) {
    super("invalid Shipshape configuration", problems);
  }
}
