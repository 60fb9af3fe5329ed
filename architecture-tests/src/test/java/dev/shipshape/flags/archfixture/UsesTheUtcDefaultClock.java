package dev.shipshape.flags.archfixture;

import java.time.Clock;

/** A flags class that defaults to the UTC system clock, as builders document: allowed. */
public final class UsesTheUtcDefaultClock {
  /**
   * The documented default.
   *
   * @return the clock
   */
  public Clock clock() {
    return Clock.systemUTC();
  }
}
