package dev.shipshape.spring.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.RolloutState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

  @LocalServerPort int port;
  @Autowired Shipshape shipshape;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterAll
  static void releaseHungCheck() {
    CheckoutApplication.RELEASE_SLOW.countDown();
  }

  @Test
  void aReadOnlyRolloutsEndpointAnswersReadsAndRefusesActions() throws Exception {
    HttpResponse<String> read = send(HttpRequest.newBuilder(uri()).GET());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JsonPath.parse(read.body()).read("$.state", String.class)).isEqualTo("RUNNING");

    HttpResponse<String> pause =
        send(
            HttpRequest.newBuilder(uri())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"pause\"}")));

    assertThat(pause.statusCode()).as(pause.body()).isEqualTo(405);
    assertThat(shipshape.rollouts().get("new-checkout").state()).isEqualTo(RolloutState.RUNNING);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri() {
    return URI.create("http://localhost:" + port + "/actuator/rollouts/new-checkout");
  }
}
