package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Sample
@ShipshapeTest
public class MixedTemplateSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @Test
  @ForEachVariant("new-checkout")
  void alsoATest() {
    Observations.SEEN.put("alsoATest:ran", true);
  }

  @RepeatedTest(2)
  @ForEachVariant("new-checkout")
  void alsoRepeated() {
    Observations.SEEN.put("alsoRepeated:ran", true);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 50})
  @ForEachVariant("new-checkout")
  void alsoParameterized(int items) {
    Observations.SEEN.put("alsoParameterized:ran", items);
  }
}
