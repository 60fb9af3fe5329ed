package dev.shipshape.flags.archfixture;

import java.time.Clock;

/** A flags class that creates a system clock in the default zone instead of taking one. */
public final class ReadsTheDefaultZoneClock {
  /**
   * Creates the clock the forbidden way.
   *
   * @return the clock
   */
  public Clock clock() {
    return Clock.systemDefaultZone();
  }
}
