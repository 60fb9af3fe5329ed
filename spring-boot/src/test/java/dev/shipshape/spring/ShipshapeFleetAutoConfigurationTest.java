package dev.shipshape.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.fleet.FleetGate;
import dev.shipshape.spring.actuate.RolloutsEndpoint;
import dev.shipshape.spring.actuate.RolloutsEndpointWebExtension;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * The fleet gate from {@code shipshape.fleet.*}: configured by properties, attached to the
 * rollouts they list, its problems reported with their property names, absent without {@code
 * shipshape-fleet} or a Prometheus URL; and the rollouts endpoint refuses a fleet rollout's
 * controls naming the plan document.
 */
class ShipshapeFleetAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ShipshapeAutoConfiguration.class,
                  ShipshapeFleetAutoConfiguration.class))
          .withBean(ManualClock.class, ManualClock::create)
          .withPropertyValues(
              "shipshape.flags.sources=classpath:shipshape/flags.json",
              "shipshape.slo.definitions.checkout.objective=0.999",
              "shipshape.rollouts.new-checkout.halt-on=checkout");

  @Test
  void theListedRolloutsAreDrivenByTheFleetGateTheyConfigure() {
    runner
        .withPropertyValues(
            "shipshape.fleet.prometheus=http://127.0.0.1:9/prometheus",
            "shipshape.fleet.rollouts=new-checkout",
            "shipshape.fleet.poll-interval=10s",
            "shipshape.fleet.query-timeout=1s",
            "shipshape.fleet.max-sample-age=45s",
            "shipshape.fleet.matchers=env=\"prod\"",
            "shipshape.fleet.headers.X-Scope-OrgID=shop")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(FleetGate.class);
              FleetGate gate = context.getBean(FleetGate.class);
              assertThat(gate.pollInterval()).isEqualTo(Duration.ofSeconds(10));
              assertThat(gate.queryTimeout()).isEqualTo(Duration.ofSeconds(1));
              Rollout rollout = context.getBean(Shipshape.class).rollouts().get("new-checkout");
              assertThat(rollout.config().gate()).containsSame(gate);
              assertThat(rollout.percent()).as("no plan in the flag's metadata").isZero();

              Map<String, Object> answer =
                  new RolloutsEndpoint(context.getBean(Shipshape.class))
                      .control(new String[] {"new-checkout"}, "pause");
              assertThat(answer).containsEntry("changed", false);
              assertThat((String) answer.get("refused"))
                  .startsWith("pause of rollout 'new-checkout' was refused: it is a fleet rollout")
                  .contains("/flags/new-checkout/metadata", "classpath:shipshape/flags.json",
                      "rollout.pausedAt");
              @SuppressWarnings("unchecked")
              Map<String, Object> shown = (Map<String, Object>) answer.get("rollout");
              assertThat(shown.get("gate"))
                  .isEqualTo("FleetGate{http://127.0.0.1:9/prometheus, poll PT10S}");

              // over HTTP the refusal is a 409 whose message names the document to edit
              WebEndpointResponse<Map<String, @Nullable Object>> http =
                  new RolloutsEndpointWebExtension(
                          new RolloutsEndpoint(context.getBean(Shipshape.class)))
                      .control(new String[] {"new-checkout"}, "pause");
              assertThat(http.getStatus()).isEqualTo(409);
              assertThat(http.getBody())
                  .containsEntry("error", "Conflict")
                  .containsEntry("changed", false)
                  .containsEntry("message", answer.get("refused"));
            });
  }

  @Test
  void withoutAPrometheusUrlOrTheFleetModuleRolloutsStayInProcess() {
    runner
        .withPropertyValues("shipshape.fleet.rollouts=new-checkout")
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(FleetGate.class);
              Rollout rollout = context.getBean(Shipshape.class).rollouts().get("new-checkout");
              assertThat(rollout.config().gate()).isEmpty();
              assertThat(rollout.pause()).isTrue();
            });
    runner
        .withClassLoader(new FilteredClassLoader(FleetGate.class))
        .withPropertyValues(
            "shipshape.fleet.prometheus=http://127.0.0.1:9",
            "shipshape.fleet.rollouts=new-checkout")
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean("shipshapeFleetGate");
              assertThat(context.getBean(Shipshape.class).rollouts().get("new-checkout").percent())
                  .as("the in-process rollout's first step")
                  .isEqualTo(1.0);
            });
  }

  @Test
  void badFleetPropertiesFailStartupNamingEachProperty() {
    runner
        .withPropertyValues(
            "shipshape.fleet.prometheus=ftp://prometheus",
            "shipshape.fleet.poll-interval=10s",
            "shipshape.fleet.query-timeout=30s",
            "shipshape.fleet.matchers=env = prod",
            "shipshape.slo.definitions.checkout.objective=1.5")
        .run(
            context ->
                assertThat(problems(context))
                    .containsExactly(
                        "shipshape.fleet.prometheus was 'ftp://prometheus' but must be"
                            + " an http or https URL",
                        "shipshape.fleet.query-timeout was 'PT30S' but must be shorter"
                            + " than the pollInterval (PT10S), so that one query ends"
                            + " before the next poll",
                        "shipshape.fleet.matchers[0] was 'env = prod' but a PromQL"
                            + " label matcher such as env=\"prod\" was expected",
                        "shipshape.slo.definitions.checkout.objective was '1.5' but a ratio"
                            + " strictly between 0 and 1 (e.g. 0.999) was expected"));
  }

  @Test
  void aHeaderTheHttpClientWouldRefuseFailsStartupWithoutShowingItsValue() {
    runner
        .withPropertyValues(
            "shipshape.fleet.prometheus=http://127.0.0.1:9",
            "shipshape.fleet.rollouts=new-checkout")
        // a token read from a file with its final line break
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new MapPropertySource(
                            "token",
                            Map.of(
                                "shipshape.fleet.headers.Authorization", "Bearer s3cr3t\n"))))
        .run(
            context -> {
              assertThat(problems(context))
                  .containsExactly(
                      "shipshape.fleet.headers was '***' but header 'Authorization' must have a"
                          + " value without line breaks or other control characters");
              assertThat(context.getStartupFailure()).hasStackTraceContaining("Authorization");
              assertThat(stackTrace(context.getStartupFailure())).doesNotContain("s3cr3t");
            });
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void theProblemsFoundBeforeThePropertiesAreReadAreSoughtOnceWithAFleetGate(
      CapturedOutput output) {
    runner
        .withPropertyValues(
            "shipshape.fleet.prometheus=http://127.0.0.1:9",
            "shipshape.fleet.rollouts=new-checkout")
        .withInitializer(
            UnknownPropertiesTest.environment("SHIPSHAPE_FLAGS_POLLINTERVALL", "3s"))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(FleetGate.class));

    // the environment is searched for unknown keys once, and so warns once, not once per bean
    assertThat(
            output
                .getAll()
                .split("environment variable SHIPSHAPE_FLAGS_POLLINTERVALL binds no", -1))
        .hasSize(2);
  }

  @Test
  void aListedFlagWithoutARolloutIsAProblem() {
    runner
        .withPropertyValues(
            "shipshape.fleet.prometheus=http://127.0.0.1:9",
            "shipshape.fleet.rollouts=new-checkout,old-checkout")
        .run(
            context ->
                assertThat(problems(context))
                    .containsExactly(
                        "shipshape.fleet.rollouts[1] was 'old-checkout' but must name"
                            + " a rollout of shipshape.rollouts (configured:"
                            + " [new-checkout])"));
  }

  @Test
  void aMapGivenOneValueIsOneProblemNamingWhatWasExpected() {
    runner
        .withPropertyValues(
            "shipshape.fleet.prometheus=http://127.0.0.1:9",
            "shipshape.fleet.headers=X-Scope-OrgID",
            "shipshape.guards=payments")
        .run(
            context ->
                assertThat(UnknownPropertiesTest.problems(context.getStartupFailure()))
                    .containsExactlyInAnyOrder(
                        "shipshape.guards was 'payments' but entries under it, each by its name,"
                            + " were expected",
                        "shipshape.fleet.headers was '***' but entries under it, each by"
                            + " its name, were expected"));
  }

  @Test
  void aPrometheusUrlBootCannotConvertIsOneProblemAsWrittenWithEveryOther() {
    assertThat(
            UnknownPropertiesTest.problems(
                UnknownPropertiesTest.startupFailure(
                    Fleet.class, "classpath:shipshape/fleet-unconvertible.properties")))
        .containsExactly(
            "shipshape.fleet.poll-intervall was '10s' but is not a Shipshape property (set in"
                + " class path resource [shipshape/fleet-unconvertible.properties] - 7:32):"
                + " did you mean shipshape.fleet.poll-interval?",
            "shipshape.fleet.prometheus was 'http://[::1' but a URL was expected (set in class"
                + " path resource [shipshape/fleet-unconvertible.properties] - 5:28)",
            "shipshape.slo.definitions.checkout.objective was '1.5' but a ratio strictly between"
                + " 0 and 1 (e.g. 0.999) was expected");
  }

  @Test
  void aDurationBootCannotConvertIsNotComparedAsItsDefault() {
    runner
        .withPropertyValues(
            "shipshape.fleet.prometheus=http://127.0.0.1:9",
            "shipshape.fleet.poll-interval=abc",
            "shipshape.fleet.query-timeout=40s",
            "shipshape.fleet.matchers=env = prod")
        .run(
            context ->
                assertThat(problems(context))
                    .containsExactly(
                        "shipshape.fleet.poll-interval was 'abc' but a duration such as 500ms,"
                            + " 30s, 5m or PT1S was expected",
                        "shipshape.fleet.matchers[0] was 'env = prod' but a PromQL"
                            + " label matcher such as env=\"prod\" was expected"));
    runner
        .withPropertyValues(
            "shipshape.fleet.prometheus=http://127.0.0.1:9",
            "shipshape.fleet.poll-interval=3s",
            "shipshape.fleet.query-timeout=soon",
            "shipshape.fleet.max-sample-age=old")
        .run(
            context ->
                assertThat(problems(context))
                    .containsExactlyInAnyOrder(
                        "shipshape.fleet.query-timeout was 'soon' but a duration such as 500ms,"
                            + " 30s, 5m or PT1S was expected",
                        "shipshape.fleet.max-sample-age was 'old' but a duration such as 500ms,"
                            + " 30s, 5m or PT1S was expected"));
  }

  @Test
  void anApplicationWithItsOwnShipshapeIsToldTheUrlAsWritten() {
    runner
        .withBean(Shipshape.class, () -> Shipshape.builder().clock(ManualClock.create()).build())
        .withPropertyValues("shipshape.fleet.prometheus=::::", "shipshape.fleet.headerz.a=b")
        .run(
            context ->
                assertThat(problems(context))
                    .containsExactly(
                        "shipshape.fleet.prometheus was '::::' but a URL was expected",
                        "shipshape.fleet.headerz.a was '***' but is not a Shipshape property:"
                            + " did you mean shipshape.fleet.headers.a?"));
    runner
        .withPropertyValues("shipshape.fleet.prometheus=", "shipshape.fleet.rollouts=new-checkout")
        .run(
            context ->
                assertThat(problems(context))
                    .containsExactly(
                        "shipshape.fleet.prometheus was '' but must be the URL of Prometheus'"
                            + " HTTP API"));
  }

  @Test
  void credentialsInThePrometheusUrlAndHeadersNeverReachTheRolloutsEndpointOrAStartupFailure() {
    String secrets = "(?s).*(pa55-7f1c|t0k-9e2b|b34r3r-c0d3).*";
    runner
        .withPropertyValues(
            "shipshape.fleet.prometheus=http://deploy:pa55-7f1c@127.0.0.1:9/api",
            "shipshape.fleet.rollouts=new-checkout",
            "shipshape.fleet.headers.Authorization=Bearer b34r3r-c0d3")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              RolloutsEndpoint endpoint = new RolloutsEndpoint(context.getBean(Shipshape.class));
              String shown =
                  endpoint.rollouts()
                      + " "
                      + endpoint.control(new String[] {"new-checkout"}, "pause")
                      + " "
                      + context.getBean(FleetGate.class);
              assertThat(shown).contains("127.0.0.1:9").doesNotMatch(secrets);
            });
    // refused, or bound to nothing, the value is shown without them
    for (String property :
        List.of(
            "prometheu=http://deploy:pa55-7f1c@127.0.0.1:9/api?token=t0k-9e2b",
            "prometheus=http://deploy:pa55-7f1c@[::1/api?token=t0k-9e2b",
            "prometheus=http://deploy:pa55-7f1c@127.0.0.1:9/api?token=t0k-9e2b",
            "prometheus=ftp://deploy:pa55-7f1c@127.0.0.1:9/api")) {
      runner
          .withPropertyValues(
              "shipshape.fleet." + property, "shipshape.fleet.rollouts=new-checkout")
          .run(
              context -> {
                assertThat(problems(context))
                    .singleElement()
                    .asString()
                    .contains("shipshape.fleet.prometheu", "://***@");
                assertThat(stackTrace(context.getStartupFailure()))
                    .as(property)
                    .doesNotMatch(secrets);
              });
    }
  }

  /** The problems a context failed to start with. */
  private static List<String> problems(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    Throwable cause = context.getStartupFailure();
    while (cause.getCause() != null && !(cause instanceof InvalidShipshapePropertiesException)) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(InvalidShipshapePropertiesException.class);
    return ((InvalidShipshapePropertiesException) cause)
        .problems().stream().map(ConfigProblem::message).toList();
  }

  /** Everything a log would print of {@code failure}: its messages and every cause's. */
  private static String stackTrace(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** An application with the starter and the fleet gate. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({
    ShipshapeAutoConfiguration.class,
    ShipshapeFleetAutoConfiguration.class
  })
  static class Fleet {}
}
