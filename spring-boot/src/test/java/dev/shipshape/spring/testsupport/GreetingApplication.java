package dev.shipshape.spring.testsupport;

import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.flags.Flags;
import dev.shipshape.spring.Slos;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A web application using the starter, as the tests of a user's application see it. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(GreetingApplication.GreetingController.class)
public class GreetingApplication {

  @org.springframework.context.annotation.Bean
  HealthCheck db() {
    return HealthResult::up;
  }

  /** Greets with the greeting flag's value and records each greeting in the checkout SLO. */
  @RestController
  public static class GreetingController {
    private final Flags flags;
    private final Slos slos;

    GreetingController(Flags flags, Slos slos) {
      this.flags = flags;
      this.slos = slos;
    }

    @GetMapping("/greeting")
    public String greeting(@RequestParam(defaultValue = "true") boolean ok) {
      slos.get("checkout").record(ok);
      return flags.stringValue("greeting", "default");
    }
  }
}
