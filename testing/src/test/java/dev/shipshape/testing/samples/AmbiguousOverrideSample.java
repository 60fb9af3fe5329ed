package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.FlagValue;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.Test;

@Sample
@ShipshapeTest
@FlagVariant(flag = "checkout-theme", variant = "holiday")
public class AmbiguousOverrideSample extends AmbiguousOverrideBase {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @Test
  void subclassWinsOverSuperclass(Flags flags) {
    Observations.SEEN.put("subclassWins", flags.stringValue("checkout-theme", "none"));
  }

  @Test
  @FlagVariant(flag = "new-checkout", variant = "on")
  @FlagVariant(flag = "new-checkout", variant = "off")
  void twoVariants(Flags flags) {
    Observations.SEEN.put("twoVariants:ran", flags.booleanValue("new-checkout", true));
  }

  @Test
  @FlagValue(flag = "new-checkout", value = "false")
  @FlagVariant(flag = "new-checkout", variant = "on")
  void valueAndVariant(Flags flags) {
    Observations.SEEN.put("valueAndVariant:ran", flags.booleanValue("new-checkout", true));
  }
}

@FlagVariant(flag = "checkout-theme", variant = "dark")
abstract class AmbiguousOverrideBase {}
