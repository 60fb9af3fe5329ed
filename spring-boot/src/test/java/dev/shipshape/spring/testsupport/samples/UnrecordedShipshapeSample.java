package dev.shipshape.spring.testsupport.samples;

import static dev.shipshape.testing.ShipshapeAssertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/**
 * A {@code @ShipshapeTest} whose application builds its own Shipshape on the context's clock but
 * without the context's telemetry sinks, and whose test asserts on the context's recorder: the
 * recorder sees nothing, so {@code firedNoAlert} would pass while the SLO pages. Run by
 * EngineTestKit only.
 */
@SpringBootTest(classes = UnrecordedShipshapeSample.App.class)
@ShipshapeTest
public class UnrecordedShipshapeSample {

  /** An application whose Shipshape takes the context's clock and nothing else. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  public static class App {

    @Bean(destroyMethod = "close")
    Shipshape shipshape(Clock clock) {
      return Shipshape.builder()
          .clock(clock)
          .logging(false)
          .slo(Slo.named("checkout").objective(0.999).window(Duration.ofDays(28)))
          .build();
    }
  }

  @Test
  void tenMinutesOfErrorsFireNoAlert(
      Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    Slo checkout = ship.slo("checkout");
    for (int minute = 0; minute < 10; minute++) {
      checkout.record(900, 100);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(checkout).isFiring(Severity.PAGE);
    assertThat(telemetry).firedNoAlert("checkout");
  }
}
