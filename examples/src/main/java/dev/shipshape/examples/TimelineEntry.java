package dev.shipshape.examples;

import java.time.Instant;

/**
 * One line of the simulation's timeline.
 *
 * @param at the simulated instant
 * @param kind what kind of event it is
 * @param text what happened, in words
 */
public record TimelineEntry(Instant at, Kind kind, String text) {

  /** The kinds of timeline events. */
  public enum Kind {
    /** A rollout transition: started, advanced, halted, rolled back, resumed, completed. */
    ROLLOUT,
    /** A burn-rate alert fired. */
    ALERT_FIRED,
    /** A burn-rate alert resolved. */
    ALERT_RESOLVED,
    /** A health check or probe changed status. */
    HEALTH,
    /** A guard's circuit breaker changed state. */
    BREAKER,
    /** Something the scenario did to the world: an incident, a fix, an outage. */
    SCENARIO,
    /** A daily summary of traffic and budget. */
    DAY
  }
}
