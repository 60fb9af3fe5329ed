package dev.shipshape.flags.internal.logic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.time.internal.Problems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code $evaluators} of one document. Each evaluator is checked once (missing names, cycles),
 * measured once (its nesting and its compact JSON size with its own references inlined) and
 * inlined once: every {@code $ref} to it then shares that one tree, and the compiler one node, so
 * evaluators that refer to each other many times cost what their text costs. A flag's rule size
 * after expansion is therefore known, and checked against its limit, before anything is copied.
 */
public final class Evaluators {

  /** A rule with its references inlined: how deep it nests and how many bytes its JSON has. */
  private record Shape(int height, long bytes, boolean valid) {}

  private static final Shape INVALID = new Shape(0, 0, false);

  /** Thrown to stop measuring when references chain deeper than any rule may nest. */
  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super(null, null, false, false);
    }
  }

  private final Map<String, JsonNode> raw;
  private final int maxDepth;
  private final long maxRuleBytes;
  private final Problems problems;
  private final Map<String, Shape> shapes = new HashMap<>();
  private final Map<String, List<String>> directRefs = new HashMap<>();
  private final LinkedHashSet<String> visiting = new LinkedHashSet<>();
  private final Map<String, JsonNode> inlined = new HashMap<>();
  private final IdentityHashMap<JsonNode, String> roots = new IdentityHashMap<>();
  private final IdentityHashMap<JsonNode, Node> shared = new IdentityHashMap<>();
  /** As {@link #shared}, compiled for use inside a loop (where list walks take steps). */
  private final IdentityHashMap<JsonNode, Node> sharedInLoop = new IdentityHashMap<>();
  /** What each shared evaluator tree costs to evaluate, outside and inside a loop. */
  private final IdentityHashMap<JsonNode, CostBound.Cost> costs = new IdentityHashMap<>();
  private final IdentityHashMap<JsonNode, CostBound.Cost> costsInLoop = new IdentityHashMap<>();
  /** The operators in evaluators already reported as too costly, by pointer. */
  private final Set<String> costReports = new HashSet<>();
  private boolean chainReported;

  /**
   * Creates the evaluators of one document.
   *
   * @param raw name to rule, as written
   * @param maxDepth the deepest nesting a rule may reach once its references are inlined
   * @param maxRuleBytes the largest compact JSON a flag's rule may have once inlined
   * @param problems receives problems
   */
  public Evaluators(
      Map<String, JsonNode> raw, int maxDepth, long maxRuleBytes, Problems problems) {
    this.raw = raw;
    this.maxDepth = maxDepth;
    this.maxRuleBytes = maxRuleBytes;
    this.problems = problems;
  }

  /** Evaluators of no document, for definitions that have no {@code $ref}. */
  static final Evaluators NONE =
      new Evaluators(Map.of(), Integer.MAX_VALUE, Long.MAX_VALUE, new Problems());

  /**
   * Checks one flag's rule and, when it is valid and within the limits, returns it with every
   * {@code $ref} replaced by the shared inlined evaluator. Problems name the rule's JSON pointer,
   * or the evaluator's for a problem inside an evaluator.
   *
   * @param rule the rule as written
   * @param pointer its JSON pointer
   * @param refs receives the names of the evaluators the rule refers to directly
   * @return the inlined rule, or null when the rule was refused
   */
  public @Nullable JsonNode inlineRule(JsonNode rule, String pointer, List<String> refs) {
    int before = problems.size();
    Shape s;
    try {
      s = measure(rule, pointer, refs);
    } catch (TooDeep e) {
      return null;
    }
    if (!s.valid() || problems.size() != before) {
      return null;
    }
    if (s.height() > maxDepth) {
      problems.add(
          pointer,
          "rules nested deeper than " + maxDepth + " once every $ref is inlined",
          "must nest at most " + maxDepth + " deep (maxDepth)");
      return null;
    }
    if (s.bytes() > maxRuleBytes) {
      problems.add(
          pointer,
          (s.bytes() == Long.MAX_VALUE ? "more than " + (Long.MAX_VALUE - 1) : s.bytes())
              + " bytes once every $ref is inlined",
          "must be at most " + maxRuleBytes + " bytes (maxRuleBytes)");
      return null;
    }
    return refs.isEmpty() ? rule : inline(rule);
  }

  /**
   * The name of the evaluator whose shared inlined tree {@code node} is, if it is one.
   *
   * @param node a node of an inlined rule
   * @return the evaluator name, or null
   */
  @Nullable String rootName(JsonNode node) {
    return roots.isEmpty() ? null : roots.get(node);
  }

  /**
   * The node compiled for a shared evaluator tree that does not depend on the flag key, for use
   * inside a loop or outside.
   */
  @Nullable Node sharedNode(JsonNode root, boolean inLoop) {
    return (inLoop ? sharedInLoop : shared).get(root);
  }

  void shareNode(JsonNode root, boolean inLoop, Node node) {
    (inLoop ? sharedInLoop : shared).put(root, node);
  }

  /** What a shared evaluator tree costs, inside a loop or outside, once measured. */
  CostBound.@Nullable Cost cost(JsonNode root, boolean inLoop) {
    return (inLoop ? costsInLoop : costs).get(root);
  }

  void cost(JsonNode root, boolean inLoop, CostBound.Cost cost) {
    (inLoop ? costsInLoop : costs).put(root, cost);
  }

  /**
   * Whether an operator in an evaluator is reported as too costly for the first time: an
   * evaluator used inside loops and outside is measured twice, and reported once.
   */
  boolean firstCostReport(String pointer) {
    return costReports.add(pointer);
  }

  // ---------------------------------------------------------------- measuring

  /**
   * Measures {@code n} as written, with each reference counted at its evaluator's inlined shape.
   * Linear in the text: each evaluator is measured once.
   */
  private Shape measure(JsonNode n, String ptr, List<String> refs) {
    if (n.isArray()) {
      int height = 0;
      long bytes = 2 + Math.max(0, n.size() - 1);
      boolean valid = true;
      for (int i = 0; i < n.size(); i++) {
        Shape c = measure(n.get(i), ptr + "/" + i, refs);
        valid &= c.valid();
        height = Math.max(height, c.height() + 1);
        bytes = add(bytes, c.bytes());
      }
      return new Shape(height, bytes, valid);
    }
    if (!n.isObject()) {
      return new Shape(0, JsonSize.of(n), true);
    }
    if (n.size() == 1 && n.has("$ref")) {
      JsonNode ref = n.get("$ref");
      if (!ref.isTextual()) {
        problems.add(ptr + "/$ref", ref, "must be an evaluator name (a string)");
        return INVALID;
      }
      String name = ref.textValue();
      if (!raw.containsKey(name)) {
        problems.add(
            ptr + "/$ref",
            name,
            "must be an evaluator ("
                + (raw.isEmpty() ? "none defined" : String.join(", ", raw.keySet())) + ")");
        return INVALID;
      }
      refs.add(name);
      Shape target = evaluator(name, ptr);
      return target.valid() ? new Shape(target.height() + 1, target.bytes(), true) : INVALID;
    }
    int height = 0;
    long bytes = 2 + Math.max(0, n.size() - 1);
    boolean valid = true;
    Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Shape c = measure(e.getValue(), ptr + "/" + Compiler.escape(e.getKey()), refs);
      valid &= c.valid();
      height = Math.max(height, c.height() + 1);
      bytes = add(bytes, add(JsonSize.ofText(e.getKey()) + 1, c.bytes()));
    }
    return new Shape(height, bytes, valid);
  }

  private Shape evaluator(String name, String refPointer) {
    Shape known = shapes.get(name);
    if (known != null) {
      return known;
    }
    if (visiting.contains(name)) {
      List<String> path = new ArrayList<>(visiting);
      path = path.subList(path.indexOf(name), path.size());
      problems.add(
          refPointer + "/$ref", name, "must not refer to itself (it does through " + path + ")");
      return INVALID;
    }
    if (visiting.size() > maxDepth) {
      // each reference nests one level deeper, so this chain is too deep for any rule
      if (!chainReported) {
        chainReported = true;
        problems.add(
            "/$evaluators/" + Compiler.escape(visiting.iterator().next()),
            "a chain of references more than " + maxDepth + " evaluators deep",
            "must be at most " + maxDepth + " deep (maxDepth)");
      }
      throw new TooDeep();
    }
    visiting.add(name);
    List<String> own = new ArrayList<>();
    Shape s;
    try {
      s = measure(raw.get(name), "/$evaluators/" + Compiler.escape(name), own);
    } finally {
      visiting.remove(name);
    }
    shapes.put(name, s);
    directRefs.put(name, List.copyOf(new LinkedHashSet<>(own)));
    return s;
  }

  private static long add(long a, long b) {
    long r = a + b;
    return r < 0 || r < a ? Long.MAX_VALUE : r;
  }

  // ---------------------------------------------------------------- inlining

  /** A copy of {@code n}'s own nodes with each reference replaced by the shared evaluator. */
  private JsonNode inline(JsonNode n) {
    if (n.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(n.size());
      for (JsonNode item : n) {
        out.add(inline(item));
      }
      return out;
    }
    if (!n.isObject()) {
      return n;
    }
    if (n.size() == 1 && n.has("$ref")) {
      return inlined(n.get("$ref").textValue());
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(e.getKey(), inline(e.getValue()));
    }
    return out;
  }

  private JsonNode inlined(String name) {
    JsonNode done = inlined.get(name);
    if (done != null) {
      return done;
    }
    JsonNode rule = raw.get(name);
    JsonNode out = rule == null ? NullNode.getInstance() : inline(rule);
    if (out.isContainerNode()) {
      roots.put(out, name);
    }
    inlined.put(name, out);
    return out;
  }

  // ---------------------------------------------------------------- comparing loads

  /**
   * Whether the evaluators named {@code refs} are the same in {@code a} and {@code b}, with
   * every evaluator they refer to. Each pair of evaluators is compared once per {@code memo}.
   *
   * @param a the evaluators of one load
   * @param b the evaluators of another
   * @param refs the names a flag refers to
   * @param memo pairs already found equal, kept across calls of one comparison
   * @return true when they are the same
   */
  public static boolean sameRefs(
      Evaluators a, Evaluators b, List<String> refs, IdentityHashMap<JsonNode, JsonNode> memo) {
    for (String name : refs) {
      if (!same(a, b, name, memo, 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(
      Evaluators a,
      Evaluators b,
      String name,
      IdentityHashMap<JsonNode, JsonNode> memo,
      int depth) {
    JsonNode x = a.raw.get(name);
    JsonNode y = b.raw.get(name);
    if (x == null || y == null) {
      return x == y;
    }
    if (memo.get(x) == y) {
      return true;
    }
    if (depth > a.maxDepth || !x.equals(y)) {
      return false;
    }
    List<String> next = a.directRefs.getOrDefault(name, List.of());
    if (!next.equals(b.directRefs.getOrDefault(name, List.of()))) {
      return false;
    }
    for (String n : next) {
      if (!same(a, b, n, memo, depth + 1)) {
        return false;
      }
    }
    memo.put(x, y);
    return true;
  }

  @Override
  public String toString() {
    return "Evaluators" + raw.keySet();
  }
}
