package dev.shipshape.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.InMemoryFlagSource;
import java.util.List;

/**
 * Flag keys and a variant a sink must cut, evaluated through real {@link Flags}: one defined key
 * and variant as long as a flag file can hold (JSON names stop at 50,000 characters), an
 * undefined 100,000-character key, two undefined keys sharing a 2,000-character prefix (the
 * second evaluated twice), and one whose cut would fall inside a surrogate pair.
 */
public final class HostileFlagKeys {

  /** The defined flag's key. */
  public static final String DEFINED = "k".repeat(40_000);

  /** The defined flag's one variant, which it serves. */
  public static final String VARIANT = "v".repeat(40_000);

  /** An undefined key of 100,000 characters. */
  public static final String UNDEFINED = "x".repeat(100_000);

  /** The prefix of the two undefined keys {@link #SHARED_A} and {@link #SHARED_B}. */
  private static final String PREFIX = "p".repeat(2_000);

  /** An undefined key sharing a 2,000-character prefix with {@link #SHARED_B}. */
  public static final String SHARED_A = PREFIX + "-a";

  /** An undefined key sharing a 2,000-character prefix with {@link #SHARED_A}, evaluated twice. */
  public static final String SHARED_B = PREFIX + "-b";

  /** A key whose 117th character is the first half of a surrogate pair. */
  public static final String PAIR_AT_CUT = "s".repeat(116) + "\ud83d\ude00" + "s".repeat(200);

  private HostileFlagKeys() {}

  /**
   * A source defining {@link #DEFINED}, serving {@link #VARIANT}.
   *
   * @return the source
   */
  public static InMemoryFlagSource source() {
    return FlagSource.inMemory()
        .putFlag(
            DEFINED,
            "{\"state\":\"ENABLED\",\"variants\":{\"" + VARIANT + "\":true},"
                + "\"defaultVariant\":\"" + VARIANT + "\"}");
  }

  /**
   * Evaluates every key once, {@link #SHARED_B} twice, checking the values served.
   *
   * @param flags flags reading {@link #source()}
   * @return the {@code flag} tag values the evaluations must have, one per series
   */
  public static List<String> evaluate(Flags flags) {
    EvaluationContext ctx = EvaluationContext.of("user-1");
    assertThat(flags.booleanValue(DEFINED, false, ctx)).as("the defined long key").isTrue();
    for (String undefined : List.of(UNDEFINED, SHARED_A, SHARED_B, SHARED_B, PAIR_AT_CUT)) {
      assertThat(flags.booleanValue(undefined, false, ctx)).isFalse();
    }
    return List.of(
        MeterCatalogue.tagValue(DEFINED),
        MeterCatalogue.tagValue(UNDEFINED),
        MeterCatalogue.tagValue(SHARED_A),
        MeterCatalogue.tagValue(SHARED_B),
        MeterCatalogue.tagValue(PAIR_AT_CUT));
  }
}
