package dev.shipshape.spring.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeExtension;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code @ExtendWith(ShipshapeExtension.class)}, which {@code @ShipshapeTest} stands for, works on
 * a {@code @SpringBootTest} as {@code @ShipshapeTest} does: the overrides reach the application's
 * own beans, on the context's manual clock and recorder.
 */
@ExtendWith(ShipshapeExtension.class)
@SpringBootTest(classes = GreetingApplication.class)
@TestPropertySource("classpath:shipshape/greeting.properties")
class ExtendWithShipshapeExtensionTest {

  @Autowired GreetingApplication.GreetingController greetings;
  @Autowired Shipshape shipshape;
  @Autowired TelemetryRecorder recorder;

  @Test
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void anOverrideReachesTheApplicationsController(ManualClock clock, TelemetryRecorder telemetry) {
    assertThat(greetings.greeting(true)).isEqualTo("bonjour");
    assertThat(shipshape.clock()).isSameAs(clock);
    assertThat(telemetry).isSameAs(recorder);
  }
}
