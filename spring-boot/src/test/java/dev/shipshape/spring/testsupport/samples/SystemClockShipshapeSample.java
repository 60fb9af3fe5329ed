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
 * A {@code @ShipshapeTest} whose application builds its own Shipshape on the system clock instead
 * of the context's. Run by EngineTestKit only.
 */
@SpringBootTest(classes = SystemClockShipshapeSample.App.class)
@ShipshapeTest
public class SystemClockShipshapeSample {

  /** An application whose Shipshape ignores the context's clock. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  public static class App {

    @Bean(destroyMethod = "close")
    Shipshape shipshape() {
      return Shipshape.builder().clock(Clock.systemUTC()).logging(false).build();
    }
  }

  @Test
  void test() {}
}
