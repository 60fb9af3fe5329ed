package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@Sample
@ShipshapeTest
public class LifecycleSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @BeforeAll
  static void tooEarly(Shipshape ship) {
    Observations.SEEN.put("tooEarly:ran", ship);
  }

  @Test
  void neverRuns() {
    Observations.SEEN.put("neverRuns:ran", true);
  }
}
