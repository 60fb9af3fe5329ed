package dev.shipshape.spring.readme;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.Slo;
import dev.shipshape.spring.ShipshapeCustomizer;
import dev.shipshape.spring.Slos;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The README's Spring Boot example, compiled with the tests so that it stays accurate. */
@SpringBootApplication
public class ReadmeApplication {

  @Bean
  HealthCheck db(DataSource dataSource) { // bean name = check name
    return HealthCheck.of(() -> dataSource.getConnection().close());
  }

  @Bean(name = "event-loop")
  HealthCheck eventLoop() {
    return () -> HealthResult.up();
  }

  @Bean
  ShipshapeCustomizer searchGuard() {
    return builder ->
        builder.guard("search", g -> g.timeout(Duration.ofSeconds(1)).fallback(e -> List.of()));
  }

  @Component
  static class CheckoutService {
    private final Flags flags;
    private final Slo checkout;

    CheckoutService(Flags flags, Slos slos) {
      this.flags = flags;
      this.checkout = slos.get("checkout"); // IllegalArgumentException naming the SLOs if absent
    }

    boolean newCheckout(String userId) {
      boolean on = flags.booleanValue("new-checkout", false, EvaluationContext.of(userId));
      checkout.record(true);
      return on;
    }
  }

  @RestController
  public static class GreetingController {
    private final Shipshape shipshape;

    GreetingController(Shipshape shipshape) {
      this.shipshape = shipshape;
    }

    @GetMapping("/greeting")
    String greeting() {
      return shipshape.flags().stringValue("greeting", "default");
    }
  }
}
