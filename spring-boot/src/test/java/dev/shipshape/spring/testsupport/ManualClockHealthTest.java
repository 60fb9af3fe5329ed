package dev.shipshape.spring.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.spring.testkit.RunningApp;
import dev.shipshape.time.ManualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A {@code ManualClock} bean in a {@code @SpringBootTest}: check timeouts follow that clock, so a
 * hung check answers only once the test advances it. The application says so when it starts, and
 * the README's pattern (send the request, then advance the clock) answers at once.
 */
@SpringBootTest(
    classes = ManualClockHealthTest.App.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.group.readiness.include=readinessState",
      "management.endpoint.health.group.readiness.show-details=always",
      "shipshape.health.checks.database.timeout=5s"
    })
@ExtendWith(OutputCaptureExtension.class)
class ManualClockHealthTest {

  static final CountDownLatch CHECK_STARTED = new CountDownLatch(1);
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  @Autowired ManualClock clock;
  @LocalServerPort int port;

  @AfterAll
  static void release() {
    RELEASE.countDown();
  }

  @Test
  void startupWarnsThatHealthTimeoutsWaitForTheManualClock(CapturedOutput output) {
    assertThat(output.getAll())
        .contains("Shipshape runs on a ManualClock")
        .contains("waits until the test advances the clock past the check's timeout")
        .contains("(the longest is PT5S;");
  }

  @Test
  void aHungCheckAnswersOnceTheTestAdvancesTheClockPastItsTimeout() throws Exception {
    CompletableFuture<HttpResponse<String>> readiness =
        RunningApp.onPort(() -> port)
            .withTimeout(Duration.ofSeconds(20))
            .getAsync("/actuator/health/readiness");
    assertThat(CHECK_STARTED.await(20, TimeUnit.SECONDS)).isTrue();

    clock.advance(Duration.ofSeconds(5));

    HttpResponse<String> response = readiness.get(20, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(
            JsonPath.parse(response.body())
                .read(
                    "$.components.shipshape.components.readiness.components.database.details.message",
                    String.class))
        .isEqualTo("timed out after 5s");
  }

  /** An application whose tests run on a manual clock and whose database check hangs. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    @Bean
    ManualClock clock() {
      return ManualClock.create();
    }

    @Bean
    HealthCheck database() {
      return () -> {
        CHECK_STARTED.countDown();
        RELEASE.await();
        return HealthResult.up();
      };
    }
  }
}
