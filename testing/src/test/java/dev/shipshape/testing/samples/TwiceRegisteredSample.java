package dev.shipshape.testing.samples;

import dev.shipshape.testing.ShipshapeExtension;
import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Sample
@ShipshapeTest
public class TwiceRegisteredSample {

  @RegisterExtension
  static final ShipshapeExtension APP = ShipshapeExtension.configure(SampleApp::configure);

  @Test
  void registeredTwice() {
    Observations.SEEN.put("registeredTwice:ran", true);
  }
}
