package dev.shipshape.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.shipshape.architecture.Modules.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The API gate: each published module's public API, rendered by {@link ApiSignatures} from its
 * compiled classes, must equal the committed baseline {@code <module>/api.txt}. A change to the
 * public API therefore fails the build until the baseline changes in the same commit, and every
 * API change shows up in review as a diff of that file. {@value #REGENERATE} rewrites every
 * baseline from the code.
 */
class ApiBaselineTest {

  /** The one command that regenerates every baseline (also in CONTRIBUTING.md). */
  static final String REGENERATE =
      "./mvnw -B -q -pl architecture-tests -am test -Dtest=ApiBaselineTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dshipshape.api.update=true";

  private static final String HEADER =
      """
      # The public API of %s: public and protected types and members outside internal packages.
      # The build compares it with the compiled classes (ApiBaselineTest). Regenerate every module's:
      # %s
      """;

  @TestFactory
  Stream<DynamicTest> everyPublishedModuleMatchesItsApiBaseline() {
    boolean update = Boolean.getBoolean("shipshape.api.update");
    return Modules.publishedJars().stream()
        .map(
            module ->
                DynamicTest.dynamicTest(
                    module.artifactId(), () -> check(module, update)));
  }

  @Test
  void everyPublishedModuleIsBuiltBeforeTheseChecks() {
    Module self =
        Modules.all().stream()
            .filter(m -> m.artifactId().equals("shipshape-architecture-tests"))
            .findFirst()
            .orElseThrow();
    Set<String> dependencies = new LinkedHashSet<>();
    Modules.children(Modules.element(self.pom(), "dependencies"), "dependency")
        .forEach(d -> Modules.text(d, "artifactId").ifPresent(dependencies::add));
    Module root = Modules.all().get(0);
    List<String> missing =
        Modules.published().stream()
            .filter(m -> !m.directory().equals(root.directory()))
            .map(Module::artifactId)
            .filter(a -> !dependencies.contains(a))
            .toList();
    assertThat(missing)
        .as(
            "published modules that architecture-tests/pom.xml does not depend on; add each (a"
                + " <type>pom</type> dependency with all exclusions is enough) so that the reactor"
                + " builds it before the API, artifact and SBOM checks")
        .isEmpty();
  }

  @Test
  void rendersPublicAndProtectedMembersWithGenericsAndNothingElse() {
    JavaClasses fixtures =
        new ClassFileImporter().importPackages("dev.shipshape.architecture.apifixture");

    assertThat(ApiSignatures.of(fixtures))
        .containsExactly(
            "public class dev.shipshape.architecture.apifixture.Widget"
                + " <T extends java.lang.Comparable<T>> implements java.lang.Iterable<T>",
            "  public static final int LIMIT",
            "  protected java.lang.String label",
            "  protected dev.shipshape.architecture.apifixture.Widget(java.lang.String)",
            "  public dev.shipshape.architecture.apifixture.Widget()",
            "  protected void hook()",
            "  public java.util.Iterator<T> iterator()",
            "  public <R> java.util.List<R> map(java.util.function.Function<? super T, ? extends R>)"
                + " throws java.io.IOException",
            "public interface dev.shipshape.architecture.apifixture.Widget.Listener",
            "  public void changed(java.lang.String)",
            "  public default void closed()",
            "  public static dev.shipshape.architecture.apifixture.Widget.Listener none()",
            "public enum dev.shipshape.architecture.apifixture.Widget.Mode",
            "  public static final dev.shipshape.architecture.apifixture.Widget.Mode OFF",
            "  public static final dev.shipshape.architecture.apifixture.Widget.Mode ON",
            "  public static dev.shipshape.architecture.apifixture.Widget.Mode valueOf(java.lang.String)",
            "  public static dev.shipshape.architecture.apifixture.Widget.Mode[] values()",
            "public record dev.shipshape.architecture.apifixture.Widget.Point",
            "  public dev.shipshape.architecture.apifixture.Widget.Point(int, int)",
            "  public final boolean equals(java.lang.Object)",
            "  public final int hashCode()",
            "  public final java.lang.String toString()",
            "  public int x()",
            "  public int y()",
            "public static final class dev.shipshape.architecture.apifixture.Widget.Version"
                + " implements java.lang.Comparable<dev.shipshape.architecture.apifixture.Widget.Version>",
            "  public dev.shipshape.architecture.apifixture.Widget.Version()",
            "  public int compareTo(dev.shipshape.architecture.apifixture.Widget.Version)");
  }

  @Test
  void aChangedSignatureIsReportedAsARemovedAndAnAddedLine() {
    List<String> baseline =
        List.of(
            "public final class dev.shipshape.x.Flags",
            "  public boolean enabled(java.lang.String)",
            "  public void close()");
    List<String> current =
        List.of(
            "public final class dev.shipshape.x.Flags",
            "  public boolean enabled(java.lang.String, boolean)",
            "  public void close()");

    assertThat(differences(baseline, current))
        .containsExactly(
            "- dev.shipshape.x.Flags: public boolean enabled(java.lang.String)",
            "+ dev.shipshape.x.Flags: public boolean enabled(java.lang.String, boolean)");
    assertThat(differences(current, current)).isEmpty();
  }

  private static void check(Module module, boolean update) throws IOException {
    Path classes = module.directory().resolve("target/classes");
    assertThat(classes)
        .as("compiled classes of %s (build the module first)", module.artifactId())
        .isDirectory();
    List<String> current = ApiSignatures.of(new ClassFileImporter().importPath(classes));
    Path baselineFile = module.directory().resolve("api.txt");
    String header = HEADER.formatted(module.artifactId(), REGENERATE);
    if (update) {
      Files.writeString(baselineFile, header + String.join("\n", current) + "\n");
      return;
    }
    if (!Files.exists(baselineFile)) {
      fail(module.artifactId() + " has no API baseline " + baselineFile + "; create it with: "
          + REGENERATE);
    }
    List<String> baseline =
        Files.readAllLines(baselineFile).stream().filter(l -> !l.startsWith("#")).toList();
    List<String> differences = differences(baseline, current);
    if (!differences.isEmpty()) {
      fail(
          "The public API of "
              + module.artifactId()
              + " differs from its baseline "
              + Modules.root().relativize(baselineFile)
              + " (- only in the baseline, + only in the code).\n"
              + "If the change is intended, regenerate the baselines and commit them with it:\n  "
              + REGENERATE
              + "\n"
              + String.join("\n", differences));
    }
  }

  /** Lines only in {@code baseline} ("- ") then lines only in {@code current} ("+ "). */
  static List<String> differences(List<String> baseline, List<String> current) {
    Set<String> before = qualified(baseline);
    Set<String> after = qualified(current);
    List<String> differences = new ArrayList<>();
    before.stream().filter(l -> !after.contains(l)).forEach(l -> differences.add("- " + l));
    after.stream().filter(l -> !before.contains(l)).forEach(l -> differences.add("+ " + l));
    return differences;
  }

  /** Each member line prefixed with its type's name, so that equal members of two types differ. */
  private static Set<String> qualified(List<String> lines) {
    Set<String> result = new LinkedHashSet<>();
    String type = "";
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("  ")) {
        result.add(type + ": " + line.strip());
      } else {
        type = typeName(line);
        result.add(line);
      }
    }
    return result;
  }

  private static String typeName(String declaration) {
    for (String word : declaration.split(" ")) {
      if (word.contains(".")) {
        return word;
      }
    }
    return declaration;
  }
}
