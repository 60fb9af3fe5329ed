package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rule of the shape {@code if [condition, literal, literal]} has its outcomes resolved when the
 * flag is compiled; it must answer exactly what the same rule answers when evaluated generically
 * (here forced by the equivalent five-argument form {@code if [condition, a, false, x, b]}),
 * through details and through the value-only path alike.
 */
class LiteralChoiceEquivalenceTest {

  private static final List<String> CONDITIONS =
      List.of(
          "true",
          "false",
          "null",
          "{\"var\":\"email\"}",
          "{\"var\":\"nothing\"}",
          "{\"ends_with\":[{\"var\":\"email\"},\"@example.com\"]}",
          "{\"ends_with\":[{\"var\":\"age\"},\"@example.com\"]}",
          "{\"starts_with\":[{\"var\":\"email\"},\"bob\"]}",
          "{\"ends_with\":[{\"var\":\"targetingKey\"},\"-7\"]}",
          "{\"ends_with\":[{\"var\":[\"email\",\"x@example.org\"]},\"example.org\"]}",
          "{\"fractional\":[[\"on\",50],[\"off\",50]]}",
          "{\">\":[{\"var\":\"age\"},30]}");

  private static final List<String> OUTCOMES =
      List.of("\"on\"", "\"off\"", "\"gone\"", "null", "true", "false", "1");

  @Test
  void literalChoiceAnswersExactlyWhatTheGenericRuleAnswers() {
    StringBuilder doc = new StringBuilder("{\"flags\":{");
    int n = 0;
    for (String c : CONDITIONS) {
      for (String a : OUTCOMES) {
        for (String b : OUTCOMES) {
          String variants = "\"variants\":{\"on\":\"ON\",\"off\":\"OFF\",\"true\":\"T\",\"false\":\"F\"}";
          doc.append(n == 0 ? "" : ",")
              .append("\"fast-").append(n).append("\":{\"state\":\"ENABLED\",").append(variants)
              .append(",\"defaultVariant\":\"off\",\"targeting\":{\"if\":[")
              .append(c).append(',').append(a).append(',').append(b).append("]}},")
              .append("\"slow-").append(n).append("\":{\"state\":\"ENABLED\",").append(variants)
              .append(",\"defaultVariant\":\"off\",\"targeting\":{\"if\":[")
              .append(c).append(',').append(a).append(",false,\"x\",").append(b).append("]}}");
          n++;
        }
      }
    }
    doc.append("}}");
    try (Flags flags = Flags.builder().source(FlagSource.inMemory().setDocument(doc.toString())).build()) {
      List<EvaluationContext> contexts =
          List.of(
              EvaluationContext.empty(),
              EvaluationContext.builder().set("email", "ann@example.com").set("age", 42).build(),
              EvaluationContext.builder().set("email", "bob@example.org").set("age", 7).build(),
              EvaluationContext.builder().targetingKey("user-7").set("age", 30).build());
      assertThat(flags.flagSet().keys()).hasSize(2 * n);
      for (int i = 0; i < n; i++) {
        for (EvaluationContext ctx : contexts) {
          EvaluationDetails<String> fast = flags.stringDetails("fast-" + i, "dflt", ctx);
          EvaluationDetails<String> slow = flags.stringDetails("slow-" + i, "dflt", ctx);
          assertThat(fast.value()).as("fast-%s %s", i, ctx).isEqualTo(slow.value());
          assertThat(fast.variant()).as("fast-%s %s", i, ctx).isEqualTo(slow.variant());
          assertThat(fast.reason()).as("fast-%s %s", i, ctx).isEqualTo(slow.reason());
          assertThat(fast.errorCode()).as("fast-%s %s", i, ctx).isEqualTo(slow.errorCode());
          // the value-only path takes its own shortcut for this shape: the same answer again
          assertThat(flags.stringValue("fast-" + i, "dflt", ctx))
              .as("value of fast-%s %s", i, ctx)
              .isEqualTo(slow.value());
        }
      }
    }
  }
}
