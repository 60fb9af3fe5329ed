package dev.shipshape.testing.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedConfigurationTest {

  /** The application's wiring, shared by every test class that registers it. */
  static void configureShipshape(Shipshape.Builder app) {
    app.flags(FlagSource.classpath("flags.json"));
  }

  @RegisterExtension
  static final ShipshapeExtension APP =
      ShipshapeExtension.configure(SharedConfigurationTest::configureShipshape);

  @Test
  @FlagVariant(flag = "checkout-theme", variant = "holiday")
  void holidayTheme(Flags flags) {
    assertThat(new Checkout(flags).theme()).isEqualTo("holiday");
  }
}
