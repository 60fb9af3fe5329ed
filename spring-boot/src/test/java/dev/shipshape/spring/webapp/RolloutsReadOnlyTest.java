package dev.shipshape.spring.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.spring.testkit.RunningApp;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The rollouts endpoint's write operation is what an exposed endpoint lets anyone reachable
 * change; {@code management.endpoint.rollouts.access=read-only} keeps the reads and refuses it.
 */
@SpringBootTest(
    classes = CheckoutApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,rollouts",
      "management.endpoint.rollouts.access=read-only",
      "shipshape.flags.sources=classpath:shipshape/flags.json",
      "shipshape.health.checks.slow-dependency.timeout=300ms",
      "shipshape.health.checks.slow-dependency.critical=false",
      "shipshape.health.checks.event-loop.probes=liveness",
      "shipshape.slo.definitions.checkout.objective=0.999",
      "shipshape.rollouts.new-checkout.steps=10,100",
      "shipshape.rollouts.new-checkout.every=1h"
    })
class RolloutsReadOnlyTest {

  private static final String ROLLOUT = "/actuator/rollouts/new-checkout";

  @LocalServerPort int port;
  @Autowired Shipshape shipshape;

  private final RunningApp app = RunningApp.onPort(() -> port);

  @AfterAll
  static void releaseHungCheck() {
    CheckoutApplication.RELEASE_SLOW.countDown();
  }

  @Test
  void aReadOnlyRolloutsEndpointAnswersReadsAndRefusesActions() throws Exception {
    HttpResponse<String> read = app.get(ROLLOUT);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JsonPath.parse(read.body()).read("$.state", String.class)).isEqualTo("RUNNING");

    HttpResponse<String> pause = app.postJson(ROLLOUT, "{\"action\":\"pause\"}");

    assertThat(pause.statusCode()).as(pause.body()).isEqualTo(405);
    assertThat(shipshape.rollouts().get("new-checkout").state()).isEqualTo(RolloutState.RUNNING);
  }
}
