package dev.shipshape.spring.testsupport.samples;

import dev.shipshape.spring.testsupport.GreetingApplication;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.TelemetryRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

/**
 * Uses the support's annotation and recorder on a Spring test without {@code @ShipshapeTest}, so
 * nothing would serve them. Run by EngineTestKit only.
 */
@SpringBootTest(classes = GreetingApplication.class)
@TestPropertySource("classpath:shipshape/greeting.properties")
public class WithoutShipshapeTestSample {

  @Autowired TelemetryRecorder telemetry;

  /** A recorder of the test's own, for an application it builds itself: not the support's. */
  final TelemetryRecorder own = TelemetryRecorder.create();

  @Test
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void greetsInFrench() {}
}
