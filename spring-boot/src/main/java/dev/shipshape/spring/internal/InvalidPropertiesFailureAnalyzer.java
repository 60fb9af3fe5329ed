package dev.shipshape.spring.internal;

import dev.shipshape.spring.InvalidShipshapePropertiesException;
import dev.shipshape.time.config.ConfigProblem;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup failure caused by invalid {@code shipshape.*} properties: every problem, each
 * naming its property, and what to do.
 */
public final class InvalidPropertiesFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidShipshapePropertiesException> {

  /** Creates the analyzer; Spring Boot calls it. */
  public InvalidPropertiesFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, InvalidShipshapePropertiesException cause) {
    StringBuilder description = new StringBuilder("Shipshape could not be configured:\n");
    for (ConfigProblem p : cause.problems()) {
      description.append("\n    ").append(p.message());
    }
    return new FailureAnalysis(
        description.toString(),
        "Correct the shipshape.* properties listed above (or the ShipshapeCustomizer beans that"
            + " set the same parts).",
        cause);
  }
}
