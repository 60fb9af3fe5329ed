package dev.shipshape.testing.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.FlagValue;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@Sample
@ShipshapeTest
@FlagVariant(flag = "checkout-theme", variant = "dark")
public class OverrideSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @BeforeEach
  void seenBeforeEach(Shipshape ship, Flags flags, TestInfo info) {
    Observations.APPLICATIONS.add(ship);
    Observations.SEEN.put(
        "beforeEach:" + info.getTestMethod().orElseThrow().getName() + ":new-checkout",
        flags.booleanValue("new-checkout", false));
  }

  @Test
  @FlagVariant(flag = "new-checkout", variant = "on")
  void methodVariant(Flags flags) {
    Observations.SEEN.put("methodVariant:new-checkout", flags.booleanValue("new-checkout", false));
    Observations.SEEN.put("methodVariant:theme", flags.stringValue("checkout-theme", "none"));
  }

  @Test
  void classVariantOnly(Flags flags) {
    Observations.SEEN.put(
        "classVariantOnly:new-checkout", flags.booleanValue("new-checkout", true));
    Observations.SEEN.put("classVariantOnly:theme", flags.stringValue("checkout-theme", "none"));
  }

  @Test
  @FlagVariant(flag = "checkout-theme", variant = "holiday")
  void methodWinsOverClass(Flags flags) {
    Observations.SEEN.put("methodWinsOverClass:theme", flags.stringValue("checkout-theme", "none"));
  }

  @Test
  @FlagValue(flag = "max-items", value = "7")
  @FlagValue(flag = "limits", value = "{\"perMinute\": 3}")
  @FlagValue(flag = "new-checkout", value = "true")
  void values(Flags flags) {
    Observations.SEEN.put("values:max-items", flags.intValue("max-items", -1));
    Observations.SEEN.put("values:limits", flags.objectValue("limits", "none"));
    Observations.SEEN.put("values:new-checkout", flags.booleanValue("new-checkout", false));
  }

  @Test
  @FlagVariant(flag = "new-checkout", variant = "on")
  void failsWithOverrideSet(Flags flags) {
    Observations.SEEN.put(
        "failsWithOverrideSet:new-checkout", flags.booleanValue("new-checkout", false));
    assertThat(flags.booleanValue("new-checkout", false)).as("fails on purpose").isFalse();
  }
}
