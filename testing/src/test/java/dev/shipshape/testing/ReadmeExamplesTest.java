package dev.shipshape.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.testsupport.Readme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    List<String> blocks = Readme.javaBlocks(README);
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        sources.add(Readme.normalize(Files.readString(f)));
      }
    }

    assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
    for (String block : blocks) {
      assertThat(sources)
          .as("a README block must appear verbatim in a file of %s:%n%s", EXAMPLES, block)
          .anySatisfy(source -> assertThat(source).contains(Readme.normalize(block)));
    }
  }

  @Test
  void theCheckCatchesABlockThatNoExampleContains() {
    List<String> blocks = Readme.javaBlocksOf("text\n```java\nclass Invented {}\n```\n");

    assertThat(blocks).containsExactly("class Invented {}\n");
    assertThat(Readme.normalize("class   Checkout {\n  int x;\n}"))
        .isEqualTo("class Checkout { int x; }");
  }
}
