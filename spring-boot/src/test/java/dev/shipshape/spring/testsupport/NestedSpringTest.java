package dev.shipshape.spring.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

/**
 * A {@code @Nested} class of a Spring test: its overrides, with the enclosing class's, reach the
 * application's beans, and its parameters are the application's.
 */
@ShipshapeTest
@SpringBootTest(classes = GreetingApplication.class)
@TestPropertySource("classpath:shipshape/greeting.properties")
@FlagVariant(flag = "new-checkout", variant = "on")
class NestedSpringTest {

  @Autowired GreetingApplication.GreetingController greetings;
  @Autowired Shipshape shipshape;

  @Test
  void theEnclosingClassesOverride() {
    assertThat(shipshape.flags().booleanValue("new-checkout", false)).isTrue();
    assertThat(greetings.greeting(true)).isEqualTo("hello");
  }

  @Nested
  @FlagVariant(flag = "greeting", variant = "bonjour")
  class InFrench {

    @Test
    void bothOverridesReachTheApplication(
        Shipshape ship, ManualClock clock, TelemetryRecorder telemetry) {
      assertThat(ship).isSameAs(shipshape);
      assertThat(clock).isSameAs(shipshape.clock());
      assertThat(greetings.greeting(true)).isEqualTo("bonjour");
      assertThat(shipshape.flags().booleanValue("new-checkout", false)).isTrue();
      assertThat(telemetry.flagEvaluations("greeting")).hasSize(1);
    }
  }

  @Nested
  class WithoutOverridesOfItsOwn {

    @Test
    void onlyTheEnclosingClassesOverride() {
      assertThat(greetings.greeting(true)).isEqualTo("hello");
      assertThat(shipshape.flags().overrides().keys()).containsExactly("new-checkout");
    }
  }
}
