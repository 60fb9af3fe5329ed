package dev.shipshape.slo.internal.archfixture;

/** Stands for an slo implementation class. */
public final class SloInternals {
  /** A value to use. */
  public int size() {
    return 1;
  }
}
