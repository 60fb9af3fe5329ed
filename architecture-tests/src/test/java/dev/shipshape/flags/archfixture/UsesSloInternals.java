package dev.shipshape.flags.archfixture;

import dev.shipshape.slo.internal.archfixture.SloInternals;

/** A flags class that reaches into another module's internal package. */
public final class UsesSloInternals {
  /** Uses the internal class. */
  public int size() {
    return new SloInternals().size();
  }
}
