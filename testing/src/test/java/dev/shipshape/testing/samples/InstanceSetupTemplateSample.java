package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;

@Sample
@ShipshapeTest
public class InstanceSetupTemplateSample {

  @ShipshapeSetup
  void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @ForEachVariant("new-checkout")
  void discovered() {
    Observations.SEEN.put("discovered:ran", true);
  }

  @ForEachVariant(value = "new-checkout", variants = {"on", "off"})
  void listed() {
    Observations.SEEN.put("listed:ran", true);
  }
}
