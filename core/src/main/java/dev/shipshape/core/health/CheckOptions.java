package dev.shipshape.core.health;

import dev.shipshape.core.ConfigurationException;
import dev.shipshape.time.internal.Problems;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one check is run and where it is reported: its probes, its timeout, whether it is critical,
 * and whether its result is cached for a time to live or refreshed in the background.
 *
 * <p>By default a check runs on every probe request (concurrent requests share one run) with a
 * two-second timeout and is critical. Built by {@link #builder()}, or {@link #of(Probe...)} for
 * the defaults.
 */
public final class CheckOptions {

  /** The timeout used when none is set: two seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final Set<Probe> probes;
  private final Duration timeout;
  private final boolean critical;
  private final Duration cacheTtl;
  private final @Nullable Duration refreshInterval;

  private CheckOptions(Builder b) {
    this.probes = Collections.unmodifiableSet(EnumSet.copyOf(b.probes));
    this.timeout = b.timeout;
    this.critical = b.critical;
    this.cacheTtl = b.cacheTtl;
    this.refreshInterval = b.refreshInterval;
  }

  /**
   * Default options for a check in {@code probes}.
   *
   * @param probes at least one probe
   * @return the options
   * @throws IllegalArgumentException if no probe is given
   */
  public static CheckOptions of(Probe... probes) {
    return builder().probes(probes).build();
  }

  /**
   * A builder with the defaults and no probe.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The probes this check is reported in.
   *
   * @return a non-empty set
   */
  public Set<Probe> probes() {
    return probes;
  }

  /**
   * How long a run may take before it is reported {@code DOWN}.
   *
   * @return a positive duration
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Whether this check's status counts towards its probes' status.
   *
   * @return false for a non-critical check
   */
  public boolean critical() {
    return critical;
  }

  /**
   * How long a result is reused before the check runs again; zero means every probe request
   * runs it.
   *
   * @return zero or a positive duration
   */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  /**
   * The interval at which the check runs in the background, or null when it runs on demand.
   *
   * @return the interval or null
   */
  public @Nullable Duration refreshInterval() {
    return refreshInterval;
  }

  @Override
  public String toString() {
    return "CheckOptions[probes="
        + probes
        + ", timeout="
        + timeout
        + ", critical="
        + critical
        + ", cacheTtl="
        + cacheTtl
        + ", refreshInterval="
        + refreshInterval
        + "]";
  }

  /** Collects check options; {@link #build()} validates them and reports every problem at once. */
  public static final class Builder {
    private final EnumSet<Probe> probes = EnumSet.noneOf(Probe.class);
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean critical = true;
    private Duration cacheTtl = Duration.ZERO;
    private @Nullable Duration refreshInterval;

    private Builder() {}

    /**
     * Adds probes the check is reported in.
     *
     * @param probes the probes
     * @return this builder
     */
    public Builder probes(Probe... probes) {
      this.probes.addAll(Arrays.asList(probes));
      return this;
    }

    /**
     * Sets the timeout (default two seconds). It counts from the start of the probe request that
     * runs the check (for a background refresh, from the refresh), so a probe answers at its start
     * plus the longest timeout however long the executor takes to get to the check.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Makes the check non-critical: reported, but its status does not change its probes' status.
     *
     * @return this builder
     */
    public Builder nonCritical() {
      this.critical = false;
      return this;
    }

    /**
     * Reuses each result for {@code ttl} (measured on the health clock) before running again.
     *
     * @param ttl zero (no caching) or a positive duration
     * @return this builder
     */
    public Builder cacheFor(Duration ttl) {
      this.cacheTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * Runs the check in the background every {@code interval} on the health scheduler, so a
     * probe only reads the latest result. Cannot be combined with {@link #cacheFor(Duration)}.
     *
     * @param interval a positive duration
     * @return this builder
     */
    public Builder refreshEvery(Duration interval) {
      this.refreshInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Validates and snapshots the options.
     *
     * @return the options
     * @throws ConfigurationException listing every problem found
     */
    public CheckOptions build() {
      Problems problems = new Problems();
      if (probes.isEmpty()) {
        problems.add("probes", "[]", "must name at least one of LIVENESS, READINESS, STARTUP");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        problems.add("timeout", timeout, "must be positive");
      }
      if (cacheTtl.isNegative()) {
        problems.add("cacheTtl", cacheTtl, "must be zero or positive");
      }
      if (refreshInterval != null) {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
          problems.add("refreshInterval", refreshInterval, "must be positive");
        }
        if (!cacheTtl.isZero()) {
          problems.add(
              "cacheTtl",
              cacheTtl,
              "must not be set together with refreshInterval (a background check always serves"
                  + " its latest result)");
        }
      }
      problems.throwIfAny(ConfigurationException::new);
      return new CheckOptions(this);
    }
  }
}
