package dev.shipshape.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The conformance data of open-feature/flagd-testbed (resources under {@code flagd-testbed/}, see
 * their {@code SOURCE.md}): the testkit's flag document, and the evaluation vectors as CSV.
 */
public final class FlagdTestbed {

  /** The classpath resource of the testkit's flags, for {@code FlagSource.classpath}. */
  public static final String TESTKIT_RESOURCE = "flagd-testbed/testkit-flags.json";

  /** The classpath resource of the vectors, for {@code @CsvFileSource}. */
  public static final String VECTORS_RESOURCE = "/flagd-testbed/vectors.csv";

  /**
   * The flag whose {@code $ref} names an evaluator the document lacks: flagd loads it and fails
   * at evaluation, Shipshape refuses the document at load.
   */
  public static final String MISSING_REF_FLAG = "ref-to-nonexistent-evaluator-flag";

  /**
   * Flags whose operators have the wrong number of arguments: flagd loads them and serves their
   * default variant, Shipshape refuses them at load, naming the operator's JSON pointer.
   */
  public static final List<String> WRONG_ARITY_FLAGS =
      List.of("starts-with-wrong-args-flag", "ends-with-wrong-args-flag", "semver-wrong-args-flag");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FlagdTestbed() {}

  /**
   * The testkit's flag document as the testbed has it; Shipshape refuses it as a whole.
   *
   * @return the JSON text
   */
  public static String testkit() {
    try (InputStream in = FlagdTestbed.class.getResourceAsStream("/" + TESTKIT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + TESTKIT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The testkit without the flags Shipshape refuses at load ({@link #MISSING_REF_FLAG} and the
   * {@link #WRONG_ARITY_FLAGS}): what Shipshape loads and evaluates.
   *
   * @return the JSON text
   */
  public static String loadable() {
    ObjectNode doc = document();
    ObjectNode flags = (ObjectNode) doc.get("flags");
    flags.remove(MISSING_REF_FLAG);
    flags.remove(WRONG_ARITY_FLAGS);
    return doc.toString();
  }

  /**
   * The keys of the testkit's flags, in document order.
   *
   * @return the keys
   */
  public static List<String> flagKeys() {
    List<String> keys = new ArrayList<>();
    document().get("flags").fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static ObjectNode document() {
    try {
      return (ObjectNode) MAPPER.readTree(testkit());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the testkit is not JSON", e);
    }
  }
}
