package dev.shipshape.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.architecture.Modules.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CycloneDX SBOMs that {@code package} writes (cyclonedx-maven-plugin): the aggregate one of
 * the whole project in {@code target/bom.json} and one per published module. Checks them against
 * the versions the parent POM pins, read from the POM rather than repeated here, and checks that
 * nothing that only builds or tests Shipshape is listed as something it ships.
 */
class SbomIT {

  /** Libraries that only build or test Shipshape; none may appear in a runtime SBOM. */
  private static final List<String> TEST_ONLY =
      List.of(
          "org.junit.",
          "org.assertj:",
          "org.opentest4j:",
          "io.opentelemetry:opentelemetry-sdk",
          "org.quicktheories:",
          "com.code-intelligence:",
          "com.tngtech.archunit:",
          "org.awaitility:",
          "ch.qos.logback:",
          "org.springframework.boot:spring-boot-starter-test",
          "org.springframework.boot:spring-boot-test");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Module root;

  @BeforeAll
  static void sbomsAreWrittenOnline() {
    // cyclonedx-maven-plugin skips its goals in an offline build (mvn -o), with a warning.
    assumeFalse(Boolean.getBoolean("shipshape.offline"), "offline build: no SBOM was generated");
    root = Modules.all().get(0);
  }

  @Test
  void theAggregateNamesTheCoreLibrariesAtThePinnedVersions() throws IOException {
    Map<String, String> expected = pinned();
    Map<String, Set<String>> versions = versions(aggregate());
    assertThat(expected)
        .allSatisfy(
            (id, version) ->
                assertThat(versions.getOrDefault(id, Set.of())).as(id).contains(version));
  }

  @Test
  void theAggregateListsEveryPublishedModuleAndNothingUnpublished() throws IOException {
    Set<String> shipshape = new TreeSet<>();
    aggregate().path("components").forEach(c -> {
      if (c.path("group").asText().equals("dev.shipshape")) {
        shipshape.add(c.path("name").asText());
      }
    });
    List<String> published =
        Modules.published().stream()
            .map(Module::artifactId)
            .filter(a -> !a.equals(root.artifactId()))
            .toList();
    List<String> unpublished =
        Modules.all().stream().filter(m -> !m.published()).map(Module::artifactId).toList();

    assertThat(shipshape).containsAll(published).doesNotContainAnyElementsOf(unpublished);
    assertThat(aggregate().at("/metadata/component/name").asText()).isEqualTo(root.artifactId());
  }

  @Test
  void everyComponentHasAVersionALicenceAndAPackageUrl() throws IOException {
    List<String> incomplete = new ArrayList<>();
    for (JsonNode sbom : allSboms().values()) {
      for (JsonNode component : sbom.path("components")) {
        String id = component.path("group").asText() + ":" + component.path("name").asText();
        String version = component.path("version").asText();
        String purl = component.path("purl").asText();
        if (version.isEmpty()
            || !purl.startsWith("pkg:maven/" + component.path("group").asText() + "/")
            || !purl.contains("@" + version)
            || component.path("licenses").isEmpty()) {
          incomplete.add(id + " version='" + version + "' purl='" + purl + "' licenses="
              + component.path("licenses"));
        }
      }
    }
    assertThat(incomplete).isEmpty();
  }

  @Test
  void noTestOrBuildOnlyLibraryIsInAnyRuntimeSbom() throws IOException {
    List<String> leaks = new ArrayList<>();
    allSboms()
        .forEach(
            (file, sbom) ->
                versions(sbom).keySet().stream()
                    .filter(id -> TEST_ONLY.stream().anyMatch(id::startsWith))
                    .forEach(id -> leaks.add(file + ": " + id)));
    assertThat(leaks).isEmpty();
  }

  @Test
  void modulesOnTheParentsVersionsShipExactlyThePinnedVersions() throws IOException {
    // A module that imports another platform's dependency management (the Spring Boot starter
    // builds on Boot's) ships that platform's versions; every other one ships the parent's pins.
    Map<String, String> pinned = pinned();
    List<String> offPin = new ArrayList<>();
    int checked = 0;
    for (Module module : Modules.publishedJars()) {
      if (Modules.element(module.pom(), "dependencyManagement").isPresent()) {
        continue;
      }
      for (Map.Entry<String, Set<String>> component : versions(moduleSbom(module)).entrySet()) {
        String pin = pinned.get(component.getKey());
        if (pin != null) {
          checked++;
          if (!component.getValue().equals(Set.of(pin))) {
            offPin.add(module.artifactId() + ": " + component.getKey() + " "
                + component.getValue() + " but the parent pins " + pin);
          }
        }
      }
    }
    assertThat(checked).as("pinned components found in the module SBOMs").isGreaterThan(10);
    assertThat(offPin).isEmpty();
  }

  /** The libraries Shipshape builds on, each with the version the root POM pins for it. */
  private static Map<String, String> pinned() {
    Map<String, String> pinned = new LinkedHashMap<>();
    for (String module : List.of("core", "circuitbreaker", "retry", "bulkhead", "ratelimiter",
        "timelimiter")) {
      pinned.put("io.github.resilience4j:resilience4j-" + module, pin("resilience4j"));
    }
    for (String module : List.of("core", "commons", "observation")) {
      pinned.put("io.micrometer:micrometer-" + module, pin("micrometer"));
    }
    pinned.put("com.fasterxml.jackson.core:jackson-core", pin("jackson"));
    pinned.put("com.fasterxml.jackson.core:jackson-databind", pin("jackson"));
    pinned.put("org.snakeyaml:snakeyaml-engine", pin("snakeyaml-engine"));
    pinned.put("io.opentelemetry:opentelemetry-api", pin("opentelemetry"));
    pinned.put("io.opentelemetry:opentelemetry-context", pin("opentelemetry"));
    return pinned;
  }

  /** A version the root POM pins, by its property name without ".version". */
  private static String pin(String library) {
    return root.own("properties", library + ".version")
        .orElseThrow(() -> new AssertionError("pom.xml pins no " + library + ".version"));
  }

  private static JsonNode aggregate() throws IOException {
    return JSON.readTree(Modules.root().resolve("target/bom.json").toFile());
  }

  private static JsonNode moduleSbom(Module module) throws IOException {
    Path file = module.directory().resolve("target/bom.json");
    assertThat(file).as("SBOM of %s", module.artifactId()).isRegularFile();
    return JSON.readTree(file.toFile());
  }

  private static Map<String, JsonNode> allSboms() throws IOException {
    Map<String, JsonNode> sboms = new LinkedHashMap<>();
    sboms.put("target/bom.json", aggregate());
    for (Module module : Modules.publishedJars()) {
      sboms.put(module.artifactId() + "/target/bom.json", moduleSbom(module));
    }
    return sboms;
  }

  /** group:name to the versions the SBOM lists it at (two when two modules resolve differently). */
  private static Map<String, Set<String>> versions(JsonNode sbom) {
    Map<String, Set<String>> versions = new LinkedHashMap<>();
    for (JsonNode component : sbom.path("components")) {
      versions
          .computeIfAbsent(
              component.path("group").asText() + ":" + component.path("name").asText(),
              k -> new TreeSet<>())
          .add(component.path("version").asText());
    }
    return versions;
  }
}
