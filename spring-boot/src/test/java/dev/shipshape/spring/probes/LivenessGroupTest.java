package dev.shipshape.spring.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.spring.testkit.RunningApp;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A user who mirrors the README's readiness line for liveness ({@code show-details} only, no
 * {@code include}) gets a liveness group that Boot 4.0 fills with every contributor: Shipshape's
 * readiness checks must still stay out of it, so a hung readiness check cannot fail liveness.
 */
@SpringBootTest(
    classes = LivenessGroupTest.App.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.group.liveness.show-details=always",
      "management.endpoint.health.group.readiness.show-details=always",
      "shipshape.health.checks.database.timeout=1s",
      "shipshape.health.checks.event-loop.probes=liveness"
    })
class LivenessGroupTest {

  static final CountDownLatch RELEASE = new CountDownLatch(1);
  static final AtomicInteger DATABASE_CALLS = new AtomicInteger();

  @LocalServerPort int port;

  private final RunningApp app = RunningApp.onPort(() -> port);

  @AfterAll
  static void release() {
    RELEASE.countDown();
  }

  @Test
  void aHungReadinessCheckNeverJoinsOrRunsInTheLivenessGroup() throws Exception {
    HttpResponse<String> liveness = app.get("/actuator/health/liveness");
    assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
    DocumentContext json = JsonPath.parse(liveness.body());
    assertThat(json.read("$.status", String.class)).isEqualTo("UP");
    Map<String, Object> shipshape = json.read("$.components.shipshape.components");
    assertThat(shipshape).containsOnlyKeys("liveness");
    Map<String, Object> checks = json.read("$.components.shipshape.components.liveness.components");
    assertThat(checks).containsOnlyKeys("event-loop");
    // nor is it reachable under the liveness group by its path
    for (String path :
        List.of(
            "/actuator/health/liveness/shipshape/readiness/database",
            "/actuator/health/liveness/shipshape/readiness",
            "/actuator/health/readiness/shipshape/liveness/event-loop",
            "/actuator/health/readiness/shipshape/readiness/no-such-check",
            "/actuator/health/shipshape/no-such-probe")) {
      HttpResponse<String> outside = app.get(path);
      assertThat(outside.statusCode()).as(path + " -> " + outside.body()).isEqualTo(404);
    }
    assertThat(DATABASE_CALLS).hasValue(0);

    HttpResponse<String> readiness = app.get("/actuator/health/readiness");
    assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
    DocumentContext ready = JsonPath.parse(readiness.body());
    assertThat(
            ready.read(
                "$.components.shipshape.components.readiness.components.database.details.message",
                String.class))
        .contains("timed out");
    Map<String, Object> readyParts = ready.read("$.components.shipshape.components");
    assertThat(readyParts).containsOnlyKeys("readiness");
    assertThat(DATABASE_CALLS).hasValue(1);

    assertThat(app.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }

  /** A web application with a database check that hangs and a liveness check that answers. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    @Bean
    HealthCheck database() {
      return () -> {
        DATABASE_CALLS.incrementAndGet();
        RELEASE.await();
        return HealthResult.up();
      };
    }

    @Bean(name = "event-loop")
    HealthCheck eventLoop() {
      return HealthResult::up;
    }
  }
}
