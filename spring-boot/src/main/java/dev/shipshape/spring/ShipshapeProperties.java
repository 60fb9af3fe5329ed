package dev.shipshape.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The shipshape.* application properties from which the starter builds the application's
 * Shipshape: flag sources, SLOs, guards, rollouts and health check options, one class per group.
 * Values are checked when the application starts; every problem is reported at once, each naming
 * its property.
 */
@ConfigurationProperties("shipshape")
public class ShipshapeProperties {

  /** Whether the starter builds a Shipshape instance at all. */
  private boolean enabled = true;

  /** Whether Shipshape's telemetry is logged through SLF4J. */
  private boolean logging = true;

  /** Feature flag sources. */
  @NestedConfigurationProperty private final FlagsProperties flags = new FlagsProperties();

  /** Service level objectives. */
  @NestedConfigurationProperty private final SloProperties slo = new SloProperties();

  /** Guards by name: Resilience4j patterns around calls to one dependency. */
  private final Map<String, GuardProperties> guards = new LinkedHashMap<>();

  /** Progressive rollouts by flag key. */
  private final Map<String, RolloutProperties> rollouts = new LinkedHashMap<>();

  /** Health checks: options of the application's HealthCheck beans. */
  @NestedConfigurationProperty private final HealthProperties health = new HealthProperties();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isLogging() {
    return logging;
  }

  public void setLogging(boolean logging) {
    this.logging = logging;
  }

  public FlagsProperties getFlags() {
    return flags;
  }

  public SloProperties getSlo() {
    return slo;
  }

  public Map<String, GuardProperties> getGuards() {
    return guards;
  }

  public Map<String, RolloutProperties> getRollouts() {
    return rollouts;
  }

  public HealthProperties getHealth() {
    return health;
  }
}
