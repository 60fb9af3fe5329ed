package dev.shipshape.flags.internal.logic;

import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * {@code if} (or {@code ?:}) with one condition and two literal outcomes, the most common shape
 * of a targeting rule: {@code {"if": [condition, "on", "off"]}}. A flag whose whole rule has this
 * shape resolves both outcomes to variants once, when it is compiled.
 */
public final class LiteralChoice extends Node {
  private final Node condition;
  private final @Nullable Object then;
  private final @Nullable Object otherwise;

  LiteralChoice(Node condition, @Nullable Object then, @Nullable Object otherwise) {
    this.condition = condition;
    this.then = then;
    this.otherwise = otherwise;
  }

  /**
   * Whether the condition holds (JsonLogic truthiness) for {@code data}.
   *
   * @param data the context
   * @param clock the clock
   * @return true when the rule yields {@link #then()}
   */
  @Override
  public boolean test(Object data, Clock clock) {
    return condition.test(data, clock);
  }

  /**
   * The outcome when the condition holds.
   *
   * @return the literal
   */
  public @Nullable Object then() {
    return then;
  }

  /**
   * The outcome otherwise.
   *
   * @return the literal
   */
  public @Nullable Object otherwise() {
    return otherwise;
  }

  @Override
  public @Nullable Object eval(Object data, Clock clock) {
    return test(data, clock) ? then : otherwise;
  }
}
