package dev.shipshape.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the code samples of a Markdown README, for the tests that keep them compiling: the
 * {@code ```java} blocks of a README, and the samples a test source marks for it.
 */
public final class Readme {

  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

  private Readme() {}

  /**
   * The {@code ```java} blocks of a Markdown file, in order, each with its final newline.
   *
   * @param markdown the file, relative to the module that runs the test (for example {@code
   *     README.md} or {@code ../README.md})
   * @return the blocks' contents
   */
  public static List<String> javaBlocks(Path markdown) {
    try {
      return javaBlocksOf(Files.readString(markdown));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The {@code ```java} blocks of Markdown text, in order, each with its final newline.
   *
   * @param markdown the text
   * @return the blocks' contents
   */
  public static List<String> javaBlocksOf(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /**
   * Sample {@code n} of a test source: the lines between {@code // --- README sample n starts
   * here ---} and {@code // --- README sample n ends here ---}, without their common indentation,
   * as the README shows them.
   *
   * @param source the test's source text
   * @param n the sample's number
   * @return the sample, each line ending with a newline
   */
  public static String markedSample(String source, int n) {
    String start = "// --- README sample " + n + " starts here ---\n";
    String end = "// --- README sample " + n + " ends here ---";
    int from = source.indexOf(start);
    if (from < 0) {
      throw new IllegalArgumentException("no README sample " + n + " in the source");
    }
    from += start.length();
    int to = source.indexOf(end, from);
    String body = source.substring(from, source.lastIndexOf('\n', to) + 1);
    int indent = body.length() - body.stripLeading().length();
    StringBuilder out = new StringBuilder();
    for (String line : body.split("\n", -1)) {
      out.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  /**
   * Code with every run of whitespace made one space, for comparing a sample with code laid out
   * otherwise.
   *
   * @param code the code
   * @return the code on one line
   */
  public static String normalize(String code) {
    return code.replaceAll("\\s+", " ").trim();
  }
}
