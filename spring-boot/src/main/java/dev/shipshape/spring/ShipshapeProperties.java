package dev.shipshape.spring;

import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.health.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shipshape.* application properties from which the starter builds the application's
 * Shipshape: flag sources, SLOs, guards, rollouts and health check options. Values are
 * checked when the application starts; every problem is reported at once, each naming its
 * property.
 */
@ConfigurationProperties("shipshape")
public class ShipshapeProperties {

  /** Whether the starter builds a Shipshape instance at all. */
  private boolean enabled = true;

  /** Whether Shipshape's telemetry is logged through SLF4J. */
  private boolean logging = true;

  /** Feature flag sources. */
  private final Flags flags = new Flags();

  /** Service level objectives. */
  private final SloSettings slo = new SloSettings();

  /** Guards by name: Resilience4j patterns around calls to one dependency. */
  private final Map<String, GuardSettings> guards = new LinkedHashMap<>();

  /** Progressive rollouts by flag key. */
  private final Map<String, RolloutSettings> rollouts = new LinkedHashMap<>();

  /** Health checks: options of the application's HealthCheck beans. */
  private final HealthSettings health = new HealthSettings();

  /**
   * The {@code enabled} setting.
   *
   * @return its value
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets the {@code enabled} setting.
   *
   * @param enabled the value
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The {@code logging} setting.
   *
   * @return its value
   */
  public boolean isLogging() {
    return logging;
  }

  /**
   * Sets the {@code logging} setting.
   *
   * @param logging the value
   */
  public void setLogging(boolean logging) {
    this.logging = logging;
  }

  /**
   * The {@code flags} setting.
   *
   * @return its value
   */
  public Flags getFlags() {
    return flags;
  }

  /**
   * The {@code slo} setting.
   *
   * @return its value
   */
  public SloSettings getSlo() {
    return slo;
  }

  /**
   * The {@code guards} setting.
   *
   * @return its value
   */
  public Map<String, GuardSettings> getGuards() {
    return guards;
  }

  /**
   * The {@code rollouts} setting.
   *
   * @return its value
   */
  public Map<String, RolloutSettings> getRollouts() {
    return rollouts;
  }

  /**
   * The {@code health} setting.
   *
   * @return its value
   */
  public HealthSettings getHealth() {
    return health;
  }

  /** Where flag definitions (flagd format) come from and how often they are re-read. */
  public static class Flags {

    /**
     * Flag sources, later ones overriding earlier ones flag by flag: a file path (optionally
     * prefixed with file:), classpath:path/to/resource, or an http(s):// URL
     * polled with ETags.
     */
    private List<String> sources = new ArrayList<>();

    /**
     * How often file and URL sources are re-read; zero reads them once. Default: 5s for files,
     * 30s for URLs.
     */
    private @Nullable Duration pollInterval;

    /** Timeout of each request to a URL source. */
    private Duration httpTimeout = Duration.ofSeconds(5);

    /** Whether stale flag sources take readiness DOWN. */
    private boolean staleCritical = false;

    /** The flags endpoint lists flags not evaluated for this long as stale. */
    private Duration staleAfter = Duration.ofDays(7);

    /**
     * The {@code sources} setting.
     *
     * @return its value
     */
    public List<String> getSources() {
      return sources;
    }

    /**
     * Sets the {@code sources} setting.
     *
     * @param sources the value
     */
    public void setSources(List<String> sources) {
      this.sources = sources;
    }

    /**
     * The {@code poll-interval} setting.
     *
     * @return its value
     */
    public @Nullable Duration getPollInterval() {
      return pollInterval;
    }

    /**
     * Sets the {@code poll-interval} setting.
     *
     * @param pollInterval the value
     */
    public void setPollInterval(@Nullable Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    /**
     * The {@code http-timeout} setting.
     *
     * @return its value
     */
    public Duration getHttpTimeout() {
      return httpTimeout;
    }

    /**
     * Sets the {@code http-timeout} setting.
     *
     * @param httpTimeout the value
     */
    public void setHttpTimeout(Duration httpTimeout) {
      this.httpTimeout = httpTimeout;
    }

    /**
     * The {@code stale-after} setting.
     *
     * @return its value
     */
    public Duration getStaleAfter() {
      return staleAfter;
    }

    /**
     * Sets the {@code stale-after} setting.
     *
     * @param staleAfter the value
     */
    public void setStaleAfter(Duration staleAfter) {
      this.staleAfter = staleAfter;
    }

    /**
     * The {@code stale-critical} setting.
     *
     * @return its value
     */
    public boolean isStaleCritical() {
      return staleCritical;
    }

    /**
     * Sets the {@code stale-critical} setting.
     *
     * @param staleCritical the value
     */
    public void setStaleCritical(boolean staleCritical) {
      this.staleCritical = staleCritical;
    }
  }

  /** SLO definitions, inline and from OpenSLO files, and how often their alerts are evaluated. */
  public static class SloSettings {

    /** How often burn-rate alerts are evaluated. */
    private Duration evaluationInterval = Duration.ofSeconds(10);

    /** OpenSLO v1 YAML files: a file path or classpath:path/to/resource. */
    private List<String> files = new ArrayList<>();

    /** Inline SLO definitions by name. */
    private Map<String, SloDefinitionSettings> definitions = new LinkedHashMap<>();

    /**
     * The {@code evaluation-interval} setting.
     *
     * @return its value
     */
    public Duration getEvaluationInterval() {
      return evaluationInterval;
    }

    /**
     * Sets the {@code evaluation-interval} setting.
     *
     * @param evaluationInterval the value
     */
    public void setEvaluationInterval(Duration evaluationInterval) {
      this.evaluationInterval = evaluationInterval;
    }

    /**
     * The {@code files} setting.
     *
     * @return its value
     */
    public List<String> getFiles() {
      return files;
    }

    /**
     * Sets the {@code files} setting.
     *
     * @param files the value
     */
    public void setFiles(List<String> files) {
      this.files = files;
    }

    /**
     * The {@code definitions} setting.
     *
     * @return its value
     */
    public Map<String, SloDefinitionSettings> getDefinitions() {
      return definitions;
    }

    /**
     * Sets the {@code definitions} setting.
     *
     * @param definitions the value
     */
    public void setDefinitions(Map<String, SloDefinitionSettings> definitions) {
      this.definitions = definitions;
    }
  }

  /** One inline SLO. */
  public static class SloDefinitionSettings {

    /** The target ratio of good events, strictly between 0 and 1, such as 0.999. */
    private @Nullable Double objective;

    /** The rolling window the objective applies to (1h to 35d). */
    private Duration window = Duration.ofDays(28);

    /** Calls slower than this count as bad, when set. */
    private @Nullable Duration latencyThreshold;

    /** The service the SLO belongs to (a Prometheus label of the generated rules). */
    private @Nullable String service;

    /** A description for people. */
    private String description = "";

    /** Where on-call engineers find what to do when the SLO's alerts fire (an http(s) URL). */
    private @Nullable String runbookUrl;

    /**
     * The {@code objective} setting.
     *
     * @return its value
     */
    public @Nullable Double getObjective() {
      return objective;
    }

    /**
     * Sets the {@code objective} setting.
     *
     * @param objective the value
     */
    public void setObjective(@Nullable Double objective) {
      this.objective = objective;
    }

    /**
     * The {@code window} setting.
     *
     * @return its value
     */
    public Duration getWindow() {
      return window;
    }

    /**
     * Sets the {@code window} setting.
     *
     * @param window the value
     */
    public void setWindow(Duration window) {
      this.window = window;
    }

    /**
     * The {@code latency-threshold} setting.
     *
     * @return its value
     */
    public @Nullable Duration getLatencyThreshold() {
      return latencyThreshold;
    }

    /**
     * Sets the {@code latency-threshold} setting.
     *
     * @param latencyThreshold the value
     */
    public void setLatencyThreshold(@Nullable Duration latencyThreshold) {
      this.latencyThreshold = latencyThreshold;
    }

    /**
     * The {@code service} setting.
     *
     * @return its value
     */
    public @Nullable String getService() {
      return service;
    }

    /**
     * Sets the {@code service} setting.
     *
     * @param service the value
     */
    public void setService(@Nullable String service) {
      this.service = service;
    }

    /**
     * The {@code description} setting.
     *
     * @return its value
     */
    public String getDescription() {
      return description;
    }

    /**
     * Sets the {@code description} setting.
     *
     * @param description the value
     */
    public void setDescription(String description) {
      this.description = description;
    }

    /**
     * The {@code runbook-url} setting.
     *
     * @return its value
     */
    public @Nullable String getRunbookUrl() {
      return runbookUrl;
    }

    /**
     * Sets the {@code runbook-url} setting.
     *
     * @param runbookUrl the value
     */
    public void setRunbookUrl(@Nullable String runbookUrl) {
      this.runbookUrl = runbookUrl;
    }
  }

  /** One guard: each pattern is off unless configured. */
  public static class GuardSettings {

    /** Deadline of each attempt. */
    private @Nullable Duration timeout;

    /** Circuit breaker settings. */
    private final CircuitBreakerSettings circuitBreaker = new CircuitBreakerSettings();

    /** Retry settings. */
    private final RetrySettings retry = new RetrySettings();

    /** Bulkhead settings. */
    private final BulkheadSettings bulkhead = new BulkheadSettings();

    /** Rate limiter settings. */
    private final RateLimiterSettings rateLimiter = new RateLimiterSettings();

    /** The SLO every call is recorded in. */
    private @Nullable String slo;

    /** A boolean flag that, when off, sends calls straight to the fallback. */
    private @Nullable String killSwitch;

    /** How the circuit breaker's state shows up in readiness. */
    private GuardConfig.BreakerCheck breakerCheck = GuardConfig.BreakerCheck.NON_CRITICAL;

    /**
     * The {@code timeout} setting.
     *
     * @return its value
     */
    public @Nullable Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the {@code timeout} setting.
     *
     * @param timeout the value
     */
    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }

    /**
     * The {@code circuit-breaker} setting.
     *
     * @return its value
     */
    public CircuitBreakerSettings getCircuitBreaker() {
      return circuitBreaker;
    }

    /**
     * The {@code retry} setting.
     *
     * @return its value
     */
    public RetrySettings getRetry() {
      return retry;
    }

    /**
     * The {@code bulkhead} setting.
     *
     * @return its value
     */
    public BulkheadSettings getBulkhead() {
      return bulkhead;
    }

    /**
     * The {@code rate-limiter} setting.
     *
     * @return its value
     */
    public RateLimiterSettings getRateLimiter() {
      return rateLimiter;
    }

    /**
     * The {@code slo} setting.
     *
     * @return its value
     */
    public @Nullable String getSlo() {
      return slo;
    }

    /**
     * Sets the {@code slo} setting.
     *
     * @param slo the value
     */
    public void setSlo(@Nullable String slo) {
      this.slo = slo;
    }

    /**
     * The {@code kill-switch} setting.
     *
     * @return its value
     */
    public @Nullable String getKillSwitch() {
      return killSwitch;
    }

    /**
     * Sets the {@code kill-switch} setting.
     *
     * @param killSwitch the value
     */
    public void setKillSwitch(@Nullable String killSwitch) {
      this.killSwitch = killSwitch;
    }

    /**
     * The {@code breaker-check} setting.
     *
     * @return its value
     */
    public GuardConfig.BreakerCheck getBreakerCheck() {
      return breakerCheck;
    }

    /**
     * Sets the {@code breaker-check} setting.
     *
     * @param breakerCheck the value
     */
    public void setBreakerCheck(GuardConfig.BreakerCheck breakerCheck) {
      this.breakerCheck = breakerCheck;
    }
  }

  /** A guard's circuit breaker (Resilience4j defaults where unset). */
  public static class CircuitBreakerSettings {

    /** Whether the guard has a circuit breaker. */
    private boolean enabled = false;

    /** Failure rate in percent (0-100] at or above which the breaker opens. */
    private @Nullable Float failureRateThreshold;

    /** Number of calls in the count-based sliding window. */
    private @Nullable Integer slidingWindowSize;

    /** Calls needed in the window before the failure rate counts. */
    private @Nullable Integer minimumNumberOfCalls;

    /** How long the breaker stays open before letting trial calls through. */
    private @Nullable Duration waitDurationInOpenState;

    /** Trial calls allowed while half-open. */
    private @Nullable Integer permittedNumberOfCallsInHalfOpenState;

    /**
     * The {@code enabled} setting.
     *
     * @return its value
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets the {@code enabled} setting.
     *
     * @param enabled the value
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The {@code failure-rate-threshold} setting.
     *
     * @return its value
     */
    public @Nullable Float getFailureRateThreshold() {
      return failureRateThreshold;
    }

    /**
     * Sets the {@code failure-rate-threshold} setting.
     *
     * @param failureRateThreshold the value
     */
    public void setFailureRateThreshold(@Nullable Float failureRateThreshold) {
      this.failureRateThreshold = failureRateThreshold;
    }

    /**
     * The {@code sliding-window-size} setting.
     *
     * @return its value
     */
    public @Nullable Integer getSlidingWindowSize() {
      return slidingWindowSize;
    }

    /**
     * Sets the {@code sliding-window-size} setting.
     *
     * @param slidingWindowSize the value
     */
    public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
      this.slidingWindowSize = slidingWindowSize;
    }

    /**
     * The {@code minimum-number-of-calls} setting.
     *
     * @return its value
     */
    public @Nullable Integer getMinimumNumberOfCalls() {
      return minimumNumberOfCalls;
    }

    /**
     * Sets the {@code minimum-number-of-calls} setting.
     *
     * @param minimumNumberOfCalls the value
     */
    public void setMinimumNumberOfCalls(@Nullable Integer minimumNumberOfCalls) {
      this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    /**
     * The {@code wait-duration-in-open-state} setting.
     *
     * @return its value
     */
    public @Nullable Duration getWaitDurationInOpenState() {
      return waitDurationInOpenState;
    }

    /**
     * Sets the {@code wait-duration-in-open-state} setting.
     *
     * @param waitDurationInOpenState the value
     */
    public void setWaitDurationInOpenState(@Nullable Duration waitDurationInOpenState) {
      this.waitDurationInOpenState = waitDurationInOpenState;
    }

    /**
     * The {@code permitted-number-of-calls-in-half-open-state} setting.
     *
     * @return its value
     */
    public @Nullable Integer getPermittedNumberOfCallsInHalfOpenState() {
      return permittedNumberOfCallsInHalfOpenState;
    }

    public void setPermittedNumberOfCallsInHalfOpenState(
        @Nullable Integer permittedNumberOfCallsInHalfOpenState) {
      this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
    }
  }

  /** A guard's retry. */
  public static class RetrySettings {

    /** Attempts in all, including the first; unset means no retry. */
    private @Nullable Integer maxAttempts;

    /** Wait between attempts. */
    private Duration wait = Duration.ofMillis(500);

    /**
     * The {@code max-attempts} setting.
     *
     * @return its value
     */
    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets the {@code max-attempts} setting.
     *
     * @param maxAttempts the value
     */
    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /**
     * The {@code wait} setting.
     *
     * @return its value
     */
    public Duration getWait() {
      return wait;
    }

    /**
     * Sets the {@code wait} setting.
     *
     * @param wait the value
     */
    public void setWait(Duration wait) {
      this.wait = wait;
    }
  }

  /** A guard's bulkhead. */
  public static class BulkheadSettings {

    /** Calls allowed at once; unset means no bulkhead. */
    private @Nullable Integer maxConcurrentCalls;

    /**
     * The {@code max-concurrent-calls} setting.
     *
     * @return its value
     */
    public @Nullable Integer getMaxConcurrentCalls() {
      return maxConcurrentCalls;
    }

    /**
     * Sets the {@code max-concurrent-calls} setting.
     *
     * @param maxConcurrentCalls the value
     */
    public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
      this.maxConcurrentCalls = maxConcurrentCalls;
    }
  }

  /** A guard's rate limiter. */
  public static class RateLimiterSettings {

    /** Calls allowed per period; unset means no rate limiter. */
    private @Nullable Integer permits;

    /** The period the permits refresh on. */
    private Duration period = Duration.ofSeconds(1);

    /**
     * The {@code permits} setting.
     *
     * @return its value
     */
    public @Nullable Integer getPermits() {
      return permits;
    }

    /**
     * Sets the {@code permits} setting.
     *
     * @param permits the value
     */
    public void setPermits(@Nullable Integer permits) {
      this.permits = permits;
    }

    /**
     * The {@code period} setting.
     *
     * @return its value
     */
    public Duration getPeriod() {
      return period;
    }

    /**
     * Sets the {@code period} setting.
     *
     * @param period the value
     */
    public void setPeriod(Duration period) {
      this.period = period;
    }
  }

  /** One progressive rollout of a flag's two-way fractional split. */
  public static class RolloutSettings {

    /** Percentages the rollout moves through, increasing, each in (0, 100]. */
    private @Nullable List<Double> steps;

    /** Time between steps. */
    private Duration every = Duration.ofHours(1);

    /** SLOs whose page alert (or exhausted budget) halts the rollout. */
    private List<String> haltOn = new ArrayList<>();

    /** Whether a halt also sends the split back to zero percent. */
    private boolean rollBackOnHalt = false;

    /** Whether an exhausted error budget halts the rollout too. */
    private boolean haltOnBudgetExhausted = true;

    /** The variant being rolled out, when the split's variants are not on/off or true/false. */
    private @Nullable String variant;

    /**
     * The {@code steps} setting.
     *
     * @return its value
     */
    public @Nullable List<Double> getSteps() {
      return steps;
    }

    /**
     * Sets the {@code steps} setting.
     *
     * @param steps the value
     */
    public void setSteps(@Nullable List<Double> steps) {
      this.steps = steps;
    }

    /**
     * The {@code every} setting.
     *
     * @return its value
     */
    public Duration getEvery() {
      return every;
    }

    /**
     * Sets the {@code every} setting.
     *
     * @param every the value
     */
    public void setEvery(Duration every) {
      this.every = every;
    }

    /**
     * The {@code halt-on} setting.
     *
     * @return its value
     */
    public List<String> getHaltOn() {
      return haltOn;
    }

    /**
     * Sets the {@code halt-on} setting.
     *
     * @param haltOn the value
     */
    public void setHaltOn(List<String> haltOn) {
      this.haltOn = haltOn;
    }

    /**
     * The {@code roll-back-on-halt} setting.
     *
     * @return its value
     */
    public boolean isRollBackOnHalt() {
      return rollBackOnHalt;
    }

    /**
     * Sets the {@code roll-back-on-halt} setting.
     *
     * @param rollBackOnHalt the value
     */
    public void setRollBackOnHalt(boolean rollBackOnHalt) {
      this.rollBackOnHalt = rollBackOnHalt;
    }

    /**
     * The {@code halt-on-budget-exhausted} setting.
     *
     * @return its value
     */
    public boolean isHaltOnBudgetExhausted() {
      return haltOnBudgetExhausted;
    }

    /**
     * Sets the {@code halt-on-budget-exhausted} setting.
     *
     * @param haltOnBudgetExhausted the value
     */
    public void setHaltOnBudgetExhausted(boolean haltOnBudgetExhausted) {
      this.haltOnBudgetExhausted = haltOnBudgetExhausted;
    }

    /**
     * The {@code variant} setting.
     *
     * @return its value
     */
    public @Nullable String getVariant() {
      return variant;
    }

    /**
     * Sets the {@code variant} setting.
     *
     * @param variant the value
     */
    public void setVariant(@Nullable String variant) {
      this.variant = variant;
    }
  }

  /** Options of health checks declared as HealthCheck beans (bean name = check name). */
  public static class HealthSettings {

    /** Options applied to every check unless overridden under checks. */
    private CheckSettings defaults = new CheckSettings();

    /** Options by check (bean) name. */
    private Map<String, CheckSettings> checks = new LinkedHashMap<>();

    /**
     * The {@code defaults} setting.
     *
     * @return its value
     */
    public CheckSettings getDefaults() {
      return defaults;
    }

    /**
     * Sets the {@code defaults} setting.
     *
     * @param defaults the value
     */
    public void setDefaults(CheckSettings defaults) {
      this.defaults = defaults;
    }

    /**
     * The {@code checks} setting.
     *
     * @return its value
     */
    public Map<String, CheckSettings> getChecks() {
      return checks;
    }

    /**
     * Sets the {@code checks} setting.
     *
     * @param checks the value
     */
    public void setChecks(Map<String, CheckSettings> checks) {
      this.checks = checks;
    }
  }

  /** One check's options; unset values fall back to shipshape.health.defaults. */
  public static class CheckSettings {

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

    /**
     * The {@code probes} setting.
     *
     * @return its value
     */
    public @Nullable List<Probe> getProbes() {
      return probes;
    }

    /**
     * Sets the {@code probes} setting.
     *
     * @param probes the value
     */
    public void setProbes(@Nullable List<Probe> probes) {
      this.probes = probes;
    }

    /**
     * The {@code timeout} setting.
     *
     * @return its value
     */
    public @Nullable Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the {@code timeout} setting.
     *
     * @param timeout the value
     */
    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }

    /**
     * The {@code critical} setting.
     *
     * @return its value
     */
    public @Nullable Boolean getCritical() {
      return critical;
    }

    /**
     * Sets the {@code critical} setting.
     *
     * @param critical the value
     */
    public void setCritical(@Nullable Boolean critical) {
      this.critical = critical;
    }

    /**
     * The {@code cache-ttl} setting.
     *
     * @return its value
     */
    public @Nullable Duration getCacheTtl() {
      return cacheTtl;
    }

    /**
     * Sets the {@code cache-ttl} setting.
     *
     * @param cacheTtl the value
     */
    public void setCacheTtl(@Nullable Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
    }

    /**
     * The {@code refresh-interval} setting.
     *
     * @return its value
     */
    public @Nullable Duration getRefreshInterval() {
      return refreshInterval;
    }

    /**
     * Sets the {@code refresh-interval} setting.
     *
     * @param refreshInterval the value
     */
    public void setRefreshInterval(@Nullable Duration refreshInterval) {
      this.refreshInterval = refreshInterval;
    }
  }
}
