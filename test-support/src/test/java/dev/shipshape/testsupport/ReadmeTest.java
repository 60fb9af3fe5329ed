package dev.shipshape.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** README code blocks and the marked samples of test sources they are compared with. */
class ReadmeTest {

  @Test
  void javaBlocksAreTheJavaFencesInOrderAndNothingElse() {
    String markdown =
        "# Title\n```java\nint a = 1;\n```\ntext\n```xml\n<x/>\n```\n```java\nint b = 2;\n```\n";
    assertThat(Readme.javaBlocksOf(markdown)).containsExactly("int a = 1;\n", "int b = 2;\n");
  }

  @Test
  void aMarkedSampleLosesItsCommonIndentationAndAMissingOneIsAnError() {
    String source =
        "class T {\n"
            + "  void t() {\n"
            + "    // --- README sample 1 starts here ---\n"
            + "    if (x) {\n"
            + "      y();\n"
            + "    }\n"
            + "    // --- README sample 1 ends here ---\n"
            + "  }\n"
            + "}\n";
    assertThat(Readme.markedSample(source, 1)).isEqualTo("if (x) {\n  y();\n}\n");
    assertThatThrownBy(() -> Readme.markedSample(source, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no README sample 2 in the source");
    assertThat(Readme.normalize("a(\n    b,  c)")).isEqualTo("a( b, c)");
  }
}
