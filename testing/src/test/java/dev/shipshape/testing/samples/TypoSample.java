package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.FlagValue;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.Test;

@Sample
@ShipshapeTest
public class TypoSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @Test
  @FlagVariant(flag = "new-chekout", variant = "on")
  void misspelledFlag() {
    Observations.SEEN.put("misspelledFlag:ran", true);
  }

  @Test
  @FlagVariant(flag = "new-checkout", variant = "maybe")
  @FlagValue(flag = "max-items", value = "lots")
  @FlagValue(flag = "new-checkout", value = "yes")
  void badVariantAndValues() {
    Observations.SEEN.put("badVariantAndValues:ran", true);
  }

  @Test
  @FlagValue(flag = "max-items", value = "7f")
  void javaLiteralNumber() {
    Observations.SEEN.put("javaLiteralNumber:ran", true);
  }
}
