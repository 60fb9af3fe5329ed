package dev.shipshape.core.health;

/**
 * The Kubernetes probes a check can be registered into. Each has its own endpoint path and its own
 * consequence when it fails, so choose carefully what goes where.
 */
public enum Probe {
  /**
   * Whether this process is alive. A failing liveness probe makes Kubernetes restart the
   * container, so liveness must hold only checks about this process itself (a deadlocked worker,
   * an exhausted heap), never external dependencies such as a database or another service: one
   * outage of a shared dependency would otherwise restart the whole fleet.
   */
  LIVENESS("liveness"),
  /**
   * Whether this instance should receive traffic. A failing readiness probe takes the instance
   * out of the load balancer without restarting it; dependencies the instance cannot serve
   * without belong here. {@link Health#drain()} takes it {@link HealthStatus#OUT_OF_SERVICE}.
   */
  READINESS("readiness"),
  /**
   * Whether the application has finished starting. It is {@link HealthStatus#DOWN} until every
   * critical startup check has passed once and {@link Health#markStarted()} was called; after
   * that it stays {@link HealthStatus#UP}. Kubernetes does not call the other probes before it
   * succeeds.
   */
  STARTUP("startup");

  private final String label;

  Probe(String label) {
    this.label = label;
  }

  /**
   * The probe's lower-case name, as used in logs and events.
   *
   * @return {@code liveness}, {@code readiness} or {@code startup}
   */
  public String label() {
    return label;
  }
}
