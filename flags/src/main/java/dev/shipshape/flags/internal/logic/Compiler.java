package dev.shipshape.flags.internal.logic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.internal.JsonTrees;
import dev.shipshape.time.internal.Problems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Compiles JsonLogic rules (flagd dialect) into {@link Node} trees, collecting every problem with
 * its JSON pointer instead of stopping at the first.
 */
public final class Compiler {

  /** Every operator the compiler accepts. */
  public static final Set<String> OPERATORS =
      Set.of(
          "if", "?:", "==", "===", "!=", "!==", "!", "!!", "and", "or", "<", "<=", ">", ">=", "in",
          "var", "missing", "missing_some", "cat", "substr", "+", "-", "*", "/", "%", "min", "max",
          "merge", "map", "filter", "some", "all", "none", "reduce", "fractional", "sem_ver",
          "starts_with", "ends_with");

  private static final Map<String, LogicOps.Cmp> COMPARISONS =
      bySymbol(LogicOps.Cmp.values(), c -> c.symbol);
  private static final Map<String, ArithmeticOps.Arith> ARITHMETIC =
      bySymbol(ArithmeticOps.Arith.values(), a -> a.symbol);
  private static final Map<String, ListOps.Iter> ITERATIONS =
      bySymbol(ListOps.Iter.values(), ListOps.Iter::symbol);

  /** The operators that loop over the list of their first argument, with their body second. */
  static final Set<String> LOOPS = Set.of("map", "filter", "some", "all", "none", "reduce");

  private final String flagKey;
  private final int maxDepth;
  private final long maxSteps;
  private final Problems problems;
  private final Evaluators evaluators;
  /** Shared evaluator trees compiled for this flag because they depend on its key. */
  private final IdentityHashMap<JsonNode, Node> ownShared = new IdentityHashMap<>();
  /** As {@link #ownShared}, compiled for use inside a loop. */
  private final IdentityHashMap<JsonNode, Node> ownSharedInLoop = new IdentityHashMap<>();
  /** Counts the nodes compiled so far that depend on the flag key. */
  private int flagKeyUses;
  /** How many loop bodies enclose the node being compiled. */
  private int loopDepth;

  /**
   * Creates a compiler for one flag's rules that have no {@code $ref}, with the default most
   * steps per evaluation.
   *
   * @param flagKey the flag, for {@code $flagd.flagKey} and shorthand fractional
   * @param maxDepth the deepest rule nesting accepted
   * @param problems receives problems
   */
  public Compiler(String flagKey, int maxDepth, Problems problems) {
    this(
        flagKey, maxDepth, FlagLimits.DEFAULT_MAX_EVALUATION_STEPS, problems, Evaluators.NONE);
  }

  /**
   * Creates a compiler for one flag's rules, inlined by {@code evaluators}: each shared evaluator
   * tree is compiled once, for every flag of the document when it does not depend on the flag
   * key, else once for this flag.
   *
   * @param flagKey the flag, for {@code $flagd.flagKey} and shorthand fractional
   * @param maxDepth the deepest rule nesting accepted
   * @param maxSteps the most steps one evaluation of a rule may take (maxEvaluationSteps)
   * @param problems receives problems
   * @param evaluators the document's evaluators
   */
  public Compiler(
      String flagKey, int maxDepth, long maxSteps, Problems problems, Evaluators evaluators) {
    this.flagKey = flagKey;
    this.maxDepth = maxDepth;
    this.maxSteps = maxSteps;
    this.problems = problems;
    this.evaluators = evaluators;
  }

  /**
   * Escapes a JSON pointer segment.
   *
   * @param segment the raw segment
   * @return the escaped segment
   */
  public static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  /**
   * Compiles an inlined rule. A rule whose worst-case cost is more steps than one evaluation may
   * take is reported (see {@link CostBound}); a rule with loops gets a {@link Metered} root, which
   * stops an evaluation that runs out of steps anyway.
   *
   * @param n the rule
   * @param ptr its JSON pointer
   * @return the compiled node
   */
  public Node compile(JsonNode n, String ptr) {
    CostBound.Cost cost = new CostBound(flagKey, evaluators, maxSteps, problems).of(n, ptr);
    Node root = compile(n, ptr, 0);
    return cost.loops() ? new Metered(root, maxSteps) : root;
  }

  private Node compile(JsonNode n, String ptr, int depth) {
    String evaluator = evaluators.rootName(n);
    if (evaluator != null) {
      return compileShared(n, evaluator, depth);
    }
    return compileNode(n, ptr, depth);
  }

  /** Compiles a shared evaluator tree once: per document, or per flag if it uses the key. */
  private Node compileShared(JsonNode root, String name, int depth) {
    boolean inLoop = loopDepth > 0;
    IdentityHashMap<JsonNode, Node> ownMap = inLoop ? ownSharedInLoop : ownShared;
    Node own = ownMap.get(root);
    if (own != null) {
      flagKeyUses++;
      return own;
    }
    Node common = evaluators.sharedNode(root, inLoop);
    if (common != null) {
      return common;
    }
    int usesBefore = flagKeyUses;
    Node compiled = compileNode(root, "/$evaluators/" + escape(name), depth);
    if (flagKeyUses != usesBefore) {
      ownMap.put(root, compiled);
    } else {
      evaluators.shareNode(root, inLoop, compiled);
    }
    return compiled;
  }

  private Node compileNode(JsonNode n, String ptr, int depth) {
    if (depth > maxDepth) {
      problems.add(
          ptr,
          "rules nested deeper than " + maxDepth,
          "must nest at most " + maxDepth + " deep (maxDepth)");
      return new DataOps.Const(null);
    }
    if (n.isArray()) {
      Node[] items = compileAll(n, ptr, depth);
      boolean allConst = true;
      for (Node i : items) {
        allConst &= i instanceof DataOps.Const;
      }
      if (allConst) {
        List<Object> values = new ArrayList<>();
        for (Node i : items) {
          values.add(((DataOps.Const) i).v);
        }
        return new DataOps.Const(Collections.unmodifiableList(values));
      }
      return new DataOps.Array(items);
    }
    if (!n.isObject()) {
      return new DataOps.Const(JsonValues.toJava(n));
    }
    if (n.isEmpty()) {
      return new DataOps.Const(Map.of());
    }
    if (n.size() > 1) {
      List<String> keys = new ArrayList<>();
      n.fieldNames().forEachRemaining(keys::add);
      problems.add(ptr, keys, "must be a rule object with exactly one operator");
      return new DataOps.Const(null);
    }
    String op = n.fieldNames().next();
    JsonNode argsNode = n.get(op);
    String p = ptr + "/" + escape(op);
    if (!OPERATORS.contains(op)) {
      problems.add(p, op, "must be a supported operator");
      return new DataOps.Const(null);
    }
    List<JsonNode> args = new ArrayList<>();
    boolean arrayArgs = argsNode.isArray();
    if (arrayArgs) {
      argsNode.forEach(args::add);
    } else {
      args.add(argsNode);
    }
    switch (op) {
      case "var":
        return compileVar(args, arrayArgs, p, depth);
      case "fractional":
        return compileFractional(args, arrayArgs, p, depth);
      default:
        break;
    }
    Node[] a = new Node[args.size()];
    boolean loop = LOOPS.contains(op);
    for (int i = 0; i < a.length; i++) {
      boolean body = loop && i == 1;
      loopDepth += body ? 1 : 0;
      a[i] = compile(args.get(i), arrayArgs ? p + "/" + i : p, depth + 1);
      loopDepth -= body ? 1 : 0;
    }
    boolean inLoop = loopDepth > 0;
    LogicOps.Cmp cmp = COMPARISONS.get(op);
    if (cmp != null) {
      return arity(a, p, 2, cmp.maxArgs)
          ? new LogicOps.Compare(cmp, a[0], a[1], a.length > 2 ? a[2] : null)
          : new DataOps.Const(null);
    }
    ArithmeticOps.Arith arith = ARITHMETIC.get(op);
    if (arith != null) {
      return arity(a, p, arith.minArgs, arith.maxArgs)
          ? new ArithmeticOps.Arithmetic(arith, a)
          : new DataOps.Const(null);
    }
    ListOps.Iter iter = ITERATIONS.get(op);
    if (iter != null) {
      return arity(a, p, 2, 2) ? new ListOps.Iterate(iter, a[0], a[1]) : new DataOps.Const(null);
    }
    switch (op) {
      case "if":
      case "?:":
        if (a.length == 3 && a[1] instanceof DataOps.Const && a[2] instanceof DataOps.Const) {
          return new LiteralChoice(a[0], ((DataOps.Const) a[1]).v, ((DataOps.Const) a[2]).v);
        }
        return new LogicOps.If(a);
      case "!":
        return new LogicOps.Not(a.length == 0 ? new DataOps.Const(null) : a[0], false);
      case "!!":
        return new LogicOps.Not(a.length == 0 ? new DataOps.Const(null) : a[0], true);
      case "and":
        return new LogicOps.AndOr(a, true);
      case "or":
        return new LogicOps.AndOr(a, false);
      case "in":
        return arity(a, p, 2, 2) ? new LogicOps.In(a[0], a[1], inLoop) : new DataOps.Const(null);
      case "missing":
        return new DataOps.Missing(a, inLoop);
      case "missing_some":
        return arity(a, p, 2, 2)
            ? new DataOps.MissingSome(a[0], a[1], inLoop)
            : new DataOps.Const(null);
      case "cat":
        return new StringOps.Cat(a);
      case "substr":
        return arity(a, p, 2, 3)
            ? new StringOps.Substr(a[0], a[1], a.length > 2 ? a[2] : null)
            : new DataOps.Const(null);
      case "merge":
        return new ListOps.Merge(a, inLoop);
      case "reduce":
        return arity(a, p, 2, 3)
            ? new ListOps.Reduce(a[0], a[1], a.length > 2 ? a[2] : null)
            : new DataOps.Const(null);
      case "sem_ver":
        return arity(a, p, 3, 3) ? new StringOps.SemVerOp(a) : new DataOps.Const(null);
      case "starts_with":
        return arity(a, p, 2, 2) ? StringOps.startsEnds(a, true) : new DataOps.Const(null);
      case "ends_with":
        return arity(a, p, 2, 2) ? StringOps.startsEnds(a, false) : new DataOps.Const(null);
      default:
        problems.add(p, op, "must be a supported operator");
        return new DataOps.Const(null);
    }
  }

  /** The operators of one kind by their JsonLogic symbols. */
  private static <E> Map<String, E> bySymbol(E[] operators, Function<E, String> symbol) {
    Map<String, E> out = new HashMap<>();
    for (E op : operators) {
      out.put(symbol.apply(op), op);
    }
    return Map.copyOf(out);
  }

  private Node[] compileAll(JsonNode arr, String ptr, int depth) {
    Node[] out = new Node[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = compile(arr.get(i), ptr + "/" + i, depth + 1);
    }
    return out;
  }

  private boolean arity(Node[] a, String p, int min, int max) {
    if (a.length < min || a.length > max) {
      problems.add(
          p,
          a.length + " arguments",
          "must be " + (min == max ? Integer.toString(min) : min + " to " + max) + " arguments");
      return false;
    }
    return true;
  }

  private Node compileVar(List<JsonNode> args, boolean arrayArgs, String p, int depth) {
    Node dflt = args.size() > 1 ? compile(args.get(1), p + "/1", depth + 1) : null;
    if (args.isEmpty()) {
      return new DataOps.DynamicVar(new DataOps.Const(null), null);
    }
    JsonNode path = args.get(0);
    if (path.isTextual() || path.isNumber()) {
      String s = path.asText();
      if (s.isEmpty()) {
        return new DataOps.DynamicVar(new DataOps.Const(null), dflt);
      }
      if (s.equals("$flagd.flagKey")) {
        flagKeyUses++;
        return new DataOps.Const(flagKey);
      }
      if (s.equals("$flagd.timestamp")) {
        return new DataOps.Timestamp();
      }
      return new DataOps.Var(s.split("\\.", -1), dflt);
    }
    if (path.isNull()) {
      return new DataOps.DynamicVar(new DataOps.Const(null), dflt);
    }
    return new DataOps.DynamicVar(compile(path, arrayArgs ? p + "/0" : p, depth + 1), dflt);
  }

  private Node compileFractional(List<JsonNode> args, boolean arrayArgs, String p, int depth) {
    flagKeyUses++;
    if (!arrayArgs) {
      problems.add(p, args.get(0), "must be an array of buckets");
      return new DataOps.Const(null);
    }
    int first = 0;
    Node input = null;
    Node catA = null;
    Node catB = null;
    String inputJson = null;
    if (!args.isEmpty() && !args.get(0).isArray()) {
      JsonNode in = args.get(0);
      inputJson = JsonTrees.write(in);
      input = compile(in, p + "/0", depth + 1);
      JsonNode cat = in.isObject() && in.size() == 1 ? in.get("cat") : null;
      if (cat != null && cat.isArray() && cat.size() == 2) {
        catA = compile(cat.get(0), p + "/0/cat/0", depth + 2);
        catB = compile(cat.get(1), p + "/0/cat/1", depth + 2);
      }
      first = 1;
    }
    int n = args.size() - first;
    if (n < 1) {
      problems.add(p, "no buckets", "must have at least one [variant, weight]");
      return new DataOps.Const(null);
    }
    Node[] names = new Node[n];
    Node[] weights = new Node[n];
    long[] constWeights = new long[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      JsonNode b = args.get(first + i);
      String bp = p + "/" + (first + i);
      if (!b.isArray() || b.isEmpty() || b.size() > 2) {
        problems.add(bp, b, "must be a bucket: [variant, weight] or [variant]");
        names[i] = new DataOps.Const(null);
        continue;
      }
      names[i] = compile(b.get(0), bp + "/0", depth + 2);
      if (b.size() == 1) {
        constWeights[i] = 1;
      } else {
        JsonNode w = b.get(1);
        if (w.isNumber()) {
          double d = w.asDouble();
          if (!w.isIntegralNumber() && d != Math.rint(d)) {
            problems.add(bp + "/1", w, "must be an integer weight");
          } else if (!w.canConvertToInt() && w.isIntegralNumber()
              || Math.abs(d) > Integer.MAX_VALUE) {
            problems.add(bp + "/1", w, "must be a weight of at most " + Integer.MAX_VALUE);
          } else {
            constWeights[i] = Math.max(0, (long) d);
          }
        } else if (w.isObject()) {
          weights[i] = compile(w, bp + "/1", depth + 2);
        } else {
          problems.add(bp + "/1", w, "must be an integer weight");
        }
      }
      total += constWeights[i];
    }
    if (total > Integer.MAX_VALUE) {
      problems.add(p, total, "must have a total weight of at most " + Integer.MAX_VALUE);
    }
    return new Fractional(flagKey, input, catA, catB, inputJson, names, weights, constWeights);
  }

  /** Converts JSON values to immutable Java values. */
  public static final class JsonValues {
    private JsonValues() {}

    /**
     * Converts a JSON value: objects to immutable maps, arrays to immutable lists, integers to
     * Long, other numbers to Double.
     *
     * @param n the JSON value
     * @return the Java value, null for JSON null
     */
    public static @Nullable Object toJava(JsonNode n) {
      if (n.isTextual()) {
        return n.textValue();
      }
      if (n.isBoolean()) {
        return n.booleanValue();
      }
      if (n.isIntegralNumber()) {
        return n.canConvertToLong() ? (Object) n.longValue() : (Object) n.doubleValue();
      }
      if (n.isNumber()) {
        return n.doubleValue();
      }
      if (n.isArray()) {
        List<Object> out = new ArrayList<>();
        n.forEach(e -> out.add(toJava(e)));
        return Collections.unmodifiableList(out);
      }
      if (n.isObject()) {
        Map<String, Object> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), toJava(e.getValue())));
        return Collections.unmodifiableMap(out);
      }
      return null;
    }
  }
}
