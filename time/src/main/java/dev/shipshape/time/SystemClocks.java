package dev.shipshape.time;

import java.time.Clock;

/** Recognises the JDK's system clock, whatever its zone. */
final class SystemClocks {

  private static final Class<?> SYSTEM_CLOCK_CLASS = Clock.systemUTC().getClass();

  private SystemClocks() {}

  static boolean isSystemClock(Clock clock) {
    return clock.getClass() == SYSTEM_CLOCK_CLASS;
  }
}
