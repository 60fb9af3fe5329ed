package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.VariantOf;
import dev.shipshape.testing.VariantUnderTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

@Sample
@ShipshapeTest
public class TemplateSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @BeforeEach
  void themeBeforeEach(Flags flags, TestInfo info) {
    Observations.SEEN.put(
        "beforeEach:" + info.getDisplayName(), flags.stringValue("checkout-theme", "none"));
  }

  @ForEachVariant("checkout-theme")
  void everyTheme(VariantUnderTest variant, Flags flags, TestInfo info) {
    Observations.SEEN.put(
        info.getDisplayName(),
        variant + "|" + variant.value() + "|" + flags.stringValue("checkout-theme", "none"));
  }

  @ForEachVariant("new-checkout")
  @ForEachVariant(value = "checkout-theme", variants = {"classic", "dark"})
  void combinations(
      @VariantOf("new-checkout") String checkout,
      @VariantOf("checkout-theme") VariantUnderTest theme,
      Flags flags,
      TestInfo info) {
    Observations.SEEN.put(
        info.getDisplayName(),
        checkout
            + "/"
            + theme.variant()
            + "|"
            + flags.booleanValue("new-checkout", false)
            + "/"
            + flags.stringValue("checkout-theme", "none"));
  }

  @FlagVariant(flag = "new-checkout", variant = "on")
  @ForEachVariant(value = "new-checkout", variants = {"off"})
  void templateWinsOverAnnotation(Flags flags) {
    Observations.SEEN.put("templateWins", flags.booleanValue("new-checkout", true));
  }
}
