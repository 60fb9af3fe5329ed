package dev.shipshape.core.health;

/**
 * One named health check, such as a database ping. It should be quick and side-effect free; it
 * runs on a health executor thread under a timeout, so a check that blocks or throws never makes
 * a probe hang or fail: it is reported {@link HealthStatus#DOWN}.
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * Runs the check.
   *
   * @return the result; {@code null} is reported as {@code DOWN}
   * @throws Exception reported as {@code DOWN} with the exception's class and message
   */
  HealthResult check() throws Exception;

  /**
   * A check that is {@code UP} when {@code ping} returns normally and {@code DOWN} when it throws,
   * for dependencies that signal failure by throwing (a JDBC {@code isValid} wrapper, an HTTP ping).
   *
   * @param ping the operation to run
   * @return a check running {@code ping}
   */
  static HealthCheck of(Ping ping) {
    return () -> {
      ping.run();
      return HealthResult.up();
    };
  }

  /**
   * An operation that signals failure by throwing, for {@link HealthCheck#of(Ping)}.
   */
  @FunctionalInterface
  interface Ping {
    /**
     * Runs the operation.
     *
     * @throws Exception when the dependency is unhealthy
     */
    void run() throws Exception;
  }
}
