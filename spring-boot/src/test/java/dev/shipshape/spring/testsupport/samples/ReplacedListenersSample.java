package dev.shipshape.spring.testsupport.samples;

import dev.shipshape.spring.testsupport.GreetingApplication;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.support.DependencyInjectionTestExecutionListener;

/** Replaces Spring's listeners, so the Spring side never runs. Run by EngineTestKit only. */
@SpringBootTest(classes = GreetingApplication.class)
@ShipshapeTest
@TestExecutionListeners(DependencyInjectionTestExecutionListener.class)
public class ReplacedListenersSample {

  @Test
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void test() {}
}
