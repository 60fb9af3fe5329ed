package dev.shipshape.spring.testsupport.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.spring.testsupport.GreetingApplication;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.StartAt;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Configures a second application in a Spring test: refused. Run by EngineTestKit only. */
@SpringBootTest(classes = GreetingApplication.class)
@ShipshapeTest
public class SetupMethodSample {

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    app.flags(FlagSource.classpath("shipshape/flags.json"));
  }

  @Test
  @StartAt("2027-01-01T00:00:00Z")
  void test() {}
}
