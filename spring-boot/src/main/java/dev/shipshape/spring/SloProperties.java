package dev.shipshape.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code shipshape.slo.*} properties: SLO definitions, inline and from OpenSLO files, and how
 * often their burn-rate alerts are evaluated.
 */
public class SloProperties {

  // Defaults are written out so that the configuration metadata shows them;
  // ShipshapePropertiesDefaultsTest holds them equal to the library's.

  /** How often burn-rate alerts are evaluated. */
  private Duration evaluationInterval = Duration.ofSeconds(10);

  /** OpenSLO v1 YAML files: a file path or classpath:path/to/resource. */
  private List<String> files = new ArrayList<>();

  /** Inline SLO definitions by name. */
  private Map<String, Definition> definitions = new LinkedHashMap<>();

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

  public Map<String, Definition> getDefinitions() {
    return definitions;
  }

  public void setDefinitions(Map<String, Definition> definitions) {
    this.definitions = definitions;
  }

  /** One inline SLO, {@code shipshape.slo.definitions.<name>.*}. */
  public static class Definition {

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

    public @Nullable String getRunbookUrl() {
      return runbookUrl;
    }

    public void setRunbookUrl(@Nullable String runbookUrl) {
      this.runbookUrl = runbookUrl;
    }
  }
}
