package dev.shipshape.spring.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.FlagSetChanged;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.StartAt;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.annotation.DirtiesContext.MethodMode;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code @SpringBootTest} declared before {@code @ShipshapeTest} (so Spring's extension runs first)
 * with a context replaced after each method, and once also before one: every test's overrides,
 * parameters, recorder and clock are the context's it runs on, never the closed one's.
 */
@SpringBootTest(classes = GreetingApplication.class)
@ShipshapeTest
@StartAt("2026-05-01T00:00:00Z")
@TestPropertySource("classpath:shipshape/greeting.properties")
@DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirtiesContextAfterMethodTest {

  private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");

  /** The Shipshape of each test, to check that none is served twice. */
  private static final Set<Shipshape> SEEN = Collections.newSetFromMap(new IdentityHashMap<>());

  @Autowired GreetingApplication.GreetingController greetings;
  @Autowired Shipshape shipshape;
  @Autowired TelemetryRecorder recorder;

  @Test
  @Order(1)
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void aTestOnTheFirstContext(Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    assertOnThisContext(ship, clock, telemetry);
    assertThat(greetings.greeting(true)).isEqualTo("bonjour");
    clock.advance(Duration.ofHours(1));
  }

  @Test
  @Order(2)
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void theNextTestHasTheReplacedContextsApplication(
      Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    assertOnThisContext(ship, clock, telemetry);
    assertThat(greetings.greeting(true)).isEqualTo("bonjour");
  }

  @Test
  @Order(3)
  @DirtiesContext(methodMode = MethodMode.BEFORE_METHOD)
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void aContextReplacedBeforeTheMethodToo(
      Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    assertOnThisContext(ship, clock, telemetry);
    assertThat(ship.flags().overrides().keys()).containsExactly("greeting");
    assertThat(greetings.greeting(true)).isEqualTo("bonjour");
  }

  @Test
  @Order(4)
  void withoutOverridesTheFilesValue(Flags flags) {
    assertThat(flags).isSameAs(shipshape.flags());
    assertThat(greetings.greeting(true)).isEqualTo("hello");
    assertThat(shipshape.flags().overrides().keys()).isEmpty();
  }

  private void assertOnThisContext(Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
    assertThat(ship).isSameAs(shipshape);
    assertThat(SEEN.add(ship)).as("a new application for each test").isTrue();
    assertThat(clock).isSameAs(shipshape.clock());
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(telemetry).isSameAs(recorder);
    // nothing of an earlier test: only the change this test's override made
    assertThat(telemetry.events())
        .allSatisfy(e -> assertThat(e).isInstanceOf(FlagSetChanged.class));
  }
}
