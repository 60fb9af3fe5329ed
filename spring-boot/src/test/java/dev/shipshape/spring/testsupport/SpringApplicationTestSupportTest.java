package dev.shipshape.spring.testsupport;

import static dev.shipshape.testing.ShipshapeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.Health;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.Severity;
import dev.shipshape.spring.testkit.RunningApp;
import dev.shipshape.testing.FlagValue;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.StartAt;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.testing.VariantOf;
import dev.shipshape.testing.VariantUnderTest;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code @ShipshapeTest} on a {@code @SpringBootTest}: overrides, manual time, parameters and
 * assertions apply to the application's own Shipshape bean, the one its controllers use, and the
 * overrides are gone after each test.
 */
@SpringBootTest(
    classes = GreetingApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "shipshape.flags.sources=classpath:shipshape/flags.json",
      "shipshape.slo.definitions.checkout.objective=0.999"
    })
@ShipshapeTest
@StartAt("2026-03-01T09:00:00Z")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpringApplicationTestSupportTest {

  @Autowired Shipshape shipshape;
  @Autowired Health healthBean;
  @Autowired Clock contextClock;
  @LocalServerPort int port;

  private final RunningApp app = RunningApp.onPort(() -> port);

  /** The greeting the application served when {@code @BeforeEach} ran, for the tests of it. */
  private String greetingBeforeEach;

  @BeforeEach
  void readTheGreeting(TestInfo test) {
    if (test.getTags().contains("before-each")) {
      greetingBeforeEach = shipshape.flags().stringValue("greeting", "default");
    }
  }

  @Test
  @Order(1)
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void aVariantOverrideReachesTheApplicationsControllers(Flags flags, Shipshape ship)
      throws Exception {
    assertThat(app.get("/greeting").body()).isEqualTo("bonjour");
    assertThat(flags).isSameAs(shipshape.flags());
    assertThat(ship).isSameAs(shipshape);
  }

  @Test
  @Order(2)
  void theOverrideIsGoneInTheNextTest() throws Exception {
    assertThat(app.get("/greeting").body()).isEqualTo("hello");
    assertThat(shipshape.flags().overrides().keys()).isEmpty();
  }

  @Test
  @Order(3)
  @FlagValue(flag = "greeting", value = "hi there")
  void aValueOverrideReachesTheApplicationsControllers() throws Exception {
    assertThat(app.get("/greeting").body()).isEqualTo("hi there");
  }

  @Order(4)
  @ForEachVariant("greeting")
  void everyVariantInTurn(VariantUnderTest greeting) throws Exception {
    assertThat(app.get("/greeting").body()).isEqualTo(greeting.value());
  }

  @Test
  @Order(5)
  void theApplicationRunsOnTheTestsManualClock(ManualClock clock, TelemetryRecorder telemetry)
      throws Exception {
    assertThat(shipshape.clock()).isSameAs(clock);
    assertThat(clock.instant()).isAfterOrEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
    for (int minute = 0; minute < 10; minute++) {
      for (int i = 0; i < 9; i++) {
        app.get("/greeting");
      }
      app.get("/greeting?ok=false"); // 10% errors: a burn rate of 100
      clock.advance(Duration.ofMinutes(1)); // alerts are evaluated every 10 s on this clock
    }
    assertThat(shipshape.slo("checkout")).isFiring(Severity.PAGE);
    assertThat(telemetry).firedAlert("checkout", Severity.PAGE);
  }

  @Test
  @Order(7)
  void everyParameterIsTheApplicationsOwnAndItsSchedulerRunsOnTheTestsThread(
      Health health, Scheduler scheduler, Clock clock, ManualClock manual) {
    assertThat(health).isSameAs(shipshape.health()).isSameAs(healthBean);
    assertThat(scheduler).isSameAs(shipshape.scheduler());
    assertThat(clock).isSameAs(manual).isSameAs(contextClock).isSameAs(shipshape.clock());
    List<Thread> ranOn = new ArrayList<>();
    scheduler.schedule("probe", Duration.ofMinutes(5), () -> ranOn.add(Thread.currentThread()));
    manual.advance(Duration.ofMinutes(4));
    assertThat(ranOn).isEmpty();
    manual.advance(Duration.ofMinutes(1));
    assertThat(ranOn).containsExactly(Thread.currentThread());
  }

  @Test
  @Order(6)
  void eachTestsRecorderStartsEmpty(TelemetryRecorder telemetry) {
    assertThat(telemetry.events()).isEmpty();
    assertThat(shipshape.slo("checkout")).isFiring(Severity.PAGE); // the context's state stays
  }

  @Test
  @Order(8)
  @Tag("before-each")
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void theOverrideIsAlreadyServedWhenBeforeEachMethodsRun() {
    assertThat(greetingBeforeEach).isEqualTo("bonjour");
  }

  @Order(9)
  @ParameterizedTest
  @ValueSource(strings = {"bonjour", "hello", "bonjour"})
  void anArgumentMarkedVariantOfIsServedByTheApplication(@VariantOf("greeting") String variant)
      throws Exception {
    assertThat(app.get("/greeting").body()).isEqualTo(variant);
  }

  @Test
  @Order(10)
  @Tag("before-each")
  void noVariantOfAnArgumentIsLeftAfterThem() {
    assertThat(greetingBeforeEach).isEqualTo("hello");
    assertThat(shipshape.flags().overrides().keys()).isEmpty();
  }
}
