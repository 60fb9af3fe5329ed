package dev.shipshape.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.fleet.FleetGate;
import dev.shipshape.spring.actuate.RolloutsEndpoint;
import dev.shipshape.spring.actuate.RolloutsEndpointWebExtension;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
            "shipshape.fleet.matchers=env = prod")
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
                            + " label matcher such as env=\"prod\" was expected"));
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
}
