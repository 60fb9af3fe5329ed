package dev.shipshape.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.CheckReport;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.rollout.Rollouts;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.otelbridge.OtelTelemetry;
import dev.shipshape.slo.Slo;
import dev.shipshape.spring.actuate.FlagsEndpoint;
import dev.shipshape.spring.actuate.RolloutsEndpoint;
import dev.shipshape.spring.actuate.ShipshapeActuatorAutoConfiguration;
import dev.shipshape.spring.actuate.ShipshapeHealthContributor;
import dev.shipshape.spring.actuate.SlosEndpoint;
import dev.shipshape.spring.internal.InvalidPropertiesFailureAnalyzer;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ShipshapeAutoConfigurationTest {

  private static final AutoConfigurations SHIPSHAPE =
      AutoConfigurations.of(
          ShipshapeAutoConfiguration.class,
          ShipshapeOpenTelemetryAutoConfiguration.class,
          ShipshapeActuatorAutoConfiguration.class,
          ApplicationAvailabilityAutoConfiguration.class);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(SHIPSHAPE)
          .withBean(ManualClock.class, ManualClock::create);

  @Test
  void buildsShipshapeWithoutMeterRegistryOrOpenTelemetry() {
    runner
        .withPropertyValues(
            "shipshape.flags.sources=classpath:shipshape/flags.json",
            "shipshape.slo.definitions.checkout.objective=0.999")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Shipshape.class);
              assertThat(context).doesNotHaveBean(MeterRegistry.class);
              assertThat(context).doesNotHaveBean(OtelTelemetry.class);
              Shipshape ship = context.getBean(Shipshape.class);
              assertThat(ship.flags().stringValue("greeting", "none")).isEqualTo("hello");
              assertThat(ship.slo("checkout").definition().objective()).isEqualTo(0.999);
              assertThat(ship.clock()).isSameAs(context.getBean(ManualClock.class));
            });
  }

  @Test
  void staysOffWhenShipshapeIsDisabled() {
    runner
        .withPropertyValues("shipshape.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(Shipshape.class);
              assertThat(context).doesNotHaveBean(ShipshapeHealthContributor.class);
            });
  }

  @Test
  void exportsMetersToTheApplicationsRegistry() {
    runner
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("shipshape.slo.definitions.checkout.objective=0.99")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              context.getBean(Shipshape.class).slo("checkout").record(true);
              assertThat(
                      registry
                          .find("shipshape.slo.budget.remaining")
                          .tag("slo", "checkout")
                          .gauge())
                  .isNotNull();
            });
  }

  @Test
  void sendsTelemetryToTheApplicationsOpenTelemetry() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    runner
        .withBean(
            OpenTelemetry.class,
            () ->
                OpenTelemetrySdk.builder()
                    .setMeterProvider(
                        SdkMeterProvider.builder().registerMetricReader(reader).build())
                    .build())
        .withPropertyValues("shipshape.slo.definitions.checkout.objective=0.99")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(OtelTelemetry.class);
              context.getBean(Shipshape.class).slo("checkout").record(false);
              assertThat(reader.collectAllMetrics())
                  .extracting(MetricData::getName)
                  .contains(MeterCatalogue.SLO_BUDGET_REMAINING.name());
            });
  }

  @Test
  void leavesOpenTelemetryAloneWhenTheBridgeIsAbsent() {
    runner
        .withClassLoader(new FilteredClassLoader(OtelTelemetry.class))
        .withBean(OpenTelemetry.class, OpenTelemetry::noop)
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Shipshape.class);
              assertThat(context).doesNotHaveBean("shipshapeOtelTelemetry");
            });
  }

  @Test
  void addsTelemetrySinkBeansAndAppliesCustomizers() {
    List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
    runner
        .withBean("recordingSink", TelemetrySink.class, () -> events::add)
        .withBean(
            ShipshapeCustomizer.class,
            () -> b -> b.healthCheck("from-customizer", HealthResult::up, Probe.LIVENESS))
        .withPropertyValues("shipshape.flags.sources=classpath:shipshape/flags.json")
        .run(
            context -> {
              Shipshape ship = context.getBean(Shipshape.class);
              ship.flags().stringValue("greeting", "none");
              assertThat(events).anyMatch(e -> e.kind() == TelemetryEvent.Kind.FLAG_EVALUATED);
              assertThat(ship.health().reportAsync(Probe.LIVENESS).toCompletableFuture().join()
                      .check("from-customizer"))
                  .map(CheckReport::status)
                  .contains(HealthStatus.UP);
            });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnShipshape() {
    AtomicReference<Shipshape> own = new AtomicReference<>();
    runner
        .withUserConfiguration(OwnShipshape.class)
        .withPropertyValues("shipshape.slo.definitions.checkout.objective=2")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Shipshape.class);
              own.set(context.getBean(Shipshape.class));
              assertThat(own.get().slos()).extracting(s -> s.name()).containsExactly("own");
            });
  }

  @Test
  void registersHealthCheckBeansWithTheirConfiguredOptions() {
    runner
        .withBean("db", HealthCheck.class, () -> HealthResult::up)
        .withBean("worker", HealthCheck.class, () -> () -> HealthResult.down("stuck"))
        .withPropertyValues(
            "shipshape.health.checks.worker.probes=liveness",
            "shipshape.health.checks.worker.critical=false",
            "shipshape.health.defaults.timeout=500ms")
        .run(
            context -> {
              Shipshape ship = context.getBean(Shipshape.class);
              var readiness =
                  ship.health().reportAsync(Probe.READINESS).toCompletableFuture().join();
              var liveness = ship.health().reportAsync(Probe.LIVENESS).toCompletableFuture().join();
              assertThat(readiness.check("db")).map(CheckReport::status).contains(HealthStatus.UP);
              assertThat(readiness.check("worker")).isEmpty();
              assertThat(liveness.check("worker")).map(CheckReport::critical).contains(false);
              assertThat(liveness.status()).isEqualTo(HealthStatus.UP);
            });
  }

  @Test
  void anEntryWhoseOnlySettingsAreEmptyIsAProblemNotDroppedSilently() {
    runner
        .withPropertyValues(
            "shipshape.slo.definitions.checkout.objective=",
            "shipshape.guards.payments.timeout=",
            "shipshape.rollouts.new-checkout.steps=")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(invalid(context.getStartupFailure()).problems())
                  .extracting(ConfigProblem::message)
                  .contains(
                      "shipshape.slo.definitions.checkout.objective was '' but sets nothing, and no"
                          + " other setting of shipshape.slo.definitions.checkout has a value, so"
                          + " it would be ignored: give it a value or remove it",
                      "shipshape.guards.payments.timeout was '' but sets nothing, and no other"
                          + " setting of shipshape.guards.payments has a value, so it would be"
                          + " ignored: give it a value or remove it")
                  .anySatisfy(p -> assertThat(p).startsWith("shipshape.rollouts.new-checkout.steps"))
                  .hasSize(3);
            });
    // entries that bind, however their names are spelled, are not taken for empty ones
    runner
        .withPropertyValues(
            "shipshape.slo.definitions.checkout.objective=0.999",
            "shipshape.slo.definitions.checkout.description=",
            "shipshape.slo.definitions[checkout.v2].objective=0.99",
            "shipshape.guards.Payments.timeout=2s")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Shipshape ship = context.getBean(Shipshape.class);
              assertThat(ship.slos()).extracting(Slo::name).contains("checkout", "checkout.v2");
            });
  }

  @Test
  void failsStartupListingEveryInvalidPropertyByName() {
    runner
        .withPropertyValues(
            "shipshape.flags.sources=classpath:shipshape/missing.json",
            "shipshape.slo.definitions.checkout.objective=1.5",
            "shipshape.slo.definitions.checkout.latency-threshold=-1s",
            "shipshape.guards.payments.retry.max-attempts=0",
            "shipshape.guards.payments.circuit-breaker.enabled=true",
            "shipshape.guards.payments.circuit-breaker.failure-rate-threshold=150",
            "shipshape.rollouts.new-checkout.steps=5,1",
            "shipshape.health.checks.nothing.timeout=1s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable root = rootCause(context.getStartupFailure());
              assertThat(root).isInstanceOf(InvalidShipshapePropertiesException.class);
              List<String> problems =
                  ((InvalidShipshapePropertiesException) root)
                      .problems().stream().map(ConfigProblem::message).toList();
              assertThat(problems)
                  .contains(
                      "shipshape.flags.sources[0] was 'classpath:shipshape/missing.json' but no"
                          + " such classpath resource exists",
                      "shipshape.guards.payments.retry.max-attempts was '0' but must be at least 1")
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith(
                                  "shipshape.slo.definitions.checkout.objective was '1.5' but"))
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith(
                                  "shipshape.slo.definitions.checkout.latency-threshold was"
                                      + " 'PT-1S'"))
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith(
                                  "shipshape.guards.payments.circuit-breaker.failure-rate-threshold"
                                      + " was '150.0' but"))
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith("shipshape.rollouts.new-checkout.steps[1] was '1.0'"))
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith(
                                  "shipshape.health.checks.nothing was 'nothing' but no HealthCheck"
                                      + " bean"))
                  .hasSize(7);
              assertThat(root.getMessage())
                  .startsWith("invalid Shipshape configuration (7 problems)");
            });
  }

  /**
   * Values that bind but that no setting can take, each failing startup as one problem naming
   * its property: never an exception from deeper down (long overflow, an invalid path), never
   * accepted silently (NaN compares false against every bound), never misnamed.
   */
  @ParameterizedTest
  @MethodSource("hostileValues")
  void reportsAHostileValueAsOneProblemNamingItsProperty(List<String> properties, String problem) {
    runner
        .withPropertyValues(properties.toArray(String[]::new))
        .run(
            context ->
                assertThat(invalid(context.getStartupFailure()).problems())
                    .extracting(ConfigProblem::message)
                    .containsExactly(problem));
  }

  static Stream<Arguments> hostileValues() {
    String guard = "shipshape.guards.pay.";
    String nul = "slo/a\u0000.yaml";
    return Stream.of(
        arguments(
            List.of(guard + "retry.max-attempts=2", guard + "retry.wait=1000000000000d"),
            guard + "retry.wait was 'PT24000000000000H' but must be at most"
                + " PT2562047788015H12M55.807S"),
        arguments(
            List.of(guard + "rate-limiter.permits=2", guard + "rate-limiter.period=P999999999D"),
            guard + "rate-limiter.period was 'PT23999999976H' but must be at most"
                + " PT2562047H47M16.854775807S"),
        arguments(
            List.of(
                guard + "circuit-breaker.enabled=true",
                guard + "circuit-breaker.failure-rate-threshold=NaN"),
            guard + "circuit-breaker.failure-rate-threshold was 'NaN' but must be a number"),
        arguments(
            List.of("shipshape.flags.stale-after=-1s"),
            "shipshape.flags.stale-after was 'PT-1S' but must be positive and at most 36500 days"),
        arguments(
            List.of("shipshape.flags.stale-after=1000000000000d"),
            "shipshape.flags.stale-after was 'PT24000000000000H' but must be positive and at most"
                + " 36500 days"),
        arguments(
            List.of("shipshape.flags.sources=ftp://example.com/flags.json"),
            "shipshape.flags.sources[0] was 'ftp://example.com/flags.json' but must be a file"
                + " path, classpath: resource or http(s) URL (ftp is not supported)"),
        arguments(
            List.of("shipshape.flags.sources=HTTPS://"), // a URL: schemes ignore case
            "shipshape.flags.sources[0] was 'HTTPS://' but must be a valid URL"),
        // a refused URL is named without its secrets, as an HTTP source names its URL
        arguments(
            List.of("shipshape.flags.sources=ftp://ops:s3cret@example.com/flags.json?token=t0k"),
            "shipshape.flags.sources[0] was 'ftp://***@example.com/flags.json?token=***' but must"
                + " be a file path, classpath: resource or http(s) URL (ftp is not supported)"),
        arguments(
            List.of("shipshape.flags.sources=https://ops:s3 cr/et@example.com/flags.json?k=t0k"),
            "shipshape.flags.sources[0] was 'https://***@example.com/flags.json?k=***' but must be"
                + " a valid URL"),
        arguments(
            List.of("shipshape.slo.files=" + nul),
            "shipshape.slo.files[0] was '"
                + nul
                + "' but must be a valid file path (Nul character not allowed)"),
        arguments(
            List.of("shipshape.slo.definitions[checkout.v2].objective=2"),
            "shipshape.slo.definitions[checkout.v2].objective was '2.0' but a ratio strictly"
                + " between 0 and 1 (e.g. 0.999) was expected"));
  }

  @Test
  void listsEveryProblemOfAThousandSloDefinitions() {
    String[] properties = new String[1000];
    for (int i = 0; i < properties.length; i++) {
      String objective = i % 2 == 0 ? "0.99" : "1.5";
      properties[i] = "shipshape.slo.definitions.slo-" + i + ".objective=" + objective;
    }
    runner
        .withPropertyValues(properties)
        .run(
            context -> {
              InvalidShipshapePropertiesException invalid = invalid(context.getStartupFailure());
              assertThat(invalid.getMessage())
                  .startsWith("invalid Shipshape configuration (500 problems)");
              assertThat(invalid.problems())
                  .extracting(ConfigProblem::setting)
                  .contains(
                      "shipshape.slo.definitions.slo-1.objective",
                      "shipshape.slo.definitions.slo-999.objective")
                  .doesNotHaveDuplicates();
            });
  }

  @Test
  void reportsEachProblemOfAnOpenSloFileUnderThePropertyThatNamedTheFile() {
    runner
        .withPropertyValues(
            "shipshape.slo.files=classpath:shipshape/checkout-slo.yaml,"
                + "classpath:shipshape/broken-slo.yaml")
        .run(
            context -> {
              InvalidShipshapePropertiesException root = invalid(context.getStartupFailure());
              String inFile = "must be a valid OpenSLO file: document 0 (metadata.name 'broken'): ";
              assertThat(root.problems())
                  .extracting(ConfigProblem::path, ConfigProblem::value, ConfigProblem::expected)
                  .containsExactlyInAnyOrder(
                      tuple(
                          List.of("shipshape.slo.files[1]"),
                          "classpath:shipshape/broken-slo.yaml",
                          inFile
                              + "spec.owner was 'nobody' but a supported field ("
                              + "budgetingMethod, description, indicator, objectives, service,"
                              + " timeWindow) was expected"),
                      tuple(
                          List.of("shipshape.slo.files[1]"),
                          "classpath:shipshape/broken-slo.yaml",
                          inFile
                              + "spec.budgetingMethod was 'Weekly' but 'Occurrences' or"
                              + " 'Timeslices' (RatioTimeslices is not supported) was expected"));
              assertThat(root.getMessage())
                  .startsWith("invalid Shipshape configuration (2 problems)")
                  .contains(
                      "\n  - shipshape.slo.files[1] was 'classpath:shipshape/broken-slo.yaml' but"
                          + " must be a valid OpenSLO file: document 0 (metadata.name 'broken'):"
                          + " spec.budgetingMethod was 'Weekly' but");
            });
  }

  @Test
  void reportsFlagSourcesThatClashOrCannotBeMadeByTheirProperty() {
    runner
        .withPropertyValues(
            "shipshape.flags.sources=classpath:shipshape/flags.json,"
                + "http://flags_server/flags.json,classpath:/shipshape/flags.json")
        .run(
            context ->
                assertThat(invalid(context.getStartupFailure()).problems())
                    .extracting(ConfigProblem::message)
                    .containsExactly(
                        "shipshape.flags.sources[1] was 'http://flags_server/flags.json' but must"
                            + " be an http or https URL",
                        "shipshape.flags.sources[2] was 'classpath:shipshape/flags.json' but"
                            + " source names must be unique"));
  }

  @Test
  void reportsAFlagSourcePropertyThatClashesWithACustomizersSourceByItsProperty() {
    runner
        .withBean(
            ShipshapeCustomizer.class,
            () ->
                b ->
                    b.flags(
                        FlagSource.inMemory().putBoolean("from-customizer", true),
                        FlagSource.classpath("shipshape/flags.json")))
        .withPropertyValues("shipshape.flags.sources=classpath:shipshape/flags.json")
        .run(
            context ->
                assertThat(invalid(context.getStartupFailure()).problems())
                    .containsExactly(
                        ConfigProblem.of(
                            "shipshape.flags.sources[0]",
                            "classpath:shipshape/flags.json",
                            "source names must be unique")));
  }

  @Test
  void explainsInvalidPropertiesAtStartupWithEveryProblem() {
    runner
        .withPropertyValues(
            "shipshape.slo.definitions.checkout.objective=1.5",
            "shipshape.guards.payments.bulkhead.max-concurrent-calls=0")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new InvalidPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .contains("shipshape.slo.definitions.checkout.objective was '1.5' but")
                  .contains(
                      "shipshape.guards.payments.bulkhead.max-concurrent-calls was '0' but must be"
                          + " at least 1");
              assertThat(analysis.getAction()).contains("shipshape.* properties");
            });
  }

  @Test
  void reportsAMissingObjectiveTogetherWithTheSlosOtherProblems() {
    runner
        .withPropertyValues("shipshape.slo.definitions.checkout.window=90d")
        .run(
            context -> {
              Throwable root = rootCause(context.getStartupFailure());
              assertThat(
                      ((InvalidShipshapePropertiesException) root)
                          .problems().stream().map(ConfigProblem::message).toList())
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith("shipshape.slo.definitions.checkout.objective was '"))
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith(
                                  "shipshape.slo.definitions.checkout.window was 'PT2160H'"))
                  .hasSize(2);
            });
  }

  @Test
  void takesAnSlosRunbookUrlAndReportsABadOneByItsProperty() {
    runner
        .withPropertyValues(
            "shipshape.slo.definitions.checkout.objective=0.999",
            "shipshape.slo.definitions.checkout.runbook-url=https://runbooks.example.com/checkout")
        .run(
            context ->
                assertThat(
                        context.getBean(Shipshape.class).slo("checkout").definition().runbookUrl())
                    .contains("https://runbooks.example.com/checkout"));
    runner
        .withPropertyValues(
            "shipshape.slo.definitions.checkout.objective=0.999",
            "shipshape.slo.definitions.checkout.runbook-url=wiki/checkout")
        .run(
            context ->
                assertThat(
                        ((InvalidShipshapePropertiesException)
                                rootCause(context.getStartupFailure()))
                            .problems()
                            .stream()
                            .map(ConfigProblem::message))
                    .containsExactly(
                        "shipshape.slo.definitions.checkout.runbook-url was 'wiki/checkout' but an"
                            + " absolute http(s) URL of at most 2048 characters without spaces or"
                            + " quotes was expected"));
    // a refused URL is shown without its secrets
    runner
        .withPropertyValues(
            "shipshape.slo.definitions.checkout.objective=0.999",
            "shipshape.slo.definitions.checkout.runbook-url="
                + "ftp://deploy:pa55-7f1c@wiki.example.com/checkout?token=t0k-9e2b")
        .run(
            context ->
                assertThat(invalid(context.getStartupFailure()).problems())
                    .singleElement()
                    .extracting(ConfigProblem::message)
                    .asString()
                    .startsWith(
                        "shipshape.slo.definitions.checkout.runbook-url was"
                            + " 'ftp://***@wiki.example.com/checkout?token=***' but"));
  }

  @Test
  void failsStartupWhenDefinitionsReferToEachOtherWrongly() {
    runner
        .withPropertyValues(
            "shipshape.slo.definitions.checkout.objective=0.999",
            "shipshape.guards.payments.slo=no-such-slo",
            "shipshape.rollouts.new-checkout.halt-on=checkout,no-such-slo")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable root = rootCause(context.getStartupFailure());
              assertThat(root).isInstanceOf(InvalidShipshapePropertiesException.class);
              // the facade finds these; each is reported at the property it came from
              assertThat(((InvalidShipshapePropertiesException) root).problems())
                  .extracting(ConfigProblem::setting, ConfigProblem::value, ConfigProblem::expected)
                  .containsExactlyInAnyOrder(
                      tuple(
                          "shipshape.guards.payments.slo",
                          "no-such-slo",
                          "must be one of [checkout]"),
                      tuple(
                          "shipshape.rollouts.new-checkout.halt-on",
                          "no-such-slo",
                          "must be one of [checkout]"));
            });
  }

  @Test
  void loadsSlosFromOpenSloFilesAndGuardsAndRolloutsFromProperties() {
    runner
        .withPropertyValues(
            "shipshape.flags.sources=classpath:shipshape/flags.json",
            "shipshape.slo.files=classpath:shipshape/checkout-slo.yaml",
            "shipshape.slo.definitions.checkout.objective=0.999",
            "shipshape.guards.payments.timeout=2s",
            "shipshape.guards.payments.circuit-breaker.enabled=true",
            "shipshape.guards.payments.slo=checkout",
            "shipshape.rollouts.new-checkout.steps=10,50,100",
            "shipshape.rollouts.new-checkout.every=1h",
            "shipshape.rollouts.new-checkout.halt-on=checkout")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Shipshape ship = context.getBean(Shipshape.class);
              assertThat(ship.slos())
                  .extracting(s -> s.name())
                  .containsExactly("search", "checkout");
              assertThat(ship.guard("payments").circuitBreaker()).isPresent();
              assertThat(ship.guard("payments").config().slo()).contains("checkout");
              var rollout = ship.rollouts().get("new-checkout");
              assertThat(rollout.config().steps()).containsExactly(10.0, 50.0, 100.0);
              assertThat(rollout.config().haltOn()).containsExactly("checkout");
            });
  }

  @Test
  void guardsFromPropertiesFeedTheirSlo() {
    runner
        .withPropertyValues(
            "shipshape.slo.definitions.checkout.objective=0.99",
            "shipshape.guards.payments.slo=checkout",
            "shipshape.guards.payments.retry.max-attempts=2",
            "shipshape.guards.payments.retry.wait=0s")
        .run(
            context -> {
              Shipshape ship = context.getBean(Shipshape.class);
              int[] attempts = {0};
              String result =
                  ship.guard("payments")
                      .call(
                          () -> {
                            attempts[0]++;
                            throw new IllegalStateException("declined");
                          },
                          e -> "fallback");
              assertThat(result).isEqualTo("fallback");
              assertThat(attempts[0]).isEqualTo(2);
              assertThat(ship.guard("payments").call(() -> "charged")).isEqualTo("charged");
              var counts = ship.slo("checkout").snapshot().counts();
              assertThat(counts.bad()).isEqualTo(1);
              assertThat(counts.good()).isEqualTo(1);
            });
  }

  @Test
  void exposesTheFacadesPartsAsBeansForInjection() {
    runner
        .withUserConfiguration(PartsUser.class)
        .withPropertyValues(
            "shipshape.flags.sources=classpath:shipshape/flags.json",
            "shipshape.slo.definitions.checkout.objective=0.999",
            "shipshape.guards.payments.slo=checkout")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Shipshape ship = context.getBean(Shipshape.class);
              PartsUser user = context.getBean(PartsUser.class);
              assertThat(user.flags()).isSameAs(ship.flags());
              assertThat(user.health()).isSameAs(ship.health());
              assertThat(user.rollouts()).isSameAs(ship.rollouts());
              assertThat(user.slos().get("checkout")).isSameAs(ship.slo("checkout"));
              assertThat(user.slos().find("nope")).isEmpty();
              assertThat(user.slos().all()).containsExactlyElementsOf(ship.slos());
              assertThat(user.guards().get("payments")).isSameAs(ship.guard("payments"));
              assertThat(user.guards().find("nope")).isEmpty();
              // an unknown name is refused naming what exists, at the injection point
              assertThatThrownBy(() -> user.slos().get("chekout"))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessageContaining("chekout")
                  .hasMessageContaining("checkout");
              assertThatThrownBy(() -> user.guards().get("paymnts"))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessageContaining("paymnts")
                  .hasMessageContaining("payments");
              assertThat(user.flags().stringValue("greeting", "none")).isEqualTo("hello");
            });
  }

  @Test
  void leavesClosingThePartsToTheFacadeThatOwnsThem() {
    // The application keeps its Shipshape open after the context (destroyMethod = ""): the part
    // beans must not close flags or health behind its back.
    AtomicReference<Shipshape> ship = new AtomicReference<>();
    runner
        .withUserConfiguration(KeptOpenShipshape.class, PartsUser.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ship.set(context.getBean(Shipshape.class));
            });
    try {
      CheckReport db =
          ship.get().health().reportAsync(Probe.READINESS).toCompletableFuture().join()
              .check("kept").orElseThrow();
      assertThat(db.status()).isEqualTo(HealthStatus.UP);
      assertThat(ship.get().flags().stringValue("greeting", "none")).isEqualTo("hello");
    } finally {
      ship.get().close();
    }
  }

  @Test
  void closesShipshapeWithTheContext() {
    AtomicReference<Shipshape> ship = new AtomicReference<>();
    runner
        .withBean("db", HealthCheck.class, () -> HealthResult::up)
        .run(context -> ship.set(context.getBean(Shipshape.class)));
    CheckReport db =
        ship.get().health().reportAsync(Probe.READINESS).toCompletableFuture().join()
            .check("db").orElseThrow();
    assertThat(db.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(db.message()).isEqualTo("health is closed");
  }

  @Test
  void bootReadinessChangesDrainShipshape() {
    runner.run(
        context -> {
          Shipshape ship = context.getBean(Shipshape.class);
          AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
          assertThat(ship.health().isDraining()).isTrue();
          AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
          assertThat(ship.health().isDraining()).isFalse();
        });
  }

  @Test
  void shipshapeDrainingChangesBootReadinessOnTheScheduler() {
    runner.run(
        context -> {
          Shipshape ship = context.getBean(Shipshape.class);
          ManualClock clock = context.getBean(ManualClock.class);
          ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
          started(context);
          AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);

          ship.health().drain();
          assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
          clock.advance(Duration.ofSeconds(1));
          assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
          assertThat(ship.health().isDraining()).isTrue();

          ship.health().undrain();
          clock.advance(Duration.ofSeconds(1));
          assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        });
  }

  @Test
  void marksTheStartupProbeStartedWhenTheApplicationHasStarted() {
    runner.run(
        context -> {
          Shipshape ship = context.getBean(Shipshape.class);
          assertThat(ship.health().reportAsync(Probe.STARTUP).toCompletableFuture().join().status())
              .isEqualTo(HealthStatus.DOWN);
          started(context);
          assertThat(ship.health().reportAsync(Probe.STARTUP).toCompletableFuture().join().status())
              .isEqualTo(HealthStatus.UP);
        });
  }

  @Test
  void registersTheHealthContributorUnlessTurnedOff() {
    runner.run(context -> assertThat(context).hasBean("shipshapeHealthContributor"));
    runner
        .withPropertyValues("management.health.shipshape.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("shipshapeHealthContributor"));
  }

  @Test
  void createsEndpointsOnlyWhenExposed() {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner()
            .withConfiguration(SHIPSHAPE)
            .withBean(ManualClock.class, ManualClock::create);
    web.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(FlagsEndpoint.class);
          assertThat(context).doesNotHaveBean(SlosEndpoint.class);
          assertThat(context).doesNotHaveBean(RolloutsEndpoint.class);
        });
    web.withPropertyValues("management.endpoints.web.exposure.include=flags,slos,rollouts")
        .run(
            context -> {
              assertThat(context).hasSingleBean(FlagsEndpoint.class);
              assertThat(context).hasSingleBean(SlosEndpoint.class);
              assertThat(context).hasSingleBean(RolloutsEndpoint.class);
            });
  }

  @Test
  void usesTheApplicationsOwnEndpointBean() {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner()
            .withConfiguration(SHIPSHAPE)
            .withBean(ManualClock.class, ManualClock::create)
            .withPropertyValues("management.endpoints.web.exposure.include=slos")
            .withUserConfiguration(OwnEndpoint.class);
    web.run(
        context ->
            assertThat(context.getBean(SlosEndpoint.class))
                .isSameAs(context.getBean("mySlos")));
  }

  private static void started(ConfigurableApplicationContext context) {
    context.publishEvent(
        new ApplicationStartedEvent(
            new SpringApplication(), new String[0], context, Duration.ZERO));
  }

  /** The invalid-properties failure at the root of a failed startup. */
  private static InvalidShipshapePropertiesException invalid(Throwable startupFailure) {
    Throwable root = rootCause(startupFailure);
    assertThat(root).isInstanceOf(InvalidShipshapePropertiesException.class);
    return (InvalidShipshapePropertiesException) root;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnShipshape {
    @Bean(destroyMethod = "close")
    Shipshape myShipshape(ManualClock clock) {
      return Shipshape.builder()
          .clock(clock)
          .slo(dev.shipshape.slo.Slo.named("own").objective(0.9))
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class KeptOpenShipshape {
    @Bean(destroyMethod = "")
    Shipshape keptOpen(ManualClock clock) {
      return Shipshape.builder()
          .clock(clock)
          .flags(dev.shipshape.flags.FlagSource.classpath("shipshape/flags.json"))
          .healthCheck("kept", HealthResult::up, Probe.READINESS)
          .build();
    }
  }

  /** Application code that injects the parts it uses, through its constructor. */
  record PartsUser(Flags flags, Health health, Rollouts rollouts, Slos slos, Guards guards) {}

  @Configuration(proxyBeanMethods = false)
  static class OwnEndpoint {
    @Bean
    SlosEndpoint mySlos(Shipshape shipshape) {
      return new SlosEndpoint(shipshape);
    }
  }
}
