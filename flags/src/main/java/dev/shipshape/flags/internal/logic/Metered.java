package dev.shipshape.flags.internal.logic;

import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The root of a rule with operators that loop over lists: each evaluation starts with a budget
 * of {@link #maxSteps()} steps and stops with {@link Node.Abort#TOO_COSTLY} when it runs out. A
 * rule without loops has no such root and pays nothing for the budget.
 */
public final class Metered extends Node {
  private final Node rule;
  private final long maxSteps;

  Metered(Node rule, long maxSteps) {
    this.rule = rule;
    this.maxSteps = maxSteps;
  }

  /**
   * The rule this root evaluates.
   *
   * @return the rule
   */
  public Node rule() {
    return rule;
  }

  /**
   * The most steps one evaluation may take.
   *
   * @return the budget
   */
  public long maxSteps() {
    return maxSteps;
  }

  @Override
  public @Nullable Object eval(Object data, Clock clock) {
    Steps.current().allow(maxSteps);
    return rule.eval(data, clock);
  }

  @Override
  public @Nullable Object evalTop(Object data, Clock clock) {
    Steps.current().allow(maxSteps);
    return rule.evalTop(data, clock);
  }

  @Override
  public boolean test(Object data, Clock clock) {
    Steps.current().allow(maxSteps);
    return rule.test(data, clock);
  }
}
