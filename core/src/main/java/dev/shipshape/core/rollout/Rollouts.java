package dev.shipshape.core.rollout;

import java.util.Collection;
import java.util.Optional;

/** The application's progressive rollouts, one per flag key. */
public interface Rollouts {

  /**
   * The rollout of a flag.
   *
   * @param flagKey the flag's key
   * @return the rollout, or empty when the flag has none
   */
  Optional<Rollout> find(String flagKey);

  /**
   * The rollout of a flag.
   *
   * @param flagKey the flag's key
   * @return the rollout
   * @throws IllegalArgumentException if the flag has no rollout
   */
  Rollout get(String flagKey);

  /**
   * Every rollout, in the order they were configured.
   *
   * @return the rollouts
   */
  Collection<Rollout> all();
}
