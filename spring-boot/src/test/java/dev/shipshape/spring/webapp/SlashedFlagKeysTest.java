package dev.shipshape.spring.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.spring.testkit.RunningApp;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A flag key may hold slashes ({@code team/checkout}); the flags and rollouts endpoints answer for
 * it at {@code /actuator/flags/team/checkout}, since servers refuse an encoded slash.
 */
@SpringBootTest(
    classes = SlashedFlagKeysTest.App.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.config.import=classpath:shipshape/slashed-flags.properties")
class SlashedFlagKeysTest {

  @LocalServerPort int port;
  @Autowired Shipshape shipshape;

  private final RunningApp app = RunningApp.onPort(() -> port);

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Test
  void aFlagWhoseKeyHasASlashIsReadAtItsPath() throws Exception {
    HttpResponse<String> flag = app.get("/actuator/flags/team/checkout");
    assertThat(flag.statusCode()).as(flag.body()).isEqualTo(200);
    assertThat(JsonPath.parse(flag.body()).read("$.targeting", Boolean.class)).isTrue();
    assertThat(app.get("/actuator/flags/team").statusCode()).isEqualTo(404);
    assertThat(app.get("/actuator/flags/team/checkout/more").statusCode()).isEqualTo(404);
    // an encoded slash is refused by Tomcat itself, as the README says
    assertThat(app.get("/actuator/flags/team%2Fcheckout").statusCode()).isEqualTo(400);
  }

  @Test
  void aRolloutWhoseFlagKeyHasASlashIsReadAndPausedAtItsPath() throws Exception {
    HttpResponse<String> read = app.get("/actuator/rollouts/team/checkout");
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(JsonPath.parse(read.body()).read("$.state", String.class)).isEqualTo("RUNNING");

    HttpResponse<String> paused =
        app.postJson("/actuator/rollouts/team/checkout", "{\"action\":\"pause\"}");
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    assertThat(JsonPath.parse(paused.body()).read("$.changed", Boolean.class)).isTrue();
    assertThat(shipshape.rollouts().get("team/checkout").state()).isEqualTo(RolloutState.PAUSED);
    HttpResponse<String> encoded =
        app.postJson("/actuator/rollouts/team%2Fcheckout", "{\"action\":\"resume\"}");
    assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(400);
    assertThat(shipshape.rollouts().get("team/checkout").state()).isEqualTo(RolloutState.PAUSED);

    HttpResponse<String> unknown =
        app.postJson("/actuator/rollouts/team/other", "{\"action\":\"pause\"}");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(JsonPath.parse(unknown.body()).read("$.message", String.class))
        .isEqualTo(
            "rollout was 'team/other' but no flag with that key has a rollout; rollouts:"
                + " [team/checkout]");
  }
}
