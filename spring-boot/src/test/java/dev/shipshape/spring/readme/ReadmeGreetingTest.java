package dev.shipshape.spring.readme;

import static dev.shipshape.testing.ShipshapeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.spring.readme.ReadmeApplication.GreetingController;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.StartAt;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The starter README's "Testing a Spring app" example, run as a test against the README's own
 * greeting controller.
 */
@SpringBootTest(
    classes = ReadmeGreetingTest.Application.class,
    properties = {
      "shipshape.flags.sources=classpath:shipshape/flags.json",
      "shipshape.slo.definitions.checkout.objective=0.999"
    })
@ShipshapeTest // the context gets a ManualClock and a TelemetryRecorder
@StartAt("2026-06-01T09:00:00Z")
class ReadmeGreetingTest {

  @Autowired GreetingController greetings; // the application's own code

  @Test
  @FlagVariant(flag = "greeting", variant = "bonjour") // on the application's Shipshape, this test only
  void greetsInFrench() {
    assertThat(greetings.greeting()).isEqualTo("bonjour");
  }

  @Test
  void greetsWithTheFilesValueOtherwise() {
    assertThat(greetings.greeting()).isEqualTo("hello");
  }

  @Test
  void tenMinutesOfErrorsPage(Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    Slo checkout = ship.slo("checkout"); // the application's SLO
    for (int minute = 0; minute < 10; minute++) {
      checkout.record(900, 100); // 10% errors: a burn rate of 100
      clock.advance(Duration.ofMinutes(1)); // alert evaluation runs as the clock passes
    }
    assertThat(checkout).isFiring(Severity.PAGE);
    assertThat(telemetry).firedAlert("checkout", Severity.PAGE);
  }

  /** The README's application as far as these tests need it: its greeting controller. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(GreetingController.class)
  static class Application {}
}
