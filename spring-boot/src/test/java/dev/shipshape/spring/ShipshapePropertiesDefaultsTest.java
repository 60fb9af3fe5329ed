package dev.shipshape.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.fleet.FleetGate;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.SloDefinition;
import io.github.resilience4j.retry.RetryConfig;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A property left unset behaves as the library does when its setting is left unset: the starter's
 * written-out defaults (which the configuration metadata shows) and the defaults its descriptions
 * name equal the library's own.
 */
class ShipshapePropertiesDefaultsTest {

  @Test
  void flagDefaultsAreTheFlagSourceDefaults() throws Exception {
    assertThat(new FlagsProperties().getHttpTimeout()).isEqualTo(FlagSource.DEFAULT_HTTP_TIMEOUT);
    assertThat(description("shipshape.flags.poll-interval"))
        .contains(brief(FlagSource.DEFAULT_FILE_POLL_INTERVAL) + " for files")
        .contains(brief(FlagSource.DEFAULT_HTTP_POLL_INTERVAL) + " for URLs");
  }

  @Test
  void sloDefaultsAreTheLibraryDefaults() {
    SloDefinition library = SloDefinition.builder("checkout").objective(0.999).build();
    SloProperties.Definition properties = new SloProperties.Definition();

    assertThat(properties.getWindow())
        .isEqualTo(library.window())
        .isEqualTo(SloDefinition.DEFAULT_WINDOW);
    assertThat(properties.getDescription()).isEqualTo(library.description());
    assertThat(new SloProperties().getEvaluationInterval())
        .isEqualTo(Shipshape.DEFAULT_SLO_EVALUATION_INTERVAL);
  }

  @Test
  void guardDefaultsAreTheGuardConfigDefaults() {
    GuardConfig library = GuardConfig.builder("payments").retry(3).build();
    GuardProperties properties = new GuardProperties();

    assertThat(properties.getBreakerCheck()).isEqualTo(library.breakerCheck());
    RetryConfig retry = library.retry().orElseThrow();
    assertThat(properties.getRetry().getWait().toMillis())
        .isEqualTo(retry.getIntervalBiFunction().apply(1, null));
  }

  @Test
  void rolloutDefaultsAreTheRolloutConfigDefaults() {
    RolloutConfig library = RolloutConfig.builder("new-checkout").build();
    RolloutProperties properties = new RolloutProperties();

    assertThat(properties.getEvery())
        .isEqualTo(library.interval())
        .isEqualTo(RolloutConfig.DEFAULT_INTERVAL);
    assertThat(properties.isHaltOnBudgetExhausted()).isEqualTo(library.haltOnBudgetExhausted());
    assertThat(properties.isRollBackOnHalt()).isEqualTo(library.rollBackOnHalt());
  }

  @Test
  void healthCheckDefaultsNamedInTheDescriptionsAreTheCheckOptionsDefaults() throws Exception {
    CheckOptions library = CheckOptions.of(Probe.READINESS);

    assertThat(library.timeout()).isEqualTo(CheckOptions.DEFAULT_TIMEOUT);
    assertThat(description("shipshape.health.defaults.timeout"))
        .contains("(default " + brief(library.timeout()) + ")");
    assertThat(description("shipshape.health.defaults.critical"))
        .contains("(default " + library.critical() + ")");
    assertThat(description("shipshape.health.defaults.cache-ttl"))
        .contains("(default " + library.cacheTtl().toSeconds() + ":");
  }

  @Test
  void fleetDefaultsAreTheFleetGateDefaults() {
    ShipshapeFleetProperties properties = new ShipshapeFleetProperties();

    assertThat(properties.getPollInterval()).isEqualTo(FleetGate.DEFAULT_POLL_INTERVAL);
    assertThat(properties.getQueryTimeout()).isEqualTo(FleetGate.DEFAULT_QUERY_TIMEOUT);
    assertThat(properties.getMaxSampleAge()).isEqualTo(FleetGate.DEFAULT_MAX_SAMPLE_AGE);
  }

  /** The description IDEs show for a property, from the metadata generated at build time. */
  private static String description(String property) throws Exception {
    DocumentContext json;
    try (InputStream in =
        ShipshapePropertiesDefaultsTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata on the classpath").isNotNull();
      json = JsonPath.parse(in);
    }
    List<String> found =
        json.read("$.properties[?(@.name == '" + property + "')].description");
    assertThat(found).as(property).hasSize(1);
    return found.get(0);
  }

  /** A duration as the descriptions write it: 5s, 30s, 2m, 1h. */
  private static String brief(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
