package dev.shipshape.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code shipshape.rollouts.<flag-key>.*} properties: one progressive rollout of a flag's
 * two-way fractional split, and the SLOs that halt it.
 */
public class RolloutProperties {

  // Defaults are written out so that the configuration metadata shows them;
  // ShipshapePropertiesDefaultsTest holds them equal to the library's.

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

  /**
   * Sets the percentages the rollout moves through.
   *
   * @param steps the percentages; null for the library's default steps
   */
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
