package dev.shipshape.spring.testsupport.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.ShipshapeTest;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/**
 * A {@code @ShipshapeTest} whose application defines two Shipshape beans, neither of them
 * {@code @Primary}. Run by EngineTestKit only.
 */
@SpringBootTest(classes = SeveralShipshapesSample.App.class)
@ShipshapeTest
public class SeveralShipshapesSample {

  /** An application with two Shipshapes of its own, both on the context's clock. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  public static class App {

    @Bean(destroyMethod = "close")
    Shipshape orders(Clock clock) {
      return Shipshape.builder().clock(clock).logging(false).build();
    }

    @Bean(destroyMethod = "close")
    Shipshape payments(Clock clock) {
      return Shipshape.builder().clock(clock).logging(false).build();
    }
  }

  @Test
  void test() {}
}
