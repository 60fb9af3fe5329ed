package dev.shipshape.core.health;

/**
 * The status of a check or a probe. When statuses are combined the most severe wins, in the order
 * Spring Boot uses: {@link #DOWN}, then {@link #OUT_OF_SERVICE}, then {@link #UP}.
 */
public enum HealthStatus {
  /** Working as expected. */
  UP(0),
  /** Deliberately taken out of service, for example while draining before shutdown. */
  OUT_OF_SERVICE(1),
  /** Not working. */
  DOWN(2);

  private final int severity;

  HealthStatus(int severity) {
    this.severity = severity;
  }

  /**
   * The more severe of this status and {@code other}.
   *
   * @param other the status to combine with
   * @return {@code DOWN} over {@code OUT_OF_SERVICE} over {@code UP}
   */
  public HealthStatus worst(HealthStatus other) {
    return other.severity > severity ? other : this;
  }
}
