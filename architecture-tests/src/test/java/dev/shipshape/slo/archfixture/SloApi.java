package dev.shipshape.slo.archfixture;

/** Stands for a public slo type. */
public final class SloApi {
  /** A value to use. */
  public String name() {
    return "slo";
  }
}
