package dev.shipshape.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Reading and writing trees with jackson-core alone gives exactly what an {@code ObjectMapper}
 * gives: the same tree as {@code readTree} and the same text as {@code JsonNode.toString()}.
 */
class JsonTreesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode read(String json) throws IOException {
    try (JsonParser p = JsonTrees.parser(json, 1000)) {
      JsonNode n = JsonTrees.read(p);
      assertThat(p.nextToken()).as("left on the value's last token").isNull();
      return n;
    }
  }

  private static void sameAsObjectMapper(String json) throws IOException {
    JsonNode expected = MAPPER.readTree(json);
    JsonNode actual = read(json);
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.getClass()).isEqualTo(expected.getClass());
    assertThat(JsonTrees.write(actual)).isEqualTo(expected.toString());
  }

  @Test
  void everyTestDocumentReadsAndWritesAsWithAnObjectMapper()
      throws IOException, URISyntaxException {
    Path root = Path.of(getClass().getResource("/example-flags.json").toURI()).getParent();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".xml")).forEach(files::add);
    }
    int checked = 0;
    for (Path f : files) {
      String json = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      JsonNode expected;
      try {
        expected = MAPPER.readTree(json);
      } catch (JsonProcessingException e) {
        assertThatThrownBy(() -> read(json)).as(f.toString()).isInstanceOf(JsonProcessingException.class);
        continue;
      }
      if (expected == null || expected.isMissingNode()) {
        continue;
      }
      sameAsObjectMapper(json);
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(8);
  }

  @Test
  void numbersKeepTheTypesAnObjectMapperGivesThem() throws IOException {
    sameAsObjectMapper(
        "{\"i\":1,\"neg\":-2147483648,\"l\":2147483648,\"big\":123456789012345678901234567890,"
            + "\"d\":0.1,\"e\":1e400,\"small\":-1.5E-7,\"z\":-0.0,\"arr\":[1,2.5,true,null,\"x\"],"
            + "\"s\":\"caf\\u00e9 \\\"quoted\\\" \\n tab\\t \\u0001 \\u2028 /\",\"o\":{}}");
    sameAsObjectMapper("[]");
    sameAsObjectMapper("42");
    sameAsObjectMapper("\"text\"");
    sameAsObjectMapper("null");
    assertThat(read("")).isNull();
  }

  @Test
  void randomTreesRoundTripAsWithAnObjectMapper() {
    qt().withExamples(300).forAll(tree(4)).checkAssert(t -> {
      try {
        String json = MAPPER.writeValueAsString(t);
        sameAsObjectMapper(json);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void duplicateKeysTooDeepNestingAndTrailingGarbageAreRefused() throws IOException {
    assertThatThrownBy(() -> read("{\"a\":1,\"a\":2}"))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("Duplicate field 'a'");
    try (JsonParser p = JsonTrees.parser("[[[[1]]]]", 3)) {
      assertThatThrownBy(() -> JsonTrees.read(p)).isInstanceOf(StreamConstraintsException.class);
    }
    try (JsonParser p = JsonTrees.parser("{} {", 10)) {
      assertThat(JsonTrees.read(p)).isEqualTo(MAPPER.createObjectNode());
      assertThat(p.nextToken()).isNotNull();
    }
    assertThatThrownBy(() -> read("{\"a\":[1,2"))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void deepDocumentsNeedNoStack() throws IOException {
    int depth = 100_000;
    String json = "[".repeat(depth) + "]".repeat(depth);
    try (JsonParser p = JsonTrees.parser(json, depth + 1)) {
      JsonNode n = JsonTrees.read(p);
      assertThat(n.isArray()).isTrue();
    }
  }

  private static Gen<Object> tree(int depth) {
    Gen<Object> scalar =
        Generate.oneOf(
            strings().allPossible().ofLengthBetween(0, 5).map(s -> (Object) s),
            integers().all().map(i -> (Object) i),
            longs().all().map(l -> (Object) l),
            doubles().any().map(d -> Double.isFinite(d) ? (Object) d : (Object) 0.5),
            booleans().all().map(b -> (Object) b));
    if (depth == 0) {
      return scalar;
    }
    Gen<Object> list =
        org.quicktheories.generators.SourceDSL.lists()
            .of(tree(depth - 1))
            .ofSizeBetween(0, 3)
            .map(l -> (Object) l);
    Gen<Object> map =
        org.quicktheories.generators.SourceDSL.maps()
            .of(strings().basicLatinAlphabet().ofLengthBetween(1, 4), tree(depth - 1))
            .ofSizeBetween(0, 3)
            .map(m -> (Object) m);
    return Generate.oneOf(scalar, list, map);
  }
}
