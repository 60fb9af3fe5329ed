package dev.shipshape.testing.readme;

import static dev.shipshape.testing.ShipshapeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.FlagValue;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.testing.VariantOf;
import dev.shipshape.testing.VariantUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ShipshapeTest
class CheckoutFlagsTest {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    app.flags(FlagSource.classpath("flags.json")); // the application's own flag file
  }

  @Test
  @FlagVariant(flag = "new-checkout", variant = "on")
  void newCheckoutStartsOnTheSummaryPage(Flags flags, TelemetryRecorder telemetry) {
    assertThat(new Checkout(flags).firstPage("user-1")).isEqualTo("summary");
    assertThat(telemetry).evaluatedOnly("new-checkout", "on");
  }

  @Test
  @FlagValue(flag = "max-items", value = "2")
  void aValueThatIsNotAVariant(Flags flags) {
    assertThat(new Checkout(flags).maxItems()).isEqualTo(2);
  }

  @ForEachVariant("checkout-theme") // everyTheme[checkout-theme=classic], ...=dark, ...=holiday
  void everyTheme(VariantUnderTest theme, Flags flags) {
    assertThat(new Checkout(flags).theme()).isEqualTo(theme.value());
  }

  @ParameterizedTest(name = "new-checkout={0} starts on {1}")
  @CsvSource({"on, summary", "off, cart"})
  void firstPage(@VariantOf("new-checkout") String variant, String page, Flags flags) {
    assertThat(new Checkout(flags).firstPage("user-1")).isEqualTo(page);
  }
}
