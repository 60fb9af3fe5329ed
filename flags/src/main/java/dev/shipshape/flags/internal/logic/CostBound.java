package dev.shipshape.flags.internal.logic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.time.internal.Problems;

/**
 * How many steps ({@link Steps}) one evaluation of a rule takes at worst, read from the rule's
 * JSON before it is compiled. A list the rule writes counts its items; a list it gets from the
 * context, or computes in a way its text does not show, counts as one item. A loop costs its
 * list's items times one more than its body, so nested loops multiply; {@code in}, {@code merge},
 * {@code missing} and {@code missing_some} inside a loop cost the items they walk; the branches of
 * {@code if}, {@code and} and {@code or} all count. Each innermost loop that alone costs more than
 * the limit is reported at its operator's pointer, and a rule that costs more only as a whole at
 * the rule's. Each shared evaluator is measured once per document, inside loops and outside.
 */
final class CostBound {

  /**
   * What evaluating a rule costs.
   *
   * @param steps the most steps it takes, {@link Long#MAX_VALUE} for more than that
   * @param items the most items of its value when that is a list (one when the text cannot tell)
   * @param loops whether it has an operator that loops over a list
   * @param reported whether a loop inside it was reported as too costly
   */
  record Cost(long steps, long items, boolean loops, boolean reported) {}

  private static final Cost FREE = new Cost(0, 0, false, false);

  private final String flagKey;
  private final Evaluators evaluators;
  private final long maxSteps;
  private final Problems problems;

  CostBound(String flagKey, Evaluators evaluators, long maxSteps, Problems problems) {
    this.flagKey = flagKey;
    this.evaluators = evaluators;
    this.maxSteps = maxSteps;
    this.problems = problems;
  }

  /**
   * Measures a flag's whole rule, reporting what costs too much.
   *
   * @param rule the rule with every {@code $ref} inlined
   * @param ptr its JSON pointer
   * @return its cost
   */
  Cost of(JsonNode rule, String ptr) {
    Cost c = of(rule, ptr, false);
    if (c.steps() > maxSteps && !c.reported()) {
      report(ptr, c.steps());
    }
    return c;
  }

  private Cost of(JsonNode n, String ptr, boolean inLoop) {
    String evaluator = evaluators.rootName(n);
    if (evaluator == null) {
      return node(n, ptr, inLoop);
    }
    Cost known = evaluators.cost(n, inLoop);
    if (known == null) {
      known = node(n, "/$evaluators/" + Compiler.escape(evaluator), inLoop);
      evaluators.cost(n, inLoop, known);
    }
    return known;
  }

  private Cost node(JsonNode n, String ptr, boolean inLoop) {
    if (n.isArray()) {
      long steps = 0;
      boolean loops = false;
      boolean reported = false;
      for (int i = 0; i < n.size(); i++) {
        Cost c = of(n.get(i), ptr + "/" + i, inLoop);
        steps = add(steps, c.steps());
        loops |= c.loops();
        reported |= c.reported();
      }
      return new Cost(steps, n.size(), loops, reported);
    }
    if (!n.isObject() || n.size() != 1) {
      return FREE; // a literal, or a rule the compiler refuses
    }
    String op = n.fieldNames().next();
    JsonNode argsNode = n.get(op);
    String p = ptr + "/" + Compiler.escape(op);
    int count = argsNode.isArray() ? argsNode.size() : 1;
    boolean loop = Compiler.LOOPS.contains(op) && count >= 2;
    Cost[] args = new Cost[count];
    long steps = 0;
    boolean loops = loop;
    boolean reported = false;
    for (int i = 0; i < count; i++) {
      Cost c =
          argsNode.isArray()
              ? of(argsNode.get(i), p + "/" + i, inLoop || loop && i == 1)
              : of(argsNode, p, inLoop);
      args[i] = c;
      if (!(loop && i == 1)) {
        steps = add(steps, c.steps());
      }
      loops |= c.loops();
      reported |= c.reported();
    }
    long items = 0;
    if (loop) {
      // the body runs once per item, after the step that visits the item
      steps = add(steps, multiply(args[0].items(), add(1, args[1].steps())));
      if (op.equals("map") || op.equals("filter")) {
        items = args[0].items();
      } else if (op.equals("reduce")) {
        items = Math.max(1, Math.max(args[1].items(), count > 2 ? args[2].items() : 0));
      }
      if (steps > maxSteps && !reported) {
        report(p, steps);
        reported = true;
      }
      return new Cost(steps, items, true, reported);
    }
    switch (op) {
      case "in":
        items = 0;
        steps = add(steps, inLoop && count == 2 ? args[1].items() : 0);
        break;
      case "merge":
      case "missing":
        for (Cost c : args) {
          items = add(items, Math.max(1, c.items()));
        }
        steps = add(steps, inLoop ? items : 0);
        break;
      case "missing_some":
        items = count == 2 ? args[1].items() : 0;
        steps = add(steps, inLoop ? items : 0);
        break;
      case "var":
        items = Math.max(1, count > 1 ? args[1].items() : 0);
        break;
      case "if":
      case "?:":
      case "and":
      case "or":
        for (Cost c : args) {
          items = Math.max(items, c.items());
        }
        break;
      default:
        break;
    }
    return new Cost(steps, items, loops, reported);
  }

  private void report(String ptr, long steps) {
    boolean inEvaluator = ptr.startsWith("/$evaluators/");
    if (inEvaluator && !evaluators.firstCostReport(ptr)) {
      return;
    }
    String value =
        "a worst case of "
            + (steps == Long.MAX_VALUE ? "more than " + (Long.MAX_VALUE - 1) : steps)
            + " evaluation steps"
            + (inEvaluator ? " (flag '" + flagKey + "' refers to it)" : "");
    problems.add(ptr, value, "must take at most " + maxSteps + " steps (maxEvaluationSteps)");
  }

  private static long add(long a, long b) {
    long r = a + b;
    return r < a ? Long.MAX_VALUE : r;
  }

  private static long multiply(long a, long b) {
    return a == 0 || b == 0 ? 0 : a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }
}
