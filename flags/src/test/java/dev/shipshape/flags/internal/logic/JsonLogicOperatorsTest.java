package dev.shipshape.flags.internal.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One behaviour per JsonLogic operator, evaluated through the compiled tree. */
class JsonLogicOperatorsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ManualClock CLOCK = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));

  private static final EvaluationContext CTX =
      EvaluationContext.builder()
          .targetingKey("user-1")
          .set("email", "ada@example.com")
          .set("age", 36L)
          .set("score", 2.5)
          .set("beta", true)
          .set("tags", List.of("a", "b", "c"))
          .set("nums", List.of(1, 2, 3, 4))
          .set("address", Map.of("city", "Zurich", "zip", "8001"))
          .set("signup", Instant.parse("2025-01-01T00:00:00Z"))
          .set("empty", "")
          .build();

  static Object eval(String rule) {
    return eval(rule, CTX);
  }

  static Object eval(String rule, EvaluationContext ctx) {
    Problems problems = new Problems();
    Node n;
    try {
      n = new Compiler("my-flag", 64, problems).compile(MAPPER.readTree(rule), "");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(problems.toList()).as("compile problems of %s", rule).isEmpty();
    return n.eval(ctx, CLOCK);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // var: dotted paths, list indexes, defaults, targetingKey and $flagd
        "{\"var\":\"email\"}|ada@example.com",
        "{\"var\":[\"address.city\"]}|Zurich",
        "{\"var\":\"tags.1\"}|b",
        "{\"var\":[\"nope\",\"dflt\"]}|dflt",
        "{\"var\":\"targetingKey\"}|user-1",
        "{\"var\":\"$flagd.flagKey\"}|my-flag",
        "{\"var\":{\"cat\":[\"addr\",\"ess.zip\"]}}|8001",
        // comparison and logic
        "{\"==\":[1,\"1\"]}|true",
        "{\"===\":[1,\"1\"]}|false",
        "{\"===\":[{\"var\":\"age\"},36]}|true",
        "{\"!=\":[\"a\",\"b\"]}|true",
        "{\"!==\":[1,1.0]}|false",
        "{\"!\":[{\"var\":\"empty\"}]}|true",
        "{\"!!\":[{\"var\":\"tags\"}]}|true",
        "{\"and\":[true,\"x\",0]}|0",
        "{\"or\":[false,\"\",\"x\"]}|x",
        "{\"<\":[{\"var\":\"age\"},40]}|true",
        "{\"<\":[1,{\"var\":\"age\"},30]}|false",
        "{\"<=\":[36,{\"var\":\"age\"},36]}|true",
        "{\">\":[{\"var\":\"score\"},2]}|true",
        "{\">=\":[\"b\",\"a\"]}|true",
        "{\"<\":[{\"var\":\"signup\"},{\"var\":\"$flagd.timestamp\"}]}|true",
        "{\"in\":[\"b\",{\"var\":\"tags\"}]}|true",
        "{\"in\":[\"example\",{\"var\":\"email\"}]}|true",
        "{\"in\":[\"z\",{\"var\":\"tags\"}]}|false",
        // strings
        "{\"cat\":[\"a\",1,\"-\",2.5]}|a1-2.5",
        // a missing attribute compares as 0 (flags README), unless var gives a default
        "{\"<\":[{\"var\":\"nope\"},18]}|true",
        "{\">=\":[{\"var\":\"nope\"},0]}|true",
        "{\"<\":[{\"var\":[\"nope\",99]},18]}|false",
        "{\"==\":[{\"var\":\"age\"},\"36\"]}|true",
        "{\"===\":[{\"var\":\"age\"},\"36\"]}|false",
        // a missing value joins as nothing, as in json-logic-js and flagd (it was "xnull")
        "{\"cat\":[\"x\",{\"var\":\"missing\"}]}|x",
        "{\"cat\":[null,\"x\",null]}|x",
        "{\"substr\":[\"shipshape\",4]}|shape",
        "{\"substr\":[\"shipshape\",-5,2]}|sh",
        "{\"substr\":[\"shipshape\",0,-5]}|ship",
        // a length past the end keeps the rest, however large (from + length overflowed an int)
        "{\"substr\":[\"shipshape\",4,1e18]}|shape",
        "{\"substr\":[\"shipshape\",-5,2147483647]}|shape",
        // arithmetic
        "{\"+\":[1,2,\"3\"]}|6.0",
        "{\"-\":[10,4]}|6.0",
        "{\"-\":[2]}|-2.0",
        "{\"*\":[2,{\"var\":\"score\"}]}|5.0",
        "{\"/\":[9,2]}|4.5",
        "{\"%\":[{\"var\":\"age\"},5]}|1.0",
        "{\"min\":[3,1,2]}|1.0",
        "{\"max\":[3,1,2]}|3.0",
        // arrays
        "{\"all\":[{\"var\":\"nums\"},{\">\":[{\"var\":\"\"},0]}]}|true",
        "{\"some\":[{\"var\":\"nums\"},{\">\":[{\"var\":\"\"},3]}]}|true",
        "{\"none\":[{\"var\":\"nums\"},{\">\":[{\"var\":\"\"},9]}]}|true",
        "{\"reduce\":[{\"var\":\"nums\"},{\"+\":[{\"var\":\"current\"},{\"var\":\"accumulator\"}]},0]}|10.0",
        // flagd operators
        "{\"starts_with\":[{\"var\":\"email\"},\"ada\"]}|true",
        "{\"ends_with\":[{\"var\":\"email\"},\"@example.com\"]}|true",
        "{\"sem_ver\":[\"1.2.3\",\">=\",\"1.2.0\"]}|true",
        "{\"sem_ver\":[\"1.2.3-rc.1\",\"<\",\"1.2.3\"]}|true",
        "{\"sem_ver\":[\"1.2.3-alpha.2\",\"<\",\"1.2.3-alpha.10\"]}|true",
        "{\"sem_ver\":[\"1.2.3\",\"!=\",\"1.2.4\"]}|true",
        "{\"sem_ver\":[\"1.2.3\",\"<=\",\"1.2.3\"]}|true",
        "{\"if\":[false,\"a\",false,\"b\",\"c\"]}|c",
        "{\"?:\":[true,\"a\",\"b\"]}|a"
      })
  void operatorYields(String rule, String expected) {
    assertThat(String.valueOf(eval(rule))).isEqualTo(expected);
  }

  @Test
  void missingListsAbsentKeys() {
    assertThat(eval("{\"missing\":[\"email\",\"phone\",\"address.city\",\"empty\"]}"))
        .isEqualTo(List.of("phone", "empty"));
    assertThat(eval("{\"missing_some\":[1,[\"phone\",\"email\"]]}")).isEqualTo(List.of());
    assertThat(eval("{\"missing_some\":[2,[\"phone\",\"email\"]]}")).isEqualTo(List.of("phone"));
  }

  @Test
  void arrayOperatorsBuildLists() {
    assertThat(eval("{\"map\":[{\"var\":\"nums\"},{\"*\":[{\"var\":\"\"},2]}]}"))
        .isEqualTo(List.of(2.0, 4.0, 6.0, 8.0));
    assertThat(eval("{\"filter\":[{\"var\":\"nums\"},{\"%\":[{\"var\":\"\"},2]}]}"))
        .isEqualTo(List.of(1L, 3L));
    assertThat(eval("{\"merge\":[[1,2],3,[{\"var\":\"age\"}]]}"))
        .isEqualTo(List.of(1L, 2L, 3L, 36L));
  }

  @Test
  void timestampComesFromTheInjectedClock() {
    assertThat(eval("{\"var\":\"$flagd.timestamp\"}"))
        .isEqualTo(Instant.parse("2026-03-01T00:00:00Z").getEpochSecond());
  }

  @Test
  void customOperatorErrorsAbortWithoutAStackTrace() {
    assertThatThrownBy(() -> eval("{\"starts_with\":[{\"var\":\"age\"},\"3\"]}"))
        .isSameAs(Node.Abort.OPERATOR_ERROR);
    assertThatThrownBy(() -> eval("{\"sem_ver\":[\"1.0\",\"===\",\"1.0\"]}"))
        .isSameAs(Node.Abort.OPERATOR_ERROR);
    assertThatThrownBy(() -> eval("{\"fractional\":[[\"a\",1]]}", EvaluationContext.empty()))
        .isSameAs(Node.Abort.TARGETING_KEY_MISSING);
    assertThat(Node.Abort.OPERATOR_ERROR.getStackTrace()).isEmpty();
  }

  @Test
  void fractionalWithZeroTotalWeightYieldsNull() {
    assertThat(eval("{\"fractional\":[[\"a\",0],[\"b\",-3]]}")).isNull();
  }

  @Test
  void unknownOperatorsAndBadArityAreCompileProblemsWithPointers() throws Exception {
    Problems problems = new Problems();
    new Compiler("f", 64, problems)
        .compile(
            MAPPER.readTree(
                "{\"if\":[{\"regex\":[\"a\",\"b\"]},{\"in\":[1]},{\"a\":1,\"b\":2}]}"),
            "/flags/f/targeting");
    assertThat(problems.toList().stream().map(ConfigProblem::message))
        .containsExactly(
            "/flags/f/targeting/if/0/regex was 'regex' but must be a supported operator",
            "/flags/f/targeting/if/1/in was '1 arguments' but must be 2 arguments",
            "/flags/f/targeting/if/2 was '[a, b]' but must be a rule object with exactly one"
                + " operator");
  }

  @Test
  void murmur3MatchesReferenceValuesAndByteArrayHashing() {
    // MurmurHash3_x86_32 reference values with seed 0
    assertThat(Murmur3.hash("", null)).isEqualTo(0);
    assertThat(Murmur3.hash("hello", null)).isEqualTo(0x248bfa47);
    assertThat(Murmur3.hash("The quick brown fox jumps over the lazy dog", null))
        .isEqualTo(0x2e4ff723);
    // incremental over two strings equals hashing the concatenation, multi-byte UTF-8 included
    assertThat(Murmur3.hash("flag-ü€", "😀key")).isEqualTo(Murmur3.hash("flag-ü€😀key", null));
    assertThat(Murmur3.hash("abc", "d")).isEqualTo(Murmur3.hash("abcd", null));
  }
}
