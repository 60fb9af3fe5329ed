package dev.shipshape.core;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import java.util.List;

/**
 * Thrown by {@link Shipshape.Builder#build()} when the configuration is invalid. It lists every
 * problem found, so one run shows them all. A problem in one of the application's parts has that
 * part's kind and name before its setting: {@code slos}, {@code guards}, {@code rollouts} or
 * {@code healthChecks}, then the name (or the flag key), as in {@code
 * guards.payments.retry.maxAttempts}; an SLO that has no name yet is named by its position,
 * {@code slos.#1}, and an OpenSLO file by its path, {@code sloFiles.<path>}.
 */
public final class ConfigurationException extends InvalidConfigException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @param problems at least one problem
   */
  public ConfigurationException(List<ConfigProblem> problems) {
    super("invalid Shipshape configuration", problems);
  }
}
