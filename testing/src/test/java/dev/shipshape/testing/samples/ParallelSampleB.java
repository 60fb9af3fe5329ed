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
public class ParallelSampleB {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @Test
  @FlagValue(flag = "max-items", value = "21")
  void first(Flags flags) throws Exception {
    ParallelRun.check("B.first", flags, "holiday", 21);
  }

  @Test
  @FlagValue(flag = "max-items", value = "22")
  void second(Flags flags) throws Exception {
    ParallelRun.check("B.second", flags, "holiday", 22);
  }

  @Test
  @FlagValue(flag = "max-items", value = "23")
  void third(Flags flags) throws Exception {
    ParallelRun.check("B.third", flags, "holiday", 23);
  }

  @Test
  @FlagValue(flag = "max-items", value = "24")
  void fourth(Flags flags) throws Exception {
    ParallelRun.check("B.fourth", flags, "holiday", 24);
  }
}
