package dev.shipshape.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.architecture.Modules.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Every published POM carries what Maven Central requires (name, description, url, licences,
 * developers, scm), the licence is Apache 2.0 and the LICENSE file is its text. The published
 * modules are found from the POMs ({@link Modules}), so a new module is checked as soon as the root
 * POM names it, unless it declares itself unpublished with {@code maven.deploy.skip}.
 */
class PublishedMetadataTest {

  /** SHA-256 of the Apache License 2.0 text as the Apache Software Foundation publishes it. */
  private static final String APACHE_2_TEXT_SHA256 =
      "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30";

  @Test
  void findsThePublishedModulesFromTheirPoms() {
    List<String> published = Modules.published().stream().map(Module::artifactId).toList();
    List<String> all = Modules.all().stream().map(Module::artifactId).toList();

    assertThat(published)
        .contains(
            "shipshape-parent",
            "shipshape-bom",
            "shipshape-time",
            "shipshape-flags",
            "shipshape-slo",
            "shipshape-core",
            "shipshape-testing",
            "shipshape-otel-bridge",
            "shipshape-openfeature",
            "shipshape-fleet",
            "shipshape-spring-boot-starter")
        .doesNotContain(
            "shipshape-architecture-tests", "shipshape-benchmarks", "shipshape-examples");
    assertThat(all).contains("shipshape-architecture-tests", "shipshape-benchmarks");
  }

  @Test
  void everyPublishedModuleHasTheMetadataMavenCentralRequires() {
    List<String> problems = new ArrayList<>();
    for (Module module : Modules.published()) {
      problems.addAll(problems(module, Modules.root()));
    }
    assertThat(problems).as("missing or wrong POM metadata of published modules").isEmpty();
  }

  @Test
  void modulesWithoutTheParentRepeatItsMetadataExactly() {
    Module root = Modules.all().get(0);
    List<String> differences = new ArrayList<>();
    for (Module module : Modules.published()) {
      if (module.parent().isPresent() || module == root) {
        continue;
      }
      for (String[] path : COPIED) {
        Optional<String> expected = root.inherited(path).map(PublishedMetadataTest::flatten);
        Optional<String> actual = module.inherited(path).map(PublishedMetadataTest::flatten);
        if (!expected.equals(actual)) {
          differences.add(
              relative(module, Modules.root()) + ": <" + String.join("><", path) + "> differs from the root POM's");
        }
      }
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void theCheckNamesEverythingAModuleForgot() {
    Path fixtures = Path.of("src/test/resources/metadata-fixtures").toAbsolutePath();
    Module root = Modules.all().get(0);

    Module orphan = Modules.read(fixtures.resolve("orphan"), List.of());
    assertThat(problems(orphan, fixtures))
        .containsExactlyInAnyOrder(
            "orphan/pom.xml: <description> is missing",
            "orphan/pom.xml: <url> is missing",
            "orphan/pom.xml: <licenses><license><name> is missing",
            "orphan/pom.xml: <licenses><license><url> is missing",
            "orphan/pom.xml: <developers><developer><name> is missing",
            "orphan/pom.xml: <scm><connection> is missing",
            "orphan/pom.xml: <scm><developerConnection> is missing",
            "orphan/pom.xml: <scm><url> is missing");

    // A module that inherits everything but forgot its own name, and licensed itself otherwise.
    Module child =
        new Module(
            fixtures.resolve("child"),
            Modules.parse(fixtures.resolve("child/pom.xml")),
            Optional.of(root));
    assertThat(problems(child, fixtures))
        .containsExactlyInAnyOrder(
            "child/pom.xml: <name> is missing (a module names itself; Maven would inherit the parent's)",
            "child/pom.xml: licence is 'MIT' but every published module is licensed 'Apache-2.0'");
  }

  @Test
  void theLicenseFileIsTheApacheLicenseTextVerbatimAndTheNoticeNamesTheProject()
      throws IOException, NoSuchAlgorithmException {
    byte[] license = Files.readAllBytes(Modules.root().resolve("LICENSE"));
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(license));
    assertThat(sha256).as("SHA-256 of LICENSE").isEqualTo(APACHE_2_TEXT_SHA256);

    String notice = Files.readString(Modules.root().resolve("NOTICE"));
    assertThat(notice).startsWith("Shipshape\n").contains("Apache License, Version 2.0");
  }

  private static final List<String[]> COPIED =
      List.of(
          new String[] {"url"},
          new String[] {"licenses"},
          new String[] {"developers"},
          new String[] {"scm"},
          new String[] {"issueManagement"});

  /** Every problem of one module's POM, each naming the file and the element. */
  static List<String> problems(Module module, Path base) {
    String where = relative(module, base);
    List<String> problems = new ArrayList<>();
    if (module.own("name").isEmpty()) {
      problems.add(
          where + ": <name> is missing (a module names itself; Maven would inherit the parent's)");
    }
    if (module.own("description").isEmpty()) {
      problems.add(where + ": <description> is missing");
    }
    require(module, where, problems, "url");
    require(module, where, problems, "licenses", "license", "name");
    require(module, where, problems, "licenses", "license", "url");
    require(module, where, problems, "developers", "developer", "name");
    require(module, where, problems, "scm", "connection");
    require(module, where, problems, "scm", "developerConnection");
    require(module, where, problems, "scm", "url");
    module
        .inherited("licenses", "license", "name")
        .map(e -> e.getTextContent().trim())
        .filter(name -> !name.isEmpty() && !name.equals("Apache-2.0"))
        .ifPresent(
            name ->
                problems.add(
                    where
                        + ": licence is '"
                        + name
                        + "' but every published module is licensed 'Apache-2.0'"));
    return problems;
  }

  private static void require(Module module, String where, List<String> problems, String... path) {
    boolean present =
        module.inherited(path).map(e -> !e.getTextContent().isBlank()).orElse(false);
    if (!present) {
      problems.add(where + ": <" + String.join("><", path) + "> is missing");
    }
  }

  private static String relative(Module module, Path base) {
    return base.relativize(module.pomFile()).toString();
  }

  /** An element's text content with whitespace collapsed, for comparing two POMs' copies. */
  private static String flatten(Element element) {
    return element.getTextContent().trim().replaceAll("\\s+", " ");
  }
}
