package dev.shipshape.spring.testsupport.samples;

import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A {@code @ShipshapeTest} whose application has no autoconfiguration, so the starter never builds
 * a Shipshape bean. Run by EngineTestKit only.
 */
@SpringBootTest(classes = WithoutAutoConfigurationSample.App.class)
@ShipshapeTest
public class WithoutAutoConfigurationSample {

  /** A configuration without {@code @EnableAutoConfiguration}. */
  @SpringBootConfiguration
  public static class App {}

  @Test
  void test() {}
}
