package dev.shipshape.flags.archfixture;

import dev.shipshape.slo.archfixture.SloApi;

/** A flags class that uses the slo module, which DESIGN.md forbids. */
public final class UsesSlo {
  /** Names the forbidden dependency. */
  public String name() {
    return new SloApi().name();
  }
}
