package dev.shipshape.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagDefinitionException;
import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.SourceStatus;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile flag documents: each is refused with its exact problems (JSON pointer or line and
 * column, and what was expected) both by {@code FlagSet.parse} and as a polled update, where the
 * last good flags stay and the source turns STALE with that message; or, when it is valid however
 * odd, loaded with the value it says.
 */
class FlagDocumentsTest {

  static final String GOOD =
      "{\"flags\":{\"banner\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"A\"},"
          + "\"defaultVariant\":\"a\"}}}";

  /** A flag named {@code f} with the given variants and targeting (JSON, or null for none). */
  static String flag(String variants, @Nullable String targeting) {
    return "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":" + variants
        + ",\"defaultVariant\":null"
        + (targeting == null ? "" : ",\"targeting\":" + targeting) + "}}}";
  }

  static String rule(String targeting) {
    return flag("{\"x\":\"X\",\"y\":\"Y\"}", targeting);
  }

  /** A document whose evaluators e0..e{levels-1} each refer to the next {@code fanout} times. */
  static String refBomb(int levels, int fanout) {
    StringBuilder ev = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      ev.append("\"e").append(i).append("\":{\"or\":[");
      for (int j = 0; j < fanout; j++) {
        ev.append(j == 0 ? "" : ",").append("{\"$ref\":\"e").append(i + 1).append("\"}");
      }
      ev.append("]},");
    }
    ev.append("\"e").append(levels).append("\":{\"in\":[\"@x.com\",{\"var\":\"email\"}]}");
    return "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"x\":\"X\"},"
        + "\"targeting\":{\"if\":[{\"$ref\":\"e0\"},\"x\",null]}}},\"$evaluators\":{" + ev + "}}";
  }

  /** Evaluators e0 -> e1 -> ... -> e{length}, one reference each. */
  static String refChain(int length) {
    StringBuilder ev = new StringBuilder();
    for (int i = 0; i < length; i++) {
      ev.append("\"e").append(i).append("\":{\"$ref\":\"e").append(i + 1).append("\"},");
    }
    ev.append("\"e").append(length).append("\":true");
    return "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"true\":\"T\"},"
        + "\"targeting\":{\"$ref\":\"e0\"}}},\"$evaluators\":{" + ev + "}}";
  }

  static String manyFlags(int n) {
    StringBuilder b = new StringBuilder("{\"flags\":{");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":{\"state\":\"ENABLED\",")
          .append("\"variants\":{\"x\":1}}");
    }
    return b.append("}}").toString();
  }

  /** Refused by the parser with exactly these problems, and as an update keeps the last good. */
  static Hostile refused(String name, String doc, String... problems) {
    return refused(name, doc, FlagLimits.defaults(), problems);
  }

  static Hostile refused(String name, String doc, FlagLimits limits, String... problems) {
    return Hostile.of(
        name,
        () -> {
          assertThatThrownBy(() -> FlagSet.parse(doc, "hostile.json", limits))
              .isInstanceOfSatisfying(
                  FlagDefinitionException.class,
                  e ->
                      assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                          .containsExactly(problems));
          ManualClock clock = ManualClock.create();
          Scripted source = new Scripted("hostile.json", n -> n == 0 ? GOOD : doc);
          try (Flags flags = Flags.builder().clock(clock).limits(limits).source(source).build()) {
            assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
            FlagSourcesTest.staleAfterNextPoll(flags, clock)
                .isEqualTo(
                    "invalid flag definitions in hostile.json ("
                        + problems.length
                        + (problems.length == 1 ? " problem)" : " problems)")
                        + java.util.Arrays.stream(problems)
                            .map(p -> "\n  - " + p)
                            .collect(java.util.stream.Collectors.joining()));
          }
        });
  }

  /** Valid however odd: loaded, and {@code check} sees the flags. */
  static Hostile accepted(String name, String doc, Consumer<Flags> check) {
    return Hostile.of(
        name,
        () -> {
          try (Flags flags =
              Flags.builder()
                  .clock(ManualClock.create())
                  .source(FlagSource.inMemory().setDocument(doc))
                  .build()) {
            assertThat(flags.sourceStates().get(0).status()).isEqualTo(SourceStatus.FRESH);
            check.accept(flags);
          }
        });
  }

  static final List<Hostile> CASES = new ArrayList<>();

  static {
    // ---- malformed and truncated
    CASES.add(refused("empty text", "", "/ was 'null' but must be a JSON object"));
    CASES.add(refused("JSON null", "null", "/ was 'null' but must be a JSON object"));
    CASES.add(refused("an array", "[]", "/ was '[]' but must be a JSON object"));
    CASES.add(refused("a string", "\"flags\"", "/ was '\"flags\"' but must be a JSON object"));
    CASES.add(
        refused(
            "truncated after the first brace",
            "{",
            "line 1, column 2 was 'invalid JSON' but must be JSON: Unexpected end-of-input:"
                + " expected close marker for Object (start marker at [Source: REDACTED"
                + " (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column:"
                + " 1])"));
    CASES.add(
        refused(
            "truncated inside a flag",
            GOOD.substring(0, 40),
            "line 1, column 41 was 'invalid JSON' but must be JSON: Unexpected end-of-input in"
                + " field name"));
    CASES.add(refused("content after the document", GOOD + " {}",
        "line 1, column 85 was 'content after the document' but must be one JSON document"));
    CASES.add(
        refused(
            "a bare word",
            "{\"flags\": tru}",
            "line 1, column 11 was 'invalid JSON' but must be JSON: Unrecognized token 'tru': was"
                + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or"
                + " 'false')"));
    CASES.add(
        refused(
            "single quotes",
            "{'flags':{}}",
            "line 1, column 2 was 'invalid JSON' but must be JSON: Unexpected character (''' (code"
                + " 39)): was expecting double-quote to start field name"));
    CASES.add(
        refused(
            "a comment",
            "{\"flags\":{} // none\n}",
            "line 1, column 13 was 'invalid JSON' but must be JSON: Unexpected character ('/' (code"
                + " 47)): maybe a (non-standard) comment? (not recognized as one since Feature"
                + " 'ALLOW_COMMENTS' not enabled for parser)"));
    CASES.add(
        refused(
            "a raw control character in a string",
            flag("{\"x\":\"a\u0001b\"}", null),
            "line 1, column 52 was 'invalid JSON' but must be JSON: Illegal unquoted character"
                + " ((CTRL-CHAR, code 1)): has to be escaped using backslash to be included in"
                + " string value"));
    CASES.add(
        refused(
            "a byte order mark",
            "\uFEFF" + GOOD,
            "line 1, column 1 was 'invalid JSON' but must be JSON: Unexpected character ('\uFEFF'"
                + " (code 65279 / 0xfeff)): expected a valid value (JSON String, Number, Array,"
                + " Object or token 'null', 'true' or 'false')"));
    // ---- duplicate keys and odd numbers
    CASES.add(refused("a duplicate flag key",
        "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1}},"
            + "\"f\":{\"state\":\"ENABLED\",\"variants\":{\"x\":2}}}}",
        "line 1, column 57 was 'invalid JSON' but must be JSON: Duplicate field 'f'"));
    CASES.add(refused("a duplicate variant", flag("{\"x\":1,\"x\":2}", null),
        "line 1, column 55 was 'invalid JSON' but must be JSON: Duplicate field 'x'"));
    CASES.add(refused("NaN", flag("{\"x\":NaN}", null),
        "line 1, column 53 was 'invalid JSON' but must be JSON: Non-standard token 'NaN': enable"
            + " `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"));
    CASES.add(
        refused(
            "Infinity",
            flag("{\"x\":-Infinity}", null),
            "line 1, column 59 was 'invalid JSON' but must be JSON: Non-standard token '-Infinity':"
                + " enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"));
    CASES.add(refused("1e400, beyond a double", flag("{\"x\":1e400}", null),
        "/flags/f/variants/x was 'a number beyond the range of a double' but must be at most"
            + " 1.7976931348623157E308 in magnitude"));
    CASES.add(refused("2^64, beyond a long", flag("{\"x\":18446744073709551616}", null),
        "/flags/f/variants/x was '18446744073709551616' but must be an integer between"
            + " -9223372036854775808 and 9223372036854775807"));
    CASES.add(refused("a number of 5,000 digits", flag("{\"x\":" + "7".repeat(5000) + "}", null),
        "line 1, column 46 was 'a number longer than 1000 characters' but must be at most 1000"
            + " characters long"));
    CASES.add(accepted("a number of exactly 1,000 characters",
        flag("{\"x\":-0." + "5".repeat(997) + "}", null),
        f -> assertThat(f.flagSet().definition("f").orElseThrow().variants().get("x"))
            .isEqualTo(-0.5555555555555556)));
    // Only 998 digits, which Jackson's own limit (digits only) lets through; placed at the number
    // itself, where a number over Jackson's limit is placed at the key before it (column 46).
    CASES.add(refused("a number of 1,001 characters",
        flag("{\"x\":-0." + "5".repeat(998) + "}", null),
        "line 1, column 50 was 'a number longer than 1000 characters' but must be at most 1000"
            + " characters long"));
    CASES.add(accepted("a key of exactly 50,000 characters",
        "{\"flags\":{\"" + "k".repeat(50_000) + "\":{\"state\":\"ENABLED\","
            + "\"variants\":{\"x\":\"X\"},\"defaultVariant\":\"x\"}}}",
        f -> assertThat(f.stringValue("k".repeat(50_000), "?")).isEqualTo("X")));
    CASES.add(refused("a key of 50,001 characters",
        "{\"flags\":{\"" + "k".repeat(50_001) + "\":{}}}",
        "line 1, column 10 was 'a key longer than 50000 characters' but must be at most 50000"
            + " characters long"));
    CASES.add(refused("a key of 100,000 characters",
        "{\"flags\":{\"" + "k".repeat(100_000) + "\":{}}}",
        "line 1, column 10 was 'a key longer than 50000 characters' but must be at most 50000"
            + " characters long"));
    // ---- depth
    CASES.add(
        refused(
            "nested 100,000 levels deep",
            "{\"flags\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
            "line 1, column 73 was 'nested deeper than 64 levels' but must be at most 64 levels"
                + " deep (maxDepth)"));
    CASES.add(
        refused(
            "a rule nested 70 levels deep",
            rule("{\"!\":".repeat(70) + "true" + "}".repeat(70)),
            "line 1, column 398 was 'nested deeper than 64 levels' but must be at most 64 levels"
                + " deep (maxDepth)"));
    CASES.add(refused("a chain of 10,000 evaluators", refChain(10_000),
        "/$evaluators/e0 was 'a chain of references more than 64 evaluators deep' but must be at"
            + " most 64 deep (maxDepth)"));
    // ---- references
    CASES.add(refused("an evaluator that refers to itself",
        "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"$ref\":\"a\"}}},\"$evaluators\":{\"a\":{\"!\":{\"$ref\":\"a\"}}}}",
        "/$evaluators/a/!/$ref was 'a' but must not refer to itself (it does through [a])"));
    CASES.add(refused("two evaluators that refer to each other",
        "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"targeting\":{\"$ref\":\"a\"}}},\"$evaluators\":{\"a\":{\"!\":{\"$ref\":\"b\"}},"
            + "\"b\":{\"$ref\":\"a\"}}}",
        "/$evaluators/b/$ref was 'a' but must not refer to itself (it does through [a, b])"));
    CASES.add(refused("a reference to no evaluator", rule("{\"$ref\":\"nope\"}"),
        "/flags/f/targeting/$ref was 'nope' but must be an evaluator (none defined)"));
    CASES.add(refused("a reference that is not a name", rule("{\"$ref\":42}"),
        "/flags/f/targeting/$ref was '42' but must be an evaluator name (a string)"));
    CASES.add(refused("ten levels of four references (under a kilobyte)", refBomb(10, 4),
        "/flags/f/targeting was '38797326 bytes once every $ref is inlined' but must be at most"
            + " 10485760 bytes (maxRuleBytes)"));
    CASES.add(refused("sixty-three levels of two references", refBomb(63, 2),
        "/flags/f/targeting was 'rules nested deeper than 64 once every $ref is inlined' but must"
            + " nest at most 64 deep (maxDepth)"));
    CASES.add(refused("2^63 uses of one evaluator, with nesting allowed", refBomb(63, 2),
        new FlagLimits(FlagLimits.DEFAULT_MAX_DOCUMENT_BYTES, 1000, 10),
        "/flags/f/targeting was 'more than 9223372036854775806 bytes once every $ref is inlined'"
            + " but must be at most 10485760 bytes (maxRuleBytes)"));
    // ---- limits
    CASES.add(refused("10,001 flags", manyFlags(10_001),
        "/flags was '10001 flags' but must hold at most 10000 flags (maxFlags)"));
    CASES.add(refused("one byte over the size limit", GOOD + " ".repeat(1000),
        new FlagLimits(GOOD.length() + 999, 64, 10),
        "/ was 'more than " + (GOOD.length() + 999) + " bytes' but must be at most "
            + (GOOD.length() + 999) + " bytes (maxDocumentBytes)"));
    // ---- definitions
    CASES.add(refused("variants of mixed types", flag("{\"x\":1,\"y\":\"Y\"}", null),
        "/flags/f/variants/y was '\"Y\"' but must be a number like variant 'x', not a string (all"
            + " variants of a flag must have one type)"));
    CASES.add(refused("a null variant", flag("{\"x\":null}", null),
        "/flags/f/variants/x was 'null' but must be a boolean, string, number or object"));
    CASES.add(refused("no variants", flag("{}", null),
        "/flags/f/variants was '{}' but must be a non-empty object"));
    CASES.add(
        refused(
            "a default variant that is not one",
            "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},\"defaultVariant\":\"z\"}}}",
            "/flags/f/defaultVariant was 'z' but must be a variant (x)"));
    CASES.add(refused("a state that is not one",
        "{\"flags\":{\"f\":{\"state\":\"enabled\",\"variants\":{\"x\":1}}}}",
        "/flags/f/state was 'enabled' but must be ENABLED or DISABLED"));
    CASES.add(
        refused("flags as an array", "{\"flags\":[]}", "/flags was '[]' but must be an object"));
    CASES.add(refused("targeting as an array", rule("[1]"),
        "/flags/f/targeting was '[1]' but must be a rule object"));
    CASES.add(refused("an unknown operator", rule("{\"regex\":[\"a\",\"b\"]}"),
        "/flags/f/targeting/regex was 'regex' but must be a supported operator"));
    CASES.add(refused("two operators in one rule", rule("{\"==\":[1,1],\"!=\":[1,2]}"),
        "/flags/f/targeting was '[==, !=]' but must be a rule object with exactly one operator"));
    CASES.add(refused("sem_ver with two arguments", rule("{\"sem_ver\":[\"1.0.0\",\"=\"]}"),
        "/flags/f/targeting/sem_ver was '2 arguments' but must be 3 arguments"));
    CASES.add(refused("starts_with with four arguments",
        rule("{\"starts_with\":[\"a\",\"b\",\"c\",\"d\"]}"),
        "/flags/f/targeting/starts_with was '4 arguments' but must be 2 arguments"));
    CASES.add(refused("substr with one argument", rule("{\"substr\":[\"a\"]}"),
        "/flags/f/targeting/substr was '1 arguments' but must be 2 to 3 arguments"));
    CASES.add(refused("a fractional weight that is not an integer",
        rule("{\"fractional\":[[\"x\",0.5],[\"y\",99.5]]}"),
        "/flags/f/targeting/fractional/0/1 was '0.5' but must be an integer weight",
        "/flags/f/targeting/fractional/1/1 was '99.5' but must be an integer weight"));
    CASES.add(refused("fractional weights over 2^31 in total",
        rule("{\"fractional\":[[\"x\",2147483647],[\"y\",2147483647]]}"),
        "/flags/f/targeting/fractional was '4294967294' but must have a total weight of at most"
            + " 2147483647"));
    CASES.add(refused("metadata holding an object",
        "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},"
            + "\"metadata\":{\"o\":{}}}}}",
        "/flags/f/metadata/o was '{}' but must be a string, number or boolean"));
    // ---- valid however odd
    CASES.add(accepted("a lone surrogate in a variant", flag("{\"x\":\"\\ud800\"}", null),
        f -> assertThat(f.flagSet().definition("f").orElseThrow().variants().get("x"))
            .isEqualTo("\ud800")));
    CASES.add(accepted("keys that need escaping in pointers",
        "{\"flags\":{\"a/b~c\":{\"state\":\"ENABLED\",\"variants\":{\"x\":\"X\"},"
            + "\"defaultVariant\":\"x\"}}}",
        f -> assertThat(f.stringValue("a/b~c", "?")).isEqualTo("X")));
    CASES.add(
        accepted(
            "twelve levels of two references (8,192 uses, shared)",
            refBomb(12, 2),
            f ->
                assertThat(
                        f.stringValue(
                            "f", "?", EvaluationContext.builder().set("email", "u@x.com").build()))
                    .isEqualTo("X")));
    CASES.add(accepted("a 1e-400 variant, which is zero", flag("{\"x\":1e-400}", null),
        f -> assertThat(f.flagSet().definition("f").orElseThrow().variants().get("x"))
            .isEqualTo(0.0)));
  }

  @TestFactory
  Stream<DynamicTest> hostileFlagDocuments() {
    return Hostile.run(CASES);
  }
}
