package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.ShipshapeSetup;

/** The superclass of {@link SetupOrderSample}: its setup runs before the subclass's. */
public abstract class SetupOrderBase {

  @ShipshapeSetup
  static void base(Shipshape.Builder app) {
    SetupOrderSample.ORDER.add("superclass");
  }
}
