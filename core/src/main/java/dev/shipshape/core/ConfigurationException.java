package dev.shipshape.core;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import java.util.List;

/**
 * Thrown by {@link Shipshape.Builder#build()} when the configuration is invalid. It lists every
 * problem found, so one run shows them all. A problem in one of the application's parts has that
 * part's kind and name before its setting: {@code slos}, {@code guards}, {@code rollouts} or
 * {@code healthChecks}, then the name (or the flag key), as in {@code
 * guards.payments.retry.maxAttempts}; an SLO definition builder is named by its position, {@code
 * slo[3].objective}, and a problem in an OpenSLO file by the file, {@code sloFile '<path>': ...}.
 * A flag source is named by its position among the sources given to {@link
 * Shipshape.Builder#flags}, after {@code flags}: {@code flags.sources[1]}.
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
