package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EvaluationContextTest {

  @Test
  void reusingABuilderNeverChangesABuiltContext() {
    List<Object> tags = new ArrayList<>(List.of("a"));
    EvaluationContext.Builder b =
        EvaluationContext.builder().targetingKey("u1").set("plan", "pro").set("tags", tags);
    EvaluationContext first = b.build();
    tags.add("b");
    b.set("plan", "free").targetingKey("u2");
    assertThat(first.targetingKey()).isEqualTo("u1");
    assertThat(first.get("plan")).isEqualTo("pro");
    assertThat(first.get("tags")).isEqualTo(List.of("a"));
    assertThat(b.build().get("plan")).isEqualTo("free");
  }

  @Test
  void valuesAreNormalizedToImmutableRuleTypes() {
    Instant signup = Instant.parse("2025-05-01T00:00:00Z");
    EvaluationContext ctx =
        EvaluationContext.builder()
            .set("age", 41)
            .set("ratio", 0.25)
            .set("beta", true)
            .set("signup", signup)
            .set("user", Map.of("id", 7, "roles", List.of("admin")))
            .build();
    assertThat(ctx.get("age")).isEqualTo(41L);
    assertThat(ctx.get("user")).isEqualTo(Map.of("id", 7L, "roles", List.of("admin")));
    assertThat(ctx.get("signup")).isEqualTo(signup);
    assertThat(ctx.targetingKey()).isNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> user = (Map<String, Object>) ctx.get("user");
    assertThatThrownBy(() -> user.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ctx.attributes().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void unsupportedValuesAreRefusedWithTheirPath() {
    assertThatThrownBy(
            () -> EvaluationContext.builder().set("user", Map.of("session", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("user.session was a 'java.lang.Object' but must be");
  }

  @Test
  @Timeout(10)
  void aMapOrListThatContainsItselfIsRefusedNotAStackOverflow() {
    Map<String, Object> self = new HashMap<>();
    self.put("again", self);
    assertThatThrownBy(() -> EvaluationContext.builder().set("user", self))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("user.again.again.again.")
        .hasMessageEndingWith(
            " was nested more than 1000 levels deep but must be at most that"
                + " (does a list or map contain itself?)");
    List<Object> loop = new ArrayList<>();
    loop.add(List.of(1L, loop));
    assertThatThrownBy(() -> EvaluationContext.builder().set("tags", loop))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tags[0][1][0][1]");
    Object deep = 1L;
    for (int i = 0; i < 1000; i++) {
      deep = List.of(deep);
    }
    EvaluationContext ok = EvaluationContext.builder().set("deep", (List<?>) deep).build();
    assertThat(ok.attributes()).containsKey("deep");
  }

  @Test
  void numbersBeyondALongOrADoubleAreRefusedNotWrapped() {
    // longValue() keeps the low 64 bits: 10^23 would be read as 200376420520689664
    BigInteger big = new BigInteger("1" + "0".repeat(23));
    assertThatThrownBy(() -> EvaluationContext.builder().set("ids", List.of(big)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ids[0] was a 78-bit integer but must fit in a long");
    BigDecimal huge = new BigDecimal("1e400");
    assertThatThrownBy(() -> EvaluationContext.builder().set("user", Map.of("score", huge)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user.score was a number beyond a double but must fit in a double");
    EvaluationContext ctx =
        EvaluationContext.builder()
            .set("ids", List.of(BigInteger.valueOf(Long.MIN_VALUE), new BigDecimal("-1e308")))
            .build();
    assertThat(ctx.attributes().get("ids")).isEqualTo(List.of(Long.MIN_VALUE, -1e308));
  }

  @Test
  void toStringNeverPrintsTheTargetingKeyOrValues() {
    EvaluationContext ctx =
        EvaluationContext.builder().targetingKey("secret-user").set("email", "a@b.c").build();
    assertThat(ctx.toString()).doesNotContain("secret-user").doesNotContain("a@b.c").contains("email");
    assertThat(EvaluationContext.builder().build()).isSameAs(EvaluationContext.empty());
    assertThat(EvaluationContext.of("k")).isEqualTo(EvaluationContext.builder().targetingKey("k").build());
  }
}
