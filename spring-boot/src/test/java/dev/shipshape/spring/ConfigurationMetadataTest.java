package dev.shipshape.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IDEs complete {@code shipshape.*} properties from the metadata generated at build time. */
class ConfigurationMetadataTest {

  /** The JSON path of the {@code shipshape.fleet.*} properties in the metadata. */
  private static final String FLEET_PROPERTIES =
      "$.properties[?(@.name =~ /shipshape\\.fleet\\..*/)]";

  /** The metadata the build generated, as IDEs read it from the jar. */
  private static DocumentContext metadata() throws IOException {
    try (InputStream in =
        ConfigurationMetadataTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata on the classpath").isNotNull();
      return JsonPath.parse(in);
    }
  }

  /** The default of {@code property} in the metadata: one value, or none when it has none. */
  private static List<String> defaultValue(DocumentContext json, String property) {
    return json.read("$.properties[?(@.name == '" + property + "')].defaultValue");
  }

  @Test
  void describesEveryGroupOfShipshapePropertiesWithDefaults() throws Exception {
    DocumentContext json = metadata();
    List<String> names = json.read("$.properties[*].name");
    assertThat(names)
        .contains(
            "shipshape.enabled",
            "shipshape.flags.sources",
            "shipshape.flags.poll-interval",
            "shipshape.slo.files",
            "shipshape.slo.definitions",
            "shipshape.guards",
            "shipshape.rollouts",
            "shipshape.health.defaults.timeout",
            "shipshape.health.checks");
    assertThat(defaultValue(json, "shipshape.slo.evaluation-interval")).containsExactly("10s");
    List<String> description =
        json.read("$.properties[?(@.name == 'shipshape.flags.sources')].description");
    assertThat(description).singleElement().asString().contains("classpath:");
  }

  @Test
  void describesTheFleetPropertiesWithDefaults() throws Exception {
    DocumentContext json = metadata();
    List<String> names = json.read(FLEET_PROPERTIES + ".name");
    assertThat(names)
        .containsExactlyInAnyOrder(
            "shipshape.fleet.prometheus",
            "shipshape.fleet.rollouts",
            "shipshape.fleet.poll-interval",
            "shipshape.fleet.query-timeout",
            "shipshape.fleet.max-sample-age",
            "shipshape.fleet.matchers",
            "shipshape.fleet.headers");
    assertThat(defaultValue(json, "shipshape.fleet.poll-interval")).containsExactly("30s");
    List<String> descriptions = json.read(FLEET_PROPERTIES + ".description");
    assertThat(descriptions).hasSize(7).allSatisfy(d -> assertThat(d).isNotBlank());
  }
}
