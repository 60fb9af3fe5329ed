package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finding a flag by key and an attribute by name: evaluation compares interned keys by identity
 * first, so these tests ask with equal strings that are not the same instance as well.
 */
class FlagLookupTest {

  /** Keys that share prefixes and lengths, so several land next to each other in the table. */
  private static List<String> keys(int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add((i % 2 == 0 ? "checkout-" : "checkout.") + i);
    }
    return keys;
  }

  private static String document(List<String> keys) {
    StringBuilder doc = new StringBuilder("{\"flags\":{");
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        doc.append(',');
      }
      // each flag answers its own index, so a lookup that lands on a neighbour is caught
      doc.append('"').append(keys.get(i)).append("\":{\"state\":\"ENABLED\",")
          .append("\"variants\":{\"v\":\"").append(i).append("\",\"w\":\"none\"},")
          .append("\"defaultVariant\":\"").append(i % 3 == 0 ? "w" : "v").append("\"}");
    }
    return doc.append("}}").toString();
  }

  @Test
  void everyOneOfAThousandFlagsIsFoundByAnEqualKeyAndNoUnknownKeyIs() {
    List<String> keys = keys(1_000);
    try (Flags flags =
        Flags.builder()
            .clock(ManualClock.create())
            .source(FlagSource.inMemory().setDocument(document(keys)))
            .build()) {
      for (int i = 0; i < keys.size(); i++) {
        String expected = i % 3 == 0 ? "none" : Integer.toString(i);
        // a copy of the key: equal, but not the instance the flag was loaded with
        assertThat(flags.stringValue(new String(keys.get(i)), "?")).isEqualTo(expected);
        assertThat(flags.stringValue(keys.get(i).intern(), "?")).isEqualTo(expected);
      }
      assertThat(flags.stringValue("checkout-1", "?")).isEqualTo("?");
      assertThat(flags.stringValue("checkout-", "?")).isEqualTo("?");
      assertThat(flags.stringValue("", "?")).isEqualTo("?");
      assertThat(flags.usage().unknownKeysRequested())
          .containsExactlyInAnyOrder("checkout-1", "checkout-", "");
      assertThat(flags.usage().flags()).allMatch(e -> e.evaluations() == 2);
    }
  }

  @Test
  void aReloadThatRemovesFlagsLeavesNoneBehindInTheTable() {
    InMemoryFlagSource source = FlagSource.inMemory().setDocument(document(keys(40)));
    try (Flags flags = Flags.builder().clock(ManualClock.create()).source(source).build()) {
      assertThat(flags.stringValue("checkout-38", "?")).isEqualTo("38");
      source.setDocument(document(keys(3)));
      assertThat(flags.stringValue("checkout-38", "?")).isEqualTo("?");
      assertThat(flags.stringValue("checkout.1", "?")).isEqualTo("1");
      source.setDocument("{\"flags\":{}}");
      assertThat(flags.stringValue("checkout.1", "?")).isEqualTo("?");
    }
  }

  @Test
  void anAttributeIsFoundByAnEqualNameInSmallAndLargeContexts() {
    String doc =
        "{\"flags\":{\"pro\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
            + "\"defaultVariant\":\"off\","
            + "\"targeting\":{\"if\":[{\"==\":[{\"var\":\"plan\"},\"pro\"]},\"on\",\"off\"]}}}}";
    try (Flags flags =
        Flags.builder().clock(ManualClock.create()).source(FlagSource.inMemory().setDocument(doc))
            .build()) {
      for (int size = 1; size <= 12; size++) {
        EvaluationContext.Builder b = EvaluationContext.builder();
        for (int i = 1; i < size; i++) {
          b.set(new String("attribute-" + i), i);
        }
        // a name built at run time is not the interned instance the rule holds
        EvaluationContext pro = b.set(new String("plan"), "pro").build();
        EvaluationContext free = b.set("plan", "free").build();
        EvaluationContext none = b.remove("plan").build();
        assertThat(flags.booleanValue("pro", false, pro)).as("%d attributes", size).isTrue();
        assertThat(pro.get("plan")).isEqualTo("pro");
        assertThat(pro.get(new String("plan"))).isEqualTo("pro");
        assertThat(flags.booleanValue("pro", true, free)).as("%d attributes", size).isFalse();
        assertThat(flags.booleanValue("pro", true, none)).as("%d attributes", size).isFalse();
        assertThat(none.get("plan")).isNull();
      }
    }
  }
}
