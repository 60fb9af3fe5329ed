package dev.shipshape.spring.testsupport.samples;

import static dev.shipshape.testing.ShipshapeAssertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/**
 * The fix {@link UnrecordedShipshapeSample}'s failure asks for: the application's own Shipshape
 * registers the context's telemetry sinks, so the test's recorder sees its alerts. Run by
 * EngineTestKit only.
 */
@SpringBootTest(classes = RecordedOwnShipshapeSample.App.class)
@ShipshapeTest
public class RecordedOwnShipshapeSample {

  /** An application whose Shipshape takes the context's clock and telemetry sinks. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  public static class App {

    @Bean(destroyMethod = "close")
    Shipshape shipshape(Clock clock, ObjectProvider<TelemetrySink> sinks) {
      Shipshape.Builder builder =
          Shipshape.builder()
              .clock(clock)
              .logging(false)
              .slo(Slo.named("checkout").objective(0.999).window(Duration.ofDays(28)));
      sinks.orderedStream().forEach(builder::telemetry);
      return builder.build();
    }
  }

  @Test
  void tenMinutesOfErrorsPage(Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    Slo checkout = ship.slo("checkout");
    for (int minute = 0; minute < 10; minute++) {
      checkout.record(900, 100);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(telemetry).firedAlert("checkout", Severity.PAGE);
  }
}
