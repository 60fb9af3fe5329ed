package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.VariantOf;
import dev.shipshape.testing.VariantUnderTest;

@Sample
@ShipshapeTest
public class VariantParameterSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @ForEachVariant(value = "new-checkout", variants = "on")
  void wrongType(@VariantOf("new-checkout") boolean on) {
    Observations.SEEN.put("wrongType:ran", on);
  }

  @ForEachVariant(value = "new-checkout", variants = "on")
  void flagNotInTheTemplate(@VariantOf("checkout-theme") String theme) {
    Observations.SEEN.put("flagNotInTheTemplate:ran", theme);
  }

  @ForEachVariant(value = "new-checkout", variants = "on")
  @ForEachVariant(value = "checkout-theme", variants = "dark")
  void whichFlag(VariantUnderTest variant) {
    Observations.SEEN.put("whichFlag:ran", variant);
  }
}
