package dev.shipshape.spring;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code shipshape.fleet.*} properties: the fleet gate that lets every instance of the
 * application serve the same step of a rollout, from the plan in the flag's metadata and the SLO
 * verdict of Prometheus' HTTP query API. Used when {@code shipshape-fleet} is on the class path
 * and {@code shipshape.fleet.prometheus} is set.
 */
@ConfigurationProperties("shipshape.fleet")
public class ShipshapeFleetProperties {

  /**
   * Base URL of Prometheus' HTTP API (Thanos Query the same; Mimir with its prefix, such as
   * http://mimir/prometheus).
   */
  private @Nullable URI prometheus;

  /** Flag keys of the rollouts (under shipshape.rollouts) that the fleet gate drives. */
  private List<String> rollouts = new ArrayList<>();

  /** How often each fleet rollout asks Prometheus; polls fall on whole multiples of it. */
  private Duration pollInterval = Duration.ofSeconds(30);

  /** The longest one query may take, shorter than the poll interval. */
  private Duration queryTimeout = Duration.ofSeconds(5);

  /**
   * How old the newest sample of each halting SLO's counter and rules may be before the verdict
   * counts as unreadable (the rollout then holds its step).
   */
  private Duration maxSampleAge = Duration.ofMinutes(2);

  /** Label matchers added to every series the gate reads, such as env="prod". */
  private List<String> matchers = new ArrayList<>();

  /** Headers sent with every query, such as X-Scope-OrgID for Mimir. */
  private Map<String, String> headers = new LinkedHashMap<>();

  /**
   * The {@code prometheus} setting.
   *
   * @return its value
   */
  public @Nullable URI getPrometheus() {
    return prometheus;
  }

  /**
   * Sets the {@code prometheus} setting.
   *
   * @param prometheus the value
   */
  public void setPrometheus(@Nullable URI prometheus) {
    this.prometheus = prometheus;
  }

  /**
   * The {@code rollouts} setting.
   *
   * @return its value
   */
  public List<String> getRollouts() {
    return rollouts;
  }

  /**
   * Sets the {@code rollouts} setting.
   *
   * @param rollouts the value
   */
  public void setRollouts(List<String> rollouts) {
    this.rollouts = rollouts;
  }

  /**
   * The {@code poll-interval} setting.
   *
   * @return its value
   */
  public Duration getPollInterval() {
    return pollInterval;
  }

  /**
   * Sets the {@code poll-interval} setting.
   *
   * @param pollInterval the value
   */
  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  /**
   * The {@code query-timeout} setting.
   *
   * @return its value
   */
  public Duration getQueryTimeout() {
    return queryTimeout;
  }

  /**
   * Sets the {@code query-timeout} setting.
   *
   * @param queryTimeout the value
   */
  public void setQueryTimeout(Duration queryTimeout) {
    this.queryTimeout = queryTimeout;
  }

  /**
   * The {@code max-sample-age} setting.
   *
   * @return its value
   */
  public Duration getMaxSampleAge() {
    return maxSampleAge;
  }

  /**
   * Sets the {@code max-sample-age} setting.
   *
   * @param maxSampleAge the value
   */
  public void setMaxSampleAge(Duration maxSampleAge) {
    this.maxSampleAge = maxSampleAge;
  }

  /**
   * The {@code matchers} setting.
   *
   * @return its value
   */
  public List<String> getMatchers() {
    return matchers;
  }

  /**
   * Sets the {@code matchers} setting.
   *
   * @param matchers the value
   */
  public void setMatchers(List<String> matchers) {
    this.matchers = matchers;
  }

  /**
   * The {@code headers} setting.
   *
   * @return its value
   */
  public Map<String, String> getHeaders() {
    return headers;
  }

  /**
   * Sets the {@code headers} setting.
   *
   * @param headers the value
   */
  public void setHeaders(Map<String, String> headers) {
    this.headers = headers;
  }
}
