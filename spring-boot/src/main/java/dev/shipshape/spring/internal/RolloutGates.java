package dev.shipshape.spring.internal;

import dev.shipshape.core.rollout.RolloutGate;
import java.util.List;

/**
 * The gate that drives some of the rollouts of {@code shipshape.rollouts}, by flag key.
 *
 * @param gate the gate
 * @param flagKeys the flags whose rollouts it drives
 * @param property the property that lists them, for problems
 */
public record RolloutGates(RolloutGate gate, List<String> flagKeys, String property) {

  /**
   * Copies the list.
   *
   * @param gate the gate
   * @param flagKeys the flag keys
   * @param property the property's name
   */
  public RolloutGates {
    flagKeys = List.copyOf(flagKeys);
  }
}
