package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.VariantUnderTest;
import org.junit.jupiter.api.TestInstance;

@Sample
@ShipshapeTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class PerClassSample {

  private int setups;

  @ShipshapeSetup
  void application(Shipshape.Builder app) {
    setups++;
    SampleApp.configure(app);
  }

  @ForEachVariant("new-checkout")
  void discovered(VariantUnderTest variant, Flags flags) {
    Observations.SEEN.put(
        "perClass:" + variant.variant(), flags.booleanValue("new-checkout", false) + "|" + setups);
  }
}
