package dev.shipshape.openfeature.internal;

import dev.shipshape.flags.SourceState;
import dev.shipshape.flags.SourceStatus;
import java.util.List;

/** Sums up the states of a provider's flag sources as one OpenFeature provider status. */
public final class SourceHealth {

  private SourceHealth() {}

  /** The provider status that the sources' states amount to. */
  public enum Status {
    /** Every source's last read succeeded. */
    READY,
    /** Some source failed; flags are served from what was loaded before or from other sources. */
    STALE,
    /** No source has ever loaded: only the callers' defaults can be served. */
    ERROR
  }

  /**
   * The status of a set of sources: READY when all are fresh, ERROR when none ever loaded,
   * otherwise STALE.
   *
   * @param states the sources' states
   * @return the status
   */
  public static Status of(List<SourceState> states) {
    boolean allFresh = true;
    boolean anyLoaded = false;
    for (SourceState s : states) {
      allFresh &= s.status() == SourceStatus.FRESH;
      anyLoaded |= s.lastLoaded() != null;
    }
    if (allFresh) {
      return Status.READY;
    }
    return anyLoaded ? Status.STALE : Status.ERROR;
  }

  /**
   * Describes the sources that are not fresh, for event and error messages: their names, states
   * and last errors (never user data).
   *
   * @param states the sources' states
   * @return the description
   */
  public static String describeProblems(List<SourceState> states) {
    StringBuilder sb = new StringBuilder();
    for (SourceState s : states) {
      if (s.status() == SourceStatus.FRESH) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append("flag source '").append(s.sourceName()).append("' is ");
      sb.append(s.status() == SourceStatus.STALE ? "stale" : "not loaded");
      if (s.staleSince() != null) {
        sb.append(" since ").append(s.staleSince());
      }
      if (s.lastError() != null) {
        sb.append(": ").append(s.lastError());
      }
    }
    return sb.length() == 0 ? "all flag sources are fresh" : sb.toString();
  }
}
