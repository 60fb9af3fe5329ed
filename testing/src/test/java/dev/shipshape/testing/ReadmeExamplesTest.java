package dev.shipshape.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: every Java block in it must be the code of a test class in {@code
 * readme/}, which the build compiles and runs.
 */
class ReadmeExamplesTest {

  private static final Path README = Path.of("README.md");
  private static final Path EXAMPLES = Path.of("src/test/java/dev/shipshape/testing/readme");

  @Test
  void everyJavaBlockOfTheReadmeIsCodeThatTheBuildRuns() throws IOException {
    List<String> blocks = javaBlocks(Files.readString(README));
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        sources.add(normalize(Files.readString(f)));
      }
    }

    assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
    for (String block : blocks) {
      assertThat(sources)
          .as("a README block must appear verbatim in a file of %s:%n%s", EXAMPLES, block)
          .anySatisfy(source -> assertThat(source).contains(normalize(block)));
    }
  }

  @Test
  void theCheckCatchesABlockThatNoExampleContains() {
    List<String> blocks = javaBlocks("text\n```java\nclass Invented {}\n```\n");

    assertThat(blocks).containsExactly("class Invented {}\n");
    assertThat(normalize("class   Checkout {\n  int x;\n}")).isEqualTo("class Checkout { int x; }");
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String normalize(String code) {
    return code.replaceAll("\\s+", " ").trim();
  }
}
