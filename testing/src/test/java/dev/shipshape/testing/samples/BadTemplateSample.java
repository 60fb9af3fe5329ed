package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;

@Sample
@ShipshapeTest
public class BadTemplateSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @ForEachVariant("new-chekout")
  void misspelledFlag() {
    Observations.SEEN.put("BadTemplateSample:misspelledFlag:ran", true);
  }

  @ForEachVariant(value = "new-checkout", variants = {"on", "maybe"})
  void misspelledVariant() {
    Observations.SEEN.put("BadTemplateSample:misspelledVariant:ran", true);
  }

  @ForEachVariant(value = "new-checkout", variants = {"on", "off", "on"})
  void variantTwice() {
    Observations.SEEN.put("BadTemplateSample:variantTwice:ran", true);
  }

  @ForEachVariant(value = "new-checkout", variants = "on")
  @ForEachVariant(value = "new-checkout", variants = "off")
  void flagTwice() {
    Observations.SEEN.put("BadTemplateSample:flagTwice:ran", true);
  }
}
