package dev.shipshape.spring;

import static dev.shipshape.spring.UnknownPropertiesTest.environment;
import static dev.shipshape.spring.UnknownPropertiesTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.Shipshape;
import dev.shipshape.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/**
 * Values Boot's binder cannot convert, entries left empty and properties spelled twice are
 * problems reported with every other problem of the properties, instead of a binding error that
 * hides the rest or a value dropped without a word.
 */
class BindingProblemsTest {

  private final ApplicationContextRunner runner = UnknownPropertiesTest.runner();

  @Test
  void valuesBootCannotConvertAreListedWithEveryOtherProblem() {
    runner
        .withPropertyValues(
            "shipshape.guards.payments.timeout=abc",
            "shipshape.guards.payments.retry.max-attempts=1.5",
            "shipshape.guards.payments.circuit-breaker.enabled=maybe",
            "shipshape.guards.payments.circuit-breaker.failure-rate-threshold=half",
            "shipshape.slo.definitions.search.objective=high",
            "shipshape.flags.poll-intervall=3s",
            "shipshape.slo.definitions.checkout.objective=1.5")
        .run(
            context ->
                assertThat(problems(context.getStartupFailure()))
                    .containsExactlyInAnyOrder(
                        "shipshape.guards.payments.timeout was 'abc' but a duration such as 500ms,"
                            + " 30s, 5m or PT1S was expected",
                        "shipshape.guards.payments.retry.max-attempts was '1.5' but a whole"
                            + " number was expected",
                        "shipshape.guards.payments.circuit-breaker.enabled was 'maybe' but true or"
                            + " false was expected",
                        "shipshape.guards.payments.circuit-breaker.failure-rate-threshold was"
                            + " 'half' but a number was expected",
                        "shipshape.slo.definitions.search.objective was 'high' but a number was"
                            + " expected",
                        "shipshape.flags.poll-intervall was '3s' but is not a Shipshape property:"
                            + " did you mean shipshape.flags.poll-interval?",
                        "shipshape.slo.definitions.checkout.objective was '1.5' but a ratio"
                            + " strictly between 0 and 1 (e.g. 0.999) was expected"));
  }

  @Test
  void aLongValueIsShownByItsBeginning() {
    runner
        .withPropertyValues("shipshape.flags.poll-interval=" + "soon".repeat(10_000))
        .run(
            context ->
                assertThat(problems(context.getStartupFailure()))
                    .containsExactly(
                        "shipshape.flags.poll-interval was '"
                            + "soon".repeat(14)
                            + "s...' but a duration such as 500ms, 30s, 5m or PT1S was"
                            + " expected"));
  }

  @Test
  void anEntryWithNothingUnderItIsOneProblemNamingIt() {
    runner
        .withPropertyValues("shipshape.guards.payments=", "shipshape.slo.definitions.search=")
        .run(
            context ->
                assertThat(problems(context.getStartupFailure()))
                    .containsExactlyInAnyOrder(
                        "shipshape.guards.payments was '' but settings under it were expected: an"
                            + " entry with nothing under it defines nothing, so give it a setting"
                            + " or remove it",
                        "shipshape.slo.definitions.search was '' but settings under it were"
                            + " expected: an entry with nothing under it defines nothing, so give"
                            + " it a setting or remove it"));
  }

  @Test
  void aYamlFileNamesTheLineOfEachValueAndItsEntriesLeftEmpty(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("application.yml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "spring.main.banner-mode: off",
            "shipshape:",
            "  guards:",
            "    payments:",
            "    search: []",
            "    inventory:",
            "      timeout: soon",
            "    orders: {}", // Boot drops an empty map before any check can see it
            ""));
    List<String> problems = problems(UnknownPropertiesTest.startupFailure(file));
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0))
        .startsWith("shipshape.guards.payments was '' but settings under it were expected")
        .contains("(set in", file.getFileName().toString(), "4:");
    assertThat(problems.get(1))
        .startsWith("shipshape.guards.search was '' but settings under it were expected")
        .contains("5:");
    assertThat(problems.get(2))
        .startsWith(
            "shipshape.guards.inventory.timeout was 'soon' but a duration such as 500ms, 30s, 5m"
                + " or PT1S was expected (set in")
        .contains("7:");
  }

  @Test
  void aListElementSetWithoutAnIndexIsOneProblemNamingTheKeyAsWritten() {
    String in = " (set in class path resource [shipshape/list-index.properties] - ";
    assertThat(
            problems(
                UnknownPropertiesTest.startupFailure(
                    ShipshapeFleetAutoConfigurationTest.Fleet.class,
                    "classpath:shipshape/list-index.properties")))
        .containsExactly(
            "shipshape.fleet.matchers[x] was 'abc' but a list index such as"
                + " shipshape.fleet.matchers[0] was expected"
                + in
                + "4:29)",
            "shipshape.fleet.rollouts[x] was 'new-checkout' but a list index such as"
                + " shipshape.fleet.rollouts[0] was expected"
                + in
                + "5:29)",
            "shipshape.rollouts.new-checkout.steps[0][1] was '10' but a list index such as"
                + " shipshape.rollouts.new-checkout.steps[0] was expected"
                + in
                + "7:45)",
            "shipshape.rollouts.new-checkout.halt-on.x was 'checkout' but a list index such as"
                + " shipshape.rollouts.new-checkout.halt-on[0] was expected"
                + in
                + "8:43)");
  }

  @Test
  void aYamlMapWhereAListIsExpectedIsOneProblemForEachEntry() {
    String in = " (set in class path resource [shipshape/list-index.yml] - ";
    assertThat(
            problems(
                UnknownPropertiesTest.startupFailure(
                    ShipshapeFleetAutoConfigurationTest.Fleet.class,
                    "classpath:shipshape/list-index.yml")))
        .containsExactly(
            "shipshape.flags.sources.main was 'classpath:shipshape/flags.json' but a list index"
                + " such as shipshape.flags.sources[0] was expected"
                + in
                + "5:13)",
            "shipshape.fleet.matchers.job was 'abc' but a list index such as"
                + " shipshape.fleet.matchers[0] was expected"
                + in
                + "9:12)");
  }

  @Test
  void aListIndexWhereNamedEntriesAreExpectedIsOneProblemNamingTheKeyAsWritten() {
    String in = " (set in class path resource [shipshape/map-index.properties] - ";
    assertThat(
            problems(
                UnknownPropertiesTest.startupFailure(
                    ShipshapeFleetAutoConfigurationTest.Fleet.class,
                    "classpath:shipshape/map-index.properties")))
        .containsExactly(
            "shipshape.guards[0].timeout was '1s' but entries under shipshape.guards, each by its"
                + " name (shipshape.guards.payments.timeout), were expected instead of a list"
                + in
                + "4:29)",
            "shipshape.slo.definitions[0].objective was '0.9' but entries under"
                + " shipshape.slo.definitions, each by its name"
                + " (shipshape.slo.definitions.checkout.objective), were expected instead of a"
                + " list"
                + in
                + "5:40)",
            "shipshape.fleet.headers[0] was '***' but entries under shipshape.fleet.headers, each"
                + " by its name (shipshape.fleet.headers.authorization), were expected instead of"
                + " a list"
                + in
                + "6:28)",
            "shipshape.rollouts[0].steps was '10' but entries under shipshape.rollouts, each by"
                + " its name (shipshape.rollouts.new-checkout.steps), were expected instead of a"
                + " list"
                + in
                + "7:29)",
            "shipshape.health.checks[0].probes was 'readiness' but entries under"
                + " shipshape.health.checks, each by its name (shipshape.health.checks.db.probes),"
                + " were expected instead of a list"
                + in
                + "8:35)");
  }

  @Test
  void aYamlListWhereNamedEntriesAreExpectedIsOneProblemForEachEntry() {
    String in = " (set in class path resource [shipshape/map-index.yml] - ";
    assertThat(
            problems(
                UnknownPropertiesTest.startupFailure(
                    UnknownPropertiesTest.Plain.class, "classpath:shipshape/map-index.yml")))
        .containsExactly(
            "shipshape.guards[0].timeout was '1s' but entries under shipshape.guards, each by its"
                + " name (shipshape.guards.payments.timeout), were expected instead of a list"
                + in
                + "4:16)",
            "shipshape.slo.definitions[0].objective was '0.9' but entries under"
                + " shipshape.slo.definitions, each by its name"
                + " (shipshape.slo.definitions.checkout.objective), were expected instead of a"
                + " list"
                + in
                + "7:20)");
  }

  @Test
  void anEnvironmentVariableNamesAnEntryByItsDigitsAsBootBindsIt() {
    runner
        .withPropertyValues("shipshape.guards[0].timeout=1s")
        .withInitializer(environment("SHIPSHAPE_GUARDS_1_TIMEOUT", "2s"))
        .run(
            context ->
                assertThat(problems(context.getStartupFailure()))
                    .containsExactly(
                        "shipshape.guards[0].timeout was '1s' but entries under"
                            + " shipshape.guards, each by its name"
                            + " (shipshape.guards.payments.timeout), were expected instead of a"
                            + " list"));
    runner
        .withInitializer(environment("SHIPSHAPE_GUARDS_1_TIMEOUT", "2s"))
        .run(
            context ->
                assertThat(context.getBean(Shipshape.class).guards())
                    .extracting(g -> g.name())
                    .containsExactly("1"));
  }

  @Test
  void aPropertySpelledTwiceInOneSourceWithTwoValuesIsAProblem() {
    runner
        .withPropertyValues(
            "shipshape.flags.poll-interval=3s",
            "shipshape.flags.pollInterval=5s",
            "shipshape.guards.payments.timeout=1s",
            "shipshape.guards.payments.Timeout=1s") // the same value: nothing is lost
        .run(
            context ->
                assertThat(problems(context.getStartupFailure()))
                    .containsExactly(
                        "shipshape.flags.pollInterval was '5s' but sets the same property as"
                            + " shipshape.flags.poll-interval ('3s') in the same place, and only"
                            + " one of them would be used: give the property once"));
  }

  @Test
  void mapKeysThatDifferInCaseAreTwoEntriesAndASourceAboveOverridesOneBelow() {
    runner
        .withPropertyValues(
            "shipshape.guards.payments.timeout=1s",
            "shipshape.guards.Payments.timeout=2s",
            "shipshape.flags.pollInterval=7s")
        .withInitializer(environment("SHIPSHAPE_FLAGS_POLLINTERVAL", "9s"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Shipshape ship = context.getBean(Shipshape.class);
              assertThat(ship.guards()).extracting(g -> g.name())
                  .containsExactlyInAnyOrder("payments", "Payments");
              assertThat(context.getBean(ShipshapeProperties.class).getFlags().getPollInterval())
                  .isEqualTo(Duration.ofSeconds(7));
            });
  }

  @Test
  void anApplicationWithItsOwnShipshapeStillStopsOnAValueBootCannotConvert() {
    runner
        .withBean(Shipshape.class, () -> Shipshape.builder().clock(ManualClock.create()).build())
        .withPropertyValues("shipshape.flags.poll-interval=often")
        .run(
            context ->
                assertThat(problems(context.getStartupFailure()))
                    .containsExactly(
                        "shipshape.flags.poll-interval was 'often' but a duration such as 500ms,"
                            + " 30s, 5m or PT1S was expected"));
  }
  @Test
  void anEnabledValueBootCannotReadIsAProblemInsteadOfTheStarterTurnedOff() {
    runner
        .withPropertyValues("shipshape.enabled=maybe", "shipshape.guards.payments.timeout=abc")
        .run(
            context ->
                assertThat(problems(context.getStartupFailure()))
                    .containsExactlyInAnyOrder(
                        "shipshape.enabled was 'maybe' but true or false was expected",
                        "shipshape.guards.payments.timeout was 'abc' but a duration such as 500ms,"
                            + " 30s, 5m or PT1S was expected"));
    // read as the bound property reads them
    runner
        .withPropertyValues("shipshape.enabled=yes")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Shipshape.class));
    runner
        .withPropertyValues("shipshape.enabled=off", "shipshape.guards.payments.timeout=abc")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Shipshape.class));
  }

  @Test
  void aBindingAfterStartupFailsAtAValueBootCannotConvertAsBootWould() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          context
              .getEnvironment()
              .getPropertySources()
              .addFirst(
                  new MapPropertySource("later", Map.of("shipshape.flags.poll-interval", "often")));
          ShipshapeProperties properties = context.getBean(ShipshapeProperties.class);
          String name = context.getBeanNamesForType(ShipshapeProperties.class)[0];
          // a refresh of the properties binds them again, as Spring Cloud's rebinder does
          assertThatThrownBy(
                  () -> context.getAutowireCapableBeanFactory().initializeBean(properties, name))
              .isInstanceOf(ConfigurationPropertiesBindException.class)
              .hasStackTraceContaining("often");
        });
  }
}
