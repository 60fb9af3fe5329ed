package dev.shipshape.flags.internal.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.flags.EvaluationContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@code starts_with} and {@code ends_with}, with a literal pattern and with a computed one,
 * answer exactly what {@link String#startsWith} and {@link String#endsWith} answer.
 */
class AffixPropertiesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Short strings over a small alphabet, so that prefixes, suffixes and repeats are common. */
  private static Gen<String> texts() {
    char[] alphabet = {'a', 'b', '@', '.', 'é', '€'};
    return lists()
        .of(integers().between(0, alphabet.length - 1))
        .ofSizeBetween(0, 8)
        .map(
            (List<Integer> picks) -> {
              StringBuilder sb = new StringBuilder();
              picks.forEach(p -> sb.append(alphabet[p]));
              return sb.toString();
            });
  }

  @Test
  void affixOperatorsAgreeWithTheJdk() {
    qt().withExamples(2_000)
        .forAll(texts(), texts())
        .checkAssert(
            (s, p) -> {
              EvaluationContext ctx = EvaluationContext.builder().set("s", s).set("p", p).build();
              for (String op : List.of("starts_with", "ends_with")) {
                boolean expected = op.equals("starts_with") ? s.startsWith(p) : s.endsWith(p);
                String literal = "{\"" + op + "\":[{\"var\":\"s\"}," + quote(p) + "]}";
                String computed = "{\"" + op + "\":[{\"var\":\"s\"},{\"var\":\"p\"}]}";
                assertThat(JsonLogicOperatorsTest.eval(literal, ctx)).as(literal).isEqualTo(expected);
                assertThat(JsonLogicOperatorsTest.eval(computed, ctx)).as(computed).isEqualTo(expected);
              }
            });
  }

  private static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
