package dev.shipshape.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.core.Shipshape;
import dev.shipshape.spring.internal.KnownProperties;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Misspelled {@code shipshape.*} keys fail startup with the other problems, naming the fix. */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertiesTest {

  private final ApplicationContextRunner runner = runner();

  /** An application with the starter alone on a manual clock. */
  static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ShipshapeAutoConfiguration.class))
        .withBean(ManualClock.class, ManualClock::create);
  }

  @Test
  void misspelledKeysAreStartupProblemsWithTheClosestPropertySuggested() {
    runner
        .withPropertyValues(
            "shipshape.flags.poll-intervall=3s",
            "shipshape.flag.sources=classpath:shipshape/flags.json",
            "shipshape.slo.definitions.search.objectiv=0.99",
            "shipshape.fleet.poll-intervall=30s",
            "shipshape.guards.payments.retry.max-attempts=0")
        .run(
            context -> {
              assertThat(context).hasFailed();
              List<String> problems = problems(context.getStartupFailure());
              assertThat(problems)
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith("shipshape.flags.poll-intervall was '3s'")
                              .endsWith(
                                  "but is not a Shipshape property: did you mean"
                                      + " shipshape.flags.poll-interval?"))
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith(
                                  "shipshape.flag.sources was 'classpath:shipshape/flags.json'")
                              .endsWith("did you mean shipshape.flags.sources?"))
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith("shipshape.slo.definitions.search.objectiv was '0.99'")
                              .endsWith(
                                  "did you mean shipshape.slo.definitions.search.objective?"))
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith("shipshape.fleet.poll-intervall was '30s'")
                              .endsWith("did you mean shipshape.fleet.poll-interval?"))
                  // listed with the other problems, all at once
                  .contains(
                      "shipshape.guards.payments.retry.max-attempts was '0' but must be at least 1")
                  .hasSize(5);
            });
  }

  @Test
  void aSuggestionKeepsTheMapKeyAsSpelledAndAHeaderNameMayHoldDots() {
    runner
        .withPropertyValues(
            "shipshape.slo.definitions[checkout.v2].objectiv=0.99",
            "shipshape.guards.Payments.timout=1s",
            "shipshape.fleet.headers.x.trace=on") // binds the header "x.trace"
        .run(
            context ->
                assertThat(problems(context.getStartupFailure()))
                    .satisfiesExactlyInAnyOrder(
                        p ->
                            assertThat(p)
                                .endsWith("shipshape.slo.definitions[checkout.v2].objective?"),
                        p -> assertThat(p).endsWith("shipshape.guards.Payments.timeout?")));
  }

  @Test
  void aMisspeltSecretIsReportedWithoutItsValue() {
    runner
        .withPropertyValues(
            "shipshape.flags.http-header.authorization=Bearer s3cr3t-t0ken",
            "shipshape.fleet.api-token=t0k-9e2b",
            "shipshape.flags.poll-intervall=3s")
        .run(
            context -> {
              assertThat(problems(context.getStartupFailure()))
                  .containsExactlyInAnyOrder(
                      "shipshape.flags.http-header.authorization was '***' but is not a Shipshape"
                          + " property: did you mean shipshape.flags.http-headers.authorization?",
                      "shipshape.fleet.api-token was '***' but is not a Shipshape property",
                      "shipshape.flags.poll-intervall was '3s' but is not a Shipshape property:"
                          + " did you mean shipshape.flags.poll-interval?");
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageNotContaining("s3cr3t")
                  .hasMessageNotContaining("t0k-9e2b");
            });
  }

  @Test
  void everyFormOfAValidKeyIsAccepted() {
    runner
        .withPropertyValues(
            "shipshape.flags.sources[0]=classpath:shipshape/flags.json",
            "shipshape.flags.pollInterval=1s",
            "shipshape.flags.stale_after=1d",
            "shipshape.slo.definitions.new-checkout.objective=0.99",
            "shipshape.slo.definitions[old.checkout].objective=0.9",
            "shipshape.rollouts.new-checkout.steps[0]=10",
            "shipshape.rollouts.new-checkout.steps[1]=100",
            "shipshape.rollouts.new-checkout.halt-on=new-checkout",
            "shipshape.health.defaults.probes=readiness,liveness",
            "shipshape.guards.payments.circuit-breaker.enabled=true",
            "shipshape.fleet.poll-interval=30s",
            "shipshape.fleet.headers.X-Scope-OrgID=shop",
            "shipshape.enabled=true",
            "shipshapes.other-library.setting=1")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Shipshape.class));
  }

  @Test
  void everyPropertyInTheGeneratedMetadataIsKnown() throws Exception {
    JsonNode metadata;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      metadata = new ObjectMapper().readTree(in);
    }
    int checked = 0;
    for (JsonNode p : metadata.get("properties")) {
      String name = p.get("name").asText();
      if (!name.startsWith("shipshape.")) {
        continue;
      }
      String type = p.get("type").asText();
      String key =
          !type.startsWith("java.util.Map<")
              ? name
              : type.endsWith(",java.lang.String>")
                  ? name + ".Some-Name" // a map of plain values, such as HTTP headers
                  : name + ".some-name." + firstChild(name);
      assertThat(KnownProperties.isKnown(key)).as(key).isTrue();
      checked++;
    }
    assertThat(checked).isGreaterThan(15);
    assertThat(KnownProperties.isKnown("shipshape.flags.poll-intervall")).isFalse();
    assertThat(KnownProperties.isKnown("shipshape.guards.payments")).isFalse();
  }

  private static String firstChild(String mapProperty) {
    return switch (mapProperty) {
      case "shipshape.guards" -> "timeout";
      case "shipshape.rollouts" -> "steps";
      case "shipshape.slo.definitions" -> "objective";
      case "shipshape.health.checks" -> "probes";
      default -> throw new AssertionError("a map property this test does not know: " + mapProperty);
    };
  }

  @Test
  void theProblemNamesTheFileAndLineTheKeyCameFrom(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("application.properties");
    Files.writeString(file, "spring.main.banner-mode=off\nshipshape.logginng=false\n");
    assertThat(problems(startupFailure(file)))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .startsWith(
                        "shipshape.logginng was 'false' but is not a Shipshape property (set in")
                    .contains(file.getFileName().toString())
                    .contains("2:")
                    .endsWith("): did you mean shipshape.logging?"));
  }

  @Test
  void unknownEnvironmentVariablesAreOnlyLogged(CapturedOutput output) {
    runner
        .withInitializer(
            environment(
                "SHIPSHAPE_FLAGS_POLLINTERVALL", "3s",
                "SHIPSHAPE_FLAGS_STALEAFTER", "1d",
                "SHIPSHAPE_SLO_DEFINITIONS_CHECKOUT_OBJECTIVE", "0.99"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Shipshape.class).slo("checkout").definition().objective())
                  .isEqualTo(0.99);
            });
    assertThat(output.getAll())
        .contains(
            "environment variable SHIPSHAPE_FLAGS_POLLINTERVALL binds no Shipshape property and is"
                + " ignored; did you mean shipshape.flags.poll-interval"
                + " (SHIPSHAPE_FLAGS_POLLINTERVAL)?")
        .doesNotContain("SHIPSHAPE_FLAGS_STALEAFTER")
        .doesNotContain("SHIPSHAPE_SLO_DEFINITIONS_CHECKOUT_OBJECTIVE");
  }

  @Test
  void environmentAndCamelCaseValuesAreNamedByTheirPropertyAndTheHigherSourceWins() {
    runner
        .withPropertyValues( // a source above the environment, as application properties are
            "shipshape.slo.definitions.checkout.latencyThreshold=-1s",
            "shipshape.flags.pollInterval=1s")
        .withInitializer(
            environment(
                "SHIPSHAPE_SLO_DEFINITIONS_CHECKOUT_OBJECTIVE", "1.5",
                "SHIPSHAPE_FLAGS_POLLINTERVAL", "-5s")) // hidden by 1s
        .run(
            context ->
                assertThat(problems(context.getStartupFailure()))
                    .containsExactlyInAnyOrder(
                        "shipshape.slo.definitions.checkout.objective was '1.5' but a ratio"
                            + " strictly between 0 and 1 (e.g. 0.999) was expected",
                        "shipshape.slo.definitions.checkout.latency-threshold was 'PT-1S' but a"
                            + " positive duration was expected"));
  }

  /** Puts {@code variables} in place of the operating system's environment. */
  static ApplicationContextInitializer<ConfigurableApplicationContext> environment(
      String... variables) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < variables.length; i += 2) {
      map.put(variables[i], variables[i + 1]);
    }
    return context ->
        context
            .getEnvironment()
            .getPropertySources()
            .replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, map));
  }

  /** Starts an application with the starter and the properties of {@code file}: how it failed. */
  static @Nullable Throwable startupFailure(Path file) {
    return startupFailure(Plain.class, "file:" + file);
  }

  /** Starts {@code application} with the properties at {@code location}: how it failed. */
  static @Nullable Throwable startupFailure(Class<?> application, String location) {
    SpringApplication app = new SpringApplication(application);
    app.setWebApplicationType(WebApplicationType.NONE);
    try {
      app.run("--spring.config.location=" + location).close();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** The messages of the Shipshape problems that stopped a startup. */
  static List<String> problems(@Nullable Throwable failure) {
    Throwable t = failure;
    while (t != null && !(t instanceof InvalidShipshapePropertiesException)) {
      t = t.getCause();
    }
    assertThat(t).as("cause of %s", failure).isNotNull();
    return ((InvalidShipshapePropertiesException) t)
        .problems().stream().map(ConfigProblem::message).toList();
  }

  /** An application with only the starter. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(ShipshapeAutoConfiguration.class)
  static class Plain {}
}
