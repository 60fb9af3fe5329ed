package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.Slo;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.StartAt;
import dev.shipshape.time.ManualClock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@Sample
@ShipshapeTest
@FlagVariant(flag = "checkout-theme", variant = "dark")
@StartAt("2026-05-01T00:00:00Z")
public class NestedSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @Test
  void outer(Flags flags, ManualClock clock) {
    Observations.SEEN.put("outer", flags.stringValue("checkout-theme", "none") + "|" + clock.instant());
  }

  @Nested
  @FlagVariant(flag = "new-checkout", variant = "on")
  @StartAt("2026-06-01T00:00:00Z")
  class Inner {

    @ShipshapeSetup
    void innerSlo(Shipshape.Builder app) {
      app.slo(Slo.named("inner").objective(0.99));
    }

    @Test
    void inner(Shipshape ship, ManualClock clock) {
      Observations.SEEN.put(
          "inner",
          ship.flags().stringValue("checkout-theme", "none")
              + "|"
              + ship.flags().booleanValue("new-checkout", false)
              + "|"
              + clock.instant()
              + "|"
              + ship.slos().stream().map(Slo::name).collect(Collectors.joining(",")));
    }
  }
}
