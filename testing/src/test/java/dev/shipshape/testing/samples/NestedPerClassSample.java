package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.VariantUnderTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

@Sample
@ShipshapeTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class NestedPerClassSample {

  @ShipshapeSetup
  void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @Nested
  class Inner {

    @ForEachVariant("new-checkout")
    void discoveredThroughTheOuterInstance(VariantUnderTest variant, Flags flags) {
      Observations.SEEN.put(
          "nestedPerClass:" + variant.variant(), flags.booleanValue("new-checkout", false));
    }
  }
}
