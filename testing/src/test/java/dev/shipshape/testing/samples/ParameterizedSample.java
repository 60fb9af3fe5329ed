package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.VariantOf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Sample
@ShipshapeTest
public class ParameterizedSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @ParameterizedTest(name = "{0} with {1} items")
  @CsvSource({"on, 1", "on, 50", "off, 1"})
  void totals(@VariantOf("new-checkout") String variant, int items, Flags flags) {
    Observations.SEEN.put(
        "totals:" + variant + ":" + items, flags.booleanValue("new-checkout", false));
  }

  @ParameterizedTest
  @CsvSource({"maybe"})
  void unknownVariant(@VariantOf("new-checkout") String variant) {
    Observations.SEEN.put("unknownVariant:ran", true);
  }
}
