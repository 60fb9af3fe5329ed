package dev.shipshape.spring.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.spring.testkit.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(
    classes = CheckoutApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "shipshape.flags.sources=classpath:shipshape/flags.json",
      "shipshape.health.checks.slow-dependency.timeout=300ms",
      "shipshape.health.checks.slow-dependency.critical=false",
      "shipshape.health.checks.event-loop.probes=liveness",
      "shipshape.slo.definitions.checkout.objective=0.999",
      "shipshape.rollouts.new-checkout.steps=10,100"
    })
class EndpointsNotExposedTest {

  @LocalServerPort int port;

  private final RunningApp app = RunningApp.onPort(() -> port);

  @AfterAll
  static void releaseHungCheck() {
    CheckoutApplication.RELEASE_SLOW.countDown();
  }

  @Test
  void shipshapeEndpointsAreNotFoundUntilTheApplicationExposesThem() throws Exception {
    assertThat(status("/actuator/flags")).isEqualTo(404);
    assertThat(status("/actuator/slos")).isEqualTo(404);
    assertThat(status("/actuator/rollouts")).isEqualTo(404);
    assertThat(status("/actuator/health/readiness")).isEqualTo(200);
    assertThat(status("/actuator/health/liveness")).isEqualTo(200);
  }

  @Test
  void shipshapeChecksJoinBootsDefaultProbeGroups() throws Exception {
    try {
      CheckoutApplication.DB_UP.set(false);
      assertThat(status("/actuator/health/readiness")).isEqualTo(503);
      assertThat(status("/actuator/health/liveness")).isEqualTo(200);
      CheckoutApplication.DB_UP.set(true);
      CheckoutApplication.EVENT_LOOP_OK.set(false);
      assertThat(status("/actuator/health/readiness")).isEqualTo(200);
      assertThat(status("/actuator/health/liveness")).isEqualTo(503);
    } finally {
      CheckoutApplication.DB_UP.set(true);
      CheckoutApplication.EVENT_LOOP_OK.set(true);
    }
  }

  private int status(String path) throws Exception {
    return app.get(path).statusCode();
  }
}
