package dev.shipshape.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code shipshape.flags.*} properties: where flag definitions (flagd format) come from, how
 * often they are re-read, and when flags and sources count as stale.
 */
public class FlagsProperties {

  // Defaults are written out so that the configuration metadata shows them;
  // ShipshapePropertiesDefaultsTest holds them equal to the library's.

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

  /**
   * Headers sent with every request to a URL source, such as an Authorization for a document
   * behind authentication; never logged. With any, URL sources follow redirects only within
   * their own origin.
   */
  private Map<String, String> httpHeaders = new LinkedHashMap<>();

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

  /**
   * Sets how often file and URL sources are re-read.
   *
   * @param pollInterval zero to read once; null for the default of each kind of source
   */
  public void setPollInterval(@Nullable Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  public Duration getHttpTimeout() {
    return httpTimeout;
  }

  public void setHttpTimeout(Duration httpTimeout) {
    this.httpTimeout = httpTimeout;
  }

  public Map<String, String> getHttpHeaders() {
    return httpHeaders;
  }

  public void setHttpHeaders(Map<String, String> httpHeaders) {
    this.httpHeaders = httpHeaders;
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
