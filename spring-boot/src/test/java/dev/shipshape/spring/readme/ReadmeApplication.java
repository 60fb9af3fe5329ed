package dev.shipshape.spring.readme;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.spring.ShipshapeCustomizer;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
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

  @RestController
  static class GreetingController {
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
