package dev.shipshape.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.shipshape.architecture.Modules.Module;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What {@code package} leaves in each published module's {@code target}: the main jar with the
 * licence and notice inside, a sources jar with the source of every class, and a Javadoc jar with
 * a page for every public type of the non-internal packages. Runs after every published module's
 * package phase (failsafe, in the last module of the reactor).
 */
class PublishedArtifactsIT {

  @TestFactory
  Stream<DynamicTest> everyPublishedJarModuleHasItsJarSourcesAndJavadoc() {
    return Modules.publishedJars().stream()
        .map(module -> DynamicTest.dynamicTest(module.artifactId(), () -> check(module)));
  }

  private static void check(Module module) throws IOException {
    Path target = module.directory().resolve("target");
    String base = module.artifactId() + "-" + module.version();
    Path main = target.resolve(base + ".jar");
    Path sources = target.resolve(base + "-sources.jar");
    Path javadoc = target.resolve(base + "-javadoc.jar");
    assertThat(List.of(main, sources, javadoc)).allSatisfy(jar -> assertThat(jar).isRegularFile());

    Set<String> classes = entries(main, ".class");
    assertThat(read(main, "META-INF/LICENSE"))
        .isEqualTo(Files.readString(Modules.root().resolve("LICENSE")));
    assertThat(read(main, "META-INF/NOTICE"))
        .isEqualTo(Files.readString(Modules.root().resolve("NOTICE")));

    Set<String> topLevelSources = new TreeSet<>();
    for (String name : classes) {
      if (!name.contains("$") && !name.endsWith("module-info.class")) {
        topLevelSources.add(name.substring(0, name.length() - ".class".length()) + ".java");
      }
    }
    assertThat(entries(sources, ".java"))
        .as("sources of %s", main.getFileName())
        .containsAll(topLevelSources);

    List<String> apiPages = new ArrayList<>();
    try (JarFile jar = new JarFile(main.toFile())) {
      for (JavaClass type : new ClassFileImporter().importJar(jar)) {
        if (ApiSignatures.isApi(type) && type.isTopLevelClass()) {
          apiPages.add(type.getName().replace('.', '/') + ".html");
        }
      }
    }
    assertThat(apiPages).isNotEmpty();
    Set<String> pages = entries(javadoc, ".html");
    assertThat(pages).contains("index.html").containsAll(apiPages);
    assertThat(pages).noneMatch(page -> page.contains("/internal/"));
  }

  private static Set<String> entries(Path jar, String suffix) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Set<String> names = new TreeSet<>();
      Collections.list(file.entries()).stream()
          .map(e -> e.getName())
          .filter(n -> n.endsWith(suffix))
          .forEach(names::add);
      return names;
    }
  }

  private static String read(Path jar, String entry) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getEntry(entry)).as("%s in %s", entry, jar.getFileName()).isNotNull();
      return new String(file.getInputStream(file.getEntry(entry)).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
