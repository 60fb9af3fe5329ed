package dev.shipshape.spring.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.spring.testkit.RunningApp;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A failing non-critical check is {@code DEGRADED}, which Boot ignores until the application puts
 * it in a status order; the group's status is then {@code DEGRADED}, still answered 200 by Boot's
 * default mapping, and 503 once the application maps it so.
 */
@SpringBootTest(
    classes = DegradedStatusOrderTest.App.class,
    properties = {
      "shipshape.health.checks.cache.probes=liveness,readiness",
      "shipshape.health.checks.cache.critical=false",
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.show-details=always",
      "management.endpoint.health.group.liveness.include=livenessState",
      "management.endpoint.health.group.liveness.status.order="
          + "down,degraded,out-of-service,up,unknown",
      "management.endpoint.health.group.readiness.include=readinessState",
      "management.endpoint.health.group.readiness.status.order="
          + "down,degraded,out-of-service,up,unknown",
      "management.endpoint.health.group.readiness.status.http-mapping.degraded=503"
    },
    webEnvironment = WebEnvironment.RANDOM_PORT)
class DegradedStatusOrderTest {

  @LocalServerPort int port;

  private final RunningApp app = RunningApp.onPort(() -> port);

  @Test
  void aDegradedCheckCountsOnceOrderedAndTakesReadinessDownOnceMapped() throws Exception {
    HttpResponse<String> health = app.get("/actuator/health");
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(JsonPath.parse(health.body()).read("$.status", String.class)).isEqualTo("UP");

    HttpResponse<String> liveness = app.get("/actuator/health/liveness");
    assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
    assertThat(JsonPath.parse(liveness.body()).read("$.status", String.class))
        .isEqualTo("DEGRADED");

    HttpResponse<String> readiness = app.get("/actuator/health/readiness");
    assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
    assertThat(JsonPath.parse(readiness.body()).read("$.status", String.class))
        .isEqualTo("DEGRADED");
  }

  /** An application whose cache is unreachable. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    @Bean
    HealthCheck cache() {
      return () -> HealthResult.down("cache unreachable");
    }
  }
}
