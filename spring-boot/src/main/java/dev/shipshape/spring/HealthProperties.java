package dev.shipshape.spring;

import dev.shipshape.core.health.Probe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code shipshape.health.*} properties: options of the health checks declared as HealthCheck
 * beans (bean name = check name), for all of them and by name.
 */
public class HealthProperties {

  /** Options applied to every check unless overridden under checks. */
  private Check defaults = new Check();

  /** Options by check (bean) name. */
  private Map<String, Check> checks = new LinkedHashMap<>();

  public Check getDefaults() {
    return defaults;
  }

  public void setDefaults(Check defaults) {
    this.defaults = defaults;
  }

  public Map<String, Check> getChecks() {
    return checks;
  }

  public void setChecks(Map<String, Check> checks) {
    this.checks = checks;
  }

  /**
   * One check's options; unset values fall back to shipshape.health.defaults, then to the
   * library's defaults that the descriptions name.
   */
  public static class Check {

    /** The probes the check belongs to (default readiness). */
    private @Nullable List<Probe> probes;

    /** How long the check may run before it is reported DOWN (default 2s). */
    private @Nullable Duration timeout;

    /** Whether a failure changes its probes' status (default true). */
    private @Nullable Boolean critical;

    /** How long a result is reused (default 0: run on every probe). */
    private @Nullable Duration cacheTtl;

    /** Run the check in the background at this interval and serve its latest result. */
    private @Nullable Duration refreshInterval;

    public @Nullable List<Probe> getProbes() {
      return probes;
    }

    public void setProbes(@Nullable List<Probe> probes) {
      this.probes = probes;
    }

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }

    public @Nullable Boolean getCritical() {
      return critical;
    }

    public void setCritical(@Nullable Boolean critical) {
      this.critical = critical;
    }

    public @Nullable Duration getCacheTtl() {
      return cacheTtl;
    }

    public void setCacheTtl(@Nullable Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
    }

    public @Nullable Duration getRefreshInterval() {
      return refreshInterval;
    }

    public void setRefreshInterval(@Nullable Duration refreshInterval) {
      this.refreshInterval = refreshInterval;
    }
  }
}
