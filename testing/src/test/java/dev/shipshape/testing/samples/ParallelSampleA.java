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
@FlagVariant(flag = "checkout-theme", variant = "dark")
public class ParallelSampleA {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @Test
  @FlagValue(flag = "max-items", value = "11")
  void first(Flags flags) throws Exception {
    ParallelRun.check("A.first", flags, "dark", 11);
  }

  @Test
  @FlagValue(flag = "max-items", value = "12")
  void second(Flags flags) throws Exception {
    ParallelRun.check("A.second", flags, "dark", 12);
  }

  @Test
  @FlagValue(flag = "max-items", value = "13")
  void third(Flags flags) throws Exception {
    ParallelRun.check("A.third", flags, "dark", 13);
  }

  @Test
  @FlagValue(flag = "max-items", value = "14")
  void fourth(Flags flags) throws Exception {
    ParallelRun.check("A.fourth", flags, "dark", 14);
  }
}
