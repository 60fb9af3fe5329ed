package dev.shipshape.spring.testsupport.samples;

import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A {@code @ShipshapeTest} whose properties turn the starter off, so the context has no Shipshape
 * bean. Run by EngineTestKit only.
 */
@SpringBootTest(classes = StarterOffSample.App.class, properties = "shipshape.enabled=off")
@ShipshapeTest
public class StarterOffSample {

  /** An application that uses nothing of Shipshape itself. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  public static class App {}

  @Test
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void greetsInFrench() {}
}
