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

  public Flags getFlags() {
    return flags;
  }

  public SloSettings getSlo() {
    return slo;
  }

  public Map<String, GuardSettings> getGuards() {
    return guards;
  }

  public Map<String, RolloutSettings> getRollouts() {
    return rollouts;
  }

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

    public List<String> getSources() {
      return sources;
    }

    public void setSources(List<String> sources) {
      this.sources = sources;
    }

    public @Nullable Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(@Nullable Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    public Duration getHttpTimeout() {
      return httpTimeout;
    }

    public void setHttpTimeout(Duration httpTimeout) {
      this.httpTimeout = httpTimeout;
    }

    public Duration getStaleAfter() {
      return staleAfter;
    }

    public void setStaleAfter(Duration staleAfter) {
      this.staleAfter = staleAfter;
    }

    public boolean isStaleCritical() {
      return staleCritical;
    }

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

    public Duration getEvaluationInterval() {
      return evaluationInterval;
    }

    public void setEvaluationInterval(Duration evaluationInterval) {
      this.evaluationInterval = evaluationInterval;
    }

    public List<String> getFiles() {
      return files;
    }

    public void setFiles(List<String> files) {
      this.files = files;
    }

    public Map<String, SloDefinitionSettings> getDefinitions() {
      return definitions;
    }

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

    public @Nullable Double getObjective() {
      return objective;
    }

    public void setObjective(@Nullable Double objective) {
      this.objective = objective;
    }

    public Duration getWindow() {
      return window;
    }

    public void setWindow(Duration window) {
      this.window = window;
    }

    public @Nullable Duration getLatencyThreshold() {
      return latencyThreshold;
    }

    public void setLatencyThreshold(@Nullable Duration latencyThreshold) {
      this.latencyThreshold = latencyThreshold;
    }

    public @Nullable String getService() {
      return service;
    }

    public void setService(@Nullable String service) {
      this.service = service;
    }

    public String getDescription() {
      return description;
    }

    public void setDescription(String description) {
      this.description = description;
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

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }

    public CircuitBreakerSettings getCircuitBreaker() {
      return circuitBreaker;
    }

    public RetrySettings getRetry() {
      return retry;
    }

    public BulkheadSettings getBulkhead() {
      return bulkhead;
    }

    public RateLimiterSettings getRateLimiter() {
      return rateLimiter;
    }

    public @Nullable String getSlo() {
      return slo;
    }

    public void setSlo(@Nullable String slo) {
      this.slo = slo;
    }

    public @Nullable String getKillSwitch() {
      return killSwitch;
    }

    public void setKillSwitch(@Nullable String killSwitch) {
      this.killSwitch = killSwitch;
    }

    public GuardConfig.BreakerCheck getBreakerCheck() {
      return breakerCheck;
    }

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

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable Float getFailureRateThreshold() {
      return failureRateThreshold;
    }

    public void setFailureRateThreshold(@Nullable Float failureRateThreshold) {
      this.failureRateThreshold = failureRateThreshold;
    }

    public @Nullable Integer getSlidingWindowSize() {
      return slidingWindowSize;
    }

    public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
      this.slidingWindowSize = slidingWindowSize;
    }

    public @Nullable Integer getMinimumNumberOfCalls() {
      return minimumNumberOfCalls;
    }

    public void setMinimumNumberOfCalls(@Nullable Integer minimumNumberOfCalls) {
      this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    public @Nullable Duration getWaitDurationInOpenState() {
      return waitDurationInOpenState;
    }

    public void setWaitDurationInOpenState(@Nullable Duration waitDurationInOpenState) {
      this.waitDurationInOpenState = waitDurationInOpenState;
    }

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

    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getWait() {
      return wait;
    }

    public void setWait(Duration wait) {
      this.wait = wait;
    }
  }

  /** A guard's bulkhead. */
  public static class BulkheadSettings {

    /** Calls allowed at once; unset means no bulkhead. */
    private @Nullable Integer maxConcurrentCalls;

    public @Nullable Integer getMaxConcurrentCalls() {
      return maxConcurrentCalls;
    }

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

    public @Nullable Integer getPermits() {
      return permits;
    }

    public void setPermits(@Nullable Integer permits) {
      this.permits = permits;
    }

    public Duration getPeriod() {
      return period;
    }

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

    public @Nullable List<Double> getSteps() {
      return steps;
    }

    public void setSteps(@Nullable List<Double> steps) {
      this.steps = steps;
    }

    public Duration getEvery() {
      return every;
    }

    public void setEvery(Duration every) {
      this.every = every;
    }

    public List<String> getHaltOn() {
      return haltOn;
    }

    public void setHaltOn(List<String> haltOn) {
      this.haltOn = haltOn;
    }

    public boolean isRollBackOnHalt() {
      return rollBackOnHalt;
    }

    public void setRollBackOnHalt(boolean rollBackOnHalt) {
      this.rollBackOnHalt = rollBackOnHalt;
    }

    public boolean isHaltOnBudgetExhausted() {
      return haltOnBudgetExhausted;
    }

    public void setHaltOnBudgetExhausted(boolean haltOnBudgetExhausted) {
      this.haltOnBudgetExhausted = haltOnBudgetExhausted;
    }

    public @Nullable String getVariant() {
      return variant;
    }

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

    public CheckSettings getDefaults() {
      return defaults;
    }

    public void setDefaults(CheckSettings defaults) {
      this.defaults = defaults;
    }

    public Map<String, CheckSettings> getChecks() {
      return checks;
    }

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
