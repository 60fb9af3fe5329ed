package dev.shipshape.spring.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code @ShipshapeTest} declared before {@code @SpringBootTest} (so its extension runs before
 * Spring's) with a context replaced before each method: the overrides, parameters and recorder
 * are the new context's, the one whose beans the test uses.
 */
@ShipshapeTest
@SpringBootTest(classes = GreetingApplication.class)
@TestPropertySource("classpath:shipshape/greeting.properties")
@DirtiesContext(classMode = ClassMode.BEFORE_EACH_TEST_METHOD)
class DirtiesContextBeforeMethodTest {

  @Autowired GreetingApplication.GreetingController greetings;
  @Autowired Shipshape shipshape;
  @Autowired TelemetryRecorder recorder;

  @Test
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void theOverrideReachesTheReplacedContextsBeans(
      Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    assertThat(greetings.greeting(true)).isEqualTo("bonjour");
    assertThat(ship).isSameAs(shipshape);
    assertThat(clock).isSameAs(shipshape.clock());
    assertThat(telemetry).isSameAs(recorder);
  }

  @Test
  void aTestWithoutOverridesSeesTheFilesValue() {
    assertThat(greetings.greeting(true)).isEqualTo("hello");
    assertThat(shipshape.flags().overrides().keys()).isEmpty();
  }
}
