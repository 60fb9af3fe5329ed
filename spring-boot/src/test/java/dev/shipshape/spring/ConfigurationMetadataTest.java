package dev.shipshape.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IDEs complete {@code shipshape.*} properties from the metadata generated at build time. */
class ConfigurationMetadataTest {

  @Test
  void describesEveryGroupOfShipshapePropertiesWithDefaults() throws Exception {
    DocumentContext json;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata on the classpath").isNotNull();
      json = JsonPath.parse(in);
    }
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
    List<String> evaluationDefault =
        json.read("$.properties[?(@.name == 'shipshape.slo.evaluation-interval')].defaultValue");
    assertThat(evaluationDefault).containsExactly("10s");
    List<String> description =
        json.read("$.properties[?(@.name == 'shipshape.flags.sources')].description");
    assertThat(description).singleElement().asString().contains("classpath:");
  }
}
