package dev.shipshape.flags.archfixture;

/** A flags class that reads the wall clock directly instead of the injected clock. */
public final class ReadsTheWallClock {
  /** Reads the time the forbidden way. */
  public long now() {
    return System.currentTimeMillis();
  }
}
