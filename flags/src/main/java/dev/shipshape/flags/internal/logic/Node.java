package dev.shipshape.flags.internal.logic;

import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * One compiled JsonLogic expression. {@code data} is the {@link
 * dev.shipshape.flags.EvaluationContext} at the top level and the current element inside {@code
 * map}, {@code filter} and friends. Nodes never re-read JSON and build no maps on the common path.
 */
public abstract class Node {

  /**
   * Evaluates the node to a plain value. Each operator calls its operands' {@code eval} from its
   * own call site, so the JIT sees one node type per site and can inline the tree.
   *
   * @param data the current data
   * @param clock the clock for {@code $flagd.timestamp}
   * @return the result
   */
  public abstract @Nullable Object eval(Object data, Clock clock);

  /**
   * Evaluates the node as a flag's whole targeting rule: like {@link #eval}, but a value chosen by
   * a {@code fractional} rule comes wrapped in a {@link Split} marker (so the reason is SPLIT).
   * Only {@code fractional} makes the marker and only {@code if} passes it through.
   *
   * @param data the context
   * @param clock the clock
   * @return the result, possibly a split marker
   */
  public @Nullable Object evalTop(Object data, Clock clock) {
    return eval(data, clock);
  }

  /**
   * Evaluates the node as a condition: whether its value is truthy, in JsonLogic's sense.
   * Comparisons answer directly, without boxing a result only to unbox it.
   *
   * @param data the current data
   * @param clock the clock
   * @return true when the value is truthy
   */
  public boolean test(Object data, Clock clock) {
    return Values.truthy(eval(data, clock));
  }

  /** Whether the node always yields the same value. */
  boolean isConstant() {
    return false;
  }

  /** A value that came out of a {@code fractional} rule, so the reason is SPLIT. */
  public static final class Split {
    /** The selected value. */
    public final @Nullable Object value;

    Split(@Nullable Object value) {
      this.value = value;
    }
  }

  /**
   * Aborts evaluation without a stack trace; thrown only on error paths and preallocated.
   */
  public static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code fractional} needed a targeting key and the context has none. */
    public static final Abort TARGETING_KEY_MISSING = new Abort("targeting key missing");

    /** A custom operator got arguments it cannot use: the rule yields no variant. */
    public static final Abort OPERATOR_ERROR = new Abort("operator error");

    /** The evaluation took more steps than its budget allows ({@link Metered}). */
    public static final Abort TOO_COSTLY = new Abort("too many evaluation steps");

    private Abort(String message) {
      super(message, null, false, false);
    }
  }
}
