package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.Test;

@Sample
@ShipshapeTest
public class MissingSourceSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    app.logging(false).flags(FlagSource.classpath("no-such-flags.json"));
  }

  @Test
  @FlagVariant(flag = "new-checkout", variant = "on")
  void overrideOfAFlagFromAMissingFile() {
    Observations.SEEN.put("missing:ran", true);
  }

  @ForEachVariant("new-checkout")
  void templateOverAFlagFromAMissingFile() {
    Observations.SEEN.put("missing:template:ran", true);
  }
}
