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
   * Evaluates the node; the result may be a {@link Split} marker when it came from a fractional
   * rule, which only {@code if} passes through unchanged.
   *
   * @param data the current data
   * @param clock the clock for {@code $flagd.timestamp}
   * @return the result
   */
  public abstract @Nullable Object eval(Object data, Clock clock);

  /**
   * Evaluates the node and unwraps a split marker.
   *
   * @param data the current data
   * @param clock the clock
   * @return the plain result
   */
  public final @Nullable Object value(Object data, Clock clock) {
    Object r = eval(data, clock);
    return r instanceof Split ? ((Split) r).value : r;
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

    private Abort(String message) {
      super(message, null, false, false);
    }
  }
}
