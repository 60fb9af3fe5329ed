package dev.shipshape.flags.internal.logic;

import dev.shipshape.flags.EvaluationContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The compiled JsonLogic operators. */
final class Ops {
  private Ops() {}

  static final class Const extends Node {
    final @Nullable Object v;

    /**
     * A literal. Strings are interned: a variant name yielded by a rule is then the very
     * instance the flag's variant table holds, so looking it up needs no character comparison.
     */
    Const(@Nullable Object v) {
      this.v = v instanceof String ? ((String) v).intern() : v;
    }

    @Override
    public @Nullable Object eval(Object data, Clock clock) {
      return v;
    }

    @Override
    boolean isConstant() {
      return true;
    }
  }

  static final class Array extends Node {
    final Node[] items;

    Array(Node[] items) {
      this.items = items;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      List<Object> out = new ArrayList<>(items.length);
      for (Node n : items) {
        out.add(n.eval(data, clock));
      }
      return Collections.unmodifiableList(out);
    }
  }

  /** {@code var} with a path known at compile time. */
  static final class Var extends Node {
    final String[] path;
    final int[] index;
    /** The name when the path has one step, the usual {@code {"var": "email"}}. */
    final @Nullable String single;
    final @Nullable Node dflt;

    /**
     * A path known at compile time. Its names are interned, so a context built with string
     * literals as attribute names (the usual case) finds them by identity.
     */
    Var(String[] path, @Nullable Node dflt) {
      this.path = new String[path.length];
      for (int i = 0; i < path.length; i++) {
        this.path[i] = path[i].intern();
      }
      this.single = path.length == 1 ? this.path[0] : null;
      this.dflt = dflt;
      this.index = new int[path.length];
      for (int i = 0; i < path.length; i++) {
        index[i] = parseIndex(path[i]);
      }
    }

    @Override
    public @Nullable Object eval(Object data, Clock clock) {
      String name = single;
      if (name != null && data instanceof EvaluationContext) {
        // the common rule: one attribute of the evaluated context
        EvaluationContext ctx = (EvaluationContext) data;
        Object v = ctx.get(name);
        if (v == null) {
          v = "targetingKey".equals(name) ? ctx.targetingKey() : null;
          if (v == null && dflt != null) {
            return dflt.eval(data, clock);
          }
        }
        return v;
      }
      Object cur = data;
      for (int i = 0; i < path.length && cur != null; i++) {
        cur = step(cur, path[i], index[i]);
      }
      if (cur == null && dflt != null) {
        return dflt.eval(data, clock);
      }
      return cur;
    }
  }

  static int parseIndex(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(s);
  }

  static @Nullable Object step(Object cur, String name, int index) {
    if (cur instanceof EvaluationContext) {
      EvaluationContext ctx = (EvaluationContext) cur;
      Object v = ctx.get(name);
      if (v == null && "targetingKey".equals(name)) {
        return ctx.targetingKey();
      }
      return v;
    }
    if (cur instanceof Map) {
      return ((Map<?, ?>) cur).get(name);
    }
    if (cur instanceof List && index >= 0) {
      List<?> l = (List<?>) cur;
      return index < l.size() ? l.get(index) : null;
    }
    return null;
  }

  static @Nullable Object lookup(Object data, @Nullable Object path) {
    if (path == null) {
      return data;
    }
    String p = Values.toStr(path);
    if (p.isEmpty()) {
      return data;
    }
    Object cur = data;
    for (String seg : p.split("\\.", -1)) {
      if (cur == null) {
        return null;
      }
      cur = step(cur, seg, parseIndex(seg));
    }
    return cur;
  }

  /** {@code var} whose path is computed, or the whole data for an empty path. */
  static final class DynamicVar extends Node {
    final Node path;
    final @Nullable Node dflt;

    DynamicVar(Node path, @Nullable Node dflt) {
      this.path = path;
      this.dflt = dflt;
    }

    @Override
    public @Nullable Object eval(Object data, Clock clock) {
      Object v = lookup(data, path.eval(data, clock));
      if (v == null && dflt != null) {
        return dflt.eval(data, clock);
      }
      return v;
    }
  }

  static final class Timestamp extends Node {
    @Override
    public Object eval(Object data, Clock clock) {
      return clock.millis() / 1000;
    }
  }

  static final class Missing extends Node {
    final Node[] args;

    Missing(Node[] args) {
      this.args = args;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      List<Object> keys = new ArrayList<>();
      for (Node n : args) {
        Object v = n.eval(data, clock);
        if (v instanceof List) {
          keys.addAll((List<?>) v);
        } else {
          keys.add(v);
        }
      }
      List<Object> missing = new ArrayList<>();
      for (Object k : keys) {
        Object v = lookup(data, k);
        if (v == null || "".equals(v)) {
          missing.add(k);
        }
      }
      return Collections.unmodifiableList(missing);
    }
  }

  static final class MissingSome extends Node {
    final Node need;
    final Node keys;

    MissingSome(Node need, Node keys) {
      this.need = need;
      this.keys = keys;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      double n = Values.toNumber(need.eval(data, clock));
      Object ks = keys.eval(data, clock);
      List<Object> missing = new ArrayList<>();
      int found = 0;
      if (ks instanceof List) {
        for (Object k : (List<?>) ks) {
          Object v = lookup(data, k);
          if (v == null || "".equals(v)) {
            missing.add(k);
          } else {
            found++;
          }
        }
      }
      return found >= n ? List.of() : Collections.unmodifiableList(missing);
    }
  }

  /** {@code if} and {@code ?:}: branches pass a split marker through. */
  static final class If extends Node {
    final Node[] args;

    If(Node[] args) {
      this.args = args;
    }

    @Override
    public @Nullable Object eval(Object data, Clock clock) {
      int i = 0;
      for (; i + 1 < args.length; i += 2) {
        if (Values.truthy(args[i].eval(data, clock))) {
          return args[i + 1].eval(data, clock);
        }
      }
      return i < args.length ? args[i].eval(data, clock) : null;
    }

    @Override
    public @Nullable Object evalTop(Object data, Clock clock) {
      int i = 0;
      for (; i + 1 < args.length; i += 2) {
        if (Values.truthy(args[i].eval(data, clock))) {
          return args[i + 1].evalTop(data, clock);
        }
      }
      return i < args.length ? args[i].evalTop(data, clock) : null;
    }
  }

  enum Cmp {
    EQ, STRICT_EQ, NE, STRICT_NE, LT, LE, GT, GE
  }

  static final class Compare extends Node {
    final Cmp op;
    final Node a;
    final Node b;
    final @Nullable Node c;

    Compare(Cmp op, Node a, Node b, @Nullable Node c) {
      this.op = op;
      this.a = a;
      this.b = b;
      this.c = c;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      Object x = a.eval(data, clock);
      Object y = b.eval(data, clock);
      boolean r;
      switch (op) {
        case EQ:
          r = Values.looseEquals(x, y);
          break;
        case STRICT_EQ:
          r = Values.strictEquals(x, y);
          break;
        case NE:
          r = !Values.looseEquals(x, y);
          break;
        case STRICT_NE:
          r = !Values.strictEquals(x, y);
          break;
        case LT:
          r = lt(x, y, false);
          if (r && c != null) {
            r = lt(y, c.eval(data, clock), false);
          }
          break;
        case LE:
          r = lt(x, y, true);
          if (r && c != null) {
            r = lt(y, c.eval(data, clock), true);
          }
          break;
        case GT:
          r = lt(y, x, false);
          break;
        default:
          r = lt(y, x, true);
          break;
      }
      return r ? Boolean.TRUE : Boolean.FALSE;
    }

    private static boolean lt(@Nullable Object x, @Nullable Object y, boolean orEqual) {
      int c = Values.compare(x, y);
      if (c == Integer.MIN_VALUE) {
        return false;
      }
      return orEqual ? c <= 0 : c < 0;
    }
  }

  static final class Not extends Node {
    final Node a;
    final boolean doubleNot;

    Not(Node a, boolean doubleNot) {
      this.a = a;
      this.doubleNot = doubleNot;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      boolean t = Values.truthy(a.eval(data, clock));
      return (doubleNot == t) ? Boolean.TRUE : Boolean.FALSE;
    }
  }

  static final class AndOr extends Node {
    final Node[] args;
    final boolean and;

    AndOr(Node[] args, boolean and) {
      this.args = args;
      this.and = and;
    }

    @Override
    public @Nullable Object eval(Object data, Clock clock) {
      Object last = null;
      for (Node n : args) {
        last = n.eval(data, clock);
        if (Values.truthy(last) != and) {
          return last;
        }
      }
      return last;
    }
  }

  static final class In extends Node {
    final Node a;
    final Node b;

    In(Node a, Node b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      Object x = a.eval(data, clock);
      Object y = b.eval(data, clock);
      if (y instanceof String) {
        return x != null && ((String) y).contains(Values.toStr(x));
      }
      if (y instanceof List) {
        for (Object o : (List<?>) y) {
          if (Values.strictEquals(x, o)) {
            return Boolean.TRUE;
          }
        }
      }
      return Boolean.FALSE;
    }
  }

  static final class Cat extends Node {
    final Node[] args;

    Cat(Node[] args) {
      this.args = args;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      StringBuilder sb = new StringBuilder();
      for (Node n : args) {
        sb.append(Values.catStr(n.eval(data, clock)));
      }
      return sb.toString();
    }
  }

  static final class Substr extends Node {
    final Node s;
    final Node start;
    final @Nullable Node len;

    Substr(Node s, Node start, @Nullable Node len) {
      this.s = s;
      this.start = start;
      this.len = len;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      String str = Values.toStr(s.eval(data, clock));
      int n = str.length();
      int from = (int) Values.toNumber(start.eval(data, clock));
      if (from < 0) {
        from = Math.max(0, n + from);
      }
      from = Math.min(from, n);
      int to = n;
      if (len != null) {
        int l = (int) Values.toNumber(len.eval(data, clock));
        to = l < 0 ? Math.max(from, n + l) : Math.min(n, from + l);
      }
      return str.substring(from, Math.max(from, to));
    }
  }

  enum Arith {
    ADD, SUB, MUL, DIV, MOD, MIN, MAX
  }

  static final class Arithmetic extends Node {
    final Arith op;
    final Node[] args;

    Arithmetic(Arith op, Node[] args) {
      this.op = op;
      this.args = args;
    }

    @Override
    public @Nullable Object eval(Object data, Clock clock) {
      if (args.length == 0) {
        return op == Arith.ADD ? 0.0 : op == Arith.MUL ? 1.0 : null;
      }
      double acc = Values.toNumber(args[0].eval(data, clock));
      if (args.length == 1) {
        return op == Arith.SUB ? -acc : acc;
      }
      for (int i = 1; i < args.length; i++) {
        double v = Values.toNumber(args[i].eval(data, clock));
        switch (op) {
          case ADD:
            acc += v;
            break;
          case SUB:
            acc -= v;
            break;
          case MUL:
            acc *= v;
            break;
          case DIV:
            acc /= v;
            break;
          case MOD:
            acc %= v;
            break;
          case MIN:
            acc = Math.min(acc, v);
            break;
          default:
            acc = Math.max(acc, v);
            break;
        }
      }
      return acc;
    }
  }

  static final class Merge extends Node {
    final Node[] args;

    Merge(Node[] args) {
      this.args = args;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      List<Object> out = new ArrayList<>();
      for (Node n : args) {
        Object v = n.eval(data, clock);
        if (v instanceof List) {
          out.addAll((List<?>) v);
        } else {
          out.add(v);
        }
      }
      return Collections.unmodifiableList(out);
    }
  }

  enum Iter {
    MAP, FILTER, ALL, NONE, SOME
  }

  static final class Iterate extends Node {
    final Iter op;
    final Node list;
    final Node logic;

    Iterate(Iter op, Node list, Node logic) {
      this.op = op;
      this.list = list;
      this.logic = logic;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      Object l = list.eval(data, clock);
      List<?> items = l instanceof List ? (List<?>) l : List.of();
      switch (op) {
        case MAP: {
          List<Object> out = new ArrayList<>(items.size());
          for (Object o : items) {
            out.add(logic.eval(o == null ? NULL_DATA : o, clock));
          }
          return Collections.unmodifiableList(out);
        }
        case FILTER: {
          List<Object> out = new ArrayList<>();
          for (Object o : items) {
            if (Values.truthy(logic.eval(o == null ? NULL_DATA : o, clock))) {
              out.add(o);
            }
          }
          return Collections.unmodifiableList(out);
        }
        case ALL:
          if (items.isEmpty()) {
            return Boolean.FALSE;
          }
          for (Object o : items) {
            if (!Values.truthy(logic.eval(o == null ? NULL_DATA : o, clock))) {
              return Boolean.FALSE;
            }
          }
          return Boolean.TRUE;
        case NONE:
          for (Object o : items) {
            if (Values.truthy(logic.eval(o == null ? NULL_DATA : o, clock))) {
              return Boolean.FALSE;
            }
          }
          return Boolean.TRUE;
        default:
          for (Object o : items) {
            if (Values.truthy(logic.eval(o == null ? NULL_DATA : o, clock))) {
              return Boolean.TRUE;
            }
          }
          return Boolean.FALSE;
      }
    }
  }

  static final Object NULL_DATA = Map.of();

  static final class Reduce extends Node {
    final Node list;
    final Node logic;
    final @Nullable Node initial;

    Reduce(Node list, Node logic, @Nullable Node initial) {
      this.list = list;
      this.logic = logic;
      this.initial = initial;
    }

    @Override
    public @Nullable Object eval(Object data, Clock clock) {
      Object l = list.eval(data, clock);
      Object acc = initial == null ? null : initial.eval(data, clock);
      if (!(l instanceof List)) {
        return acc;
      }
      for (Object o : (List<?>) l) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("current", o);
        scope.put("accumulator", acc);
        acc = logic.eval(scope, clock);
      }
      return acc;
    }
  }

  /** {@code starts_with} / {@code ends_with} whose pattern is a string literal. */
  static final class StartsEndsLiteral extends Node {
    final Node subject;
    /** The attribute when the subject is {@code {"var": name}}, read here without a hop. */
    final @Nullable String attribute;
    final String pattern;
    final boolean starts;

    StartsEndsLiteral(Node subject, String pattern, boolean starts) {
      this.subject = subject;
      this.attribute =
          subject instanceof Var && ((Var) subject).dflt == null ? ((Var) subject).single : null;
      this.pattern = pattern;
      this.starts = starts;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      return test(data, clock) ? Boolean.TRUE : Boolean.FALSE;
    }

    @Override
    public boolean test(Object data, Clock clock) {
      String name = attribute;
      Object s =
          name != null && data instanceof EvaluationContext
              ? ((EvaluationContext) data).get(name)
              : null;
      if (s == null) {
        s = subject.eval(data, clock); // other data, the targeting key, or an absent attribute
      }
      return affixes(s, pattern, starts);
    }
  }

  /** Whether {@code s} starts (or ends) with {@code p}; both must be strings. */
  static boolean affixes(@Nullable Object s, @Nullable Object p, boolean starts) {
    if (!(s instanceof String) || !(p instanceof String)) {
      throw Node.Abort.OPERATOR_ERROR;
    }
    String str = (String) s;
    String affix = (String) p;
    boolean r;
    if (starts) {
      r = str.startsWith(affix);
    } else {
      // the same answer as endsWith; String.indexOf is a vectorised intrinsic, and from this
      // position only the very end can match
      int at = str.length() - affix.length();
      r = at >= 0 && str.indexOf(affix, at) == at;
    }
    return r;
  }

  /**
   * {@code starts_with} / {@code ends_with}, specialised when the pattern is a literal string.
   *
   * @param args the operands
   * @param starts true for starts_with
   * @return the node
   */
  static Node startsEnds(Node[] args, boolean starts) {
    if (args.length == 2 && args[1] instanceof Const && ((Const) args[1]).v instanceof String) {
      return new StartsEndsLiteral(args[0], (String) ((Const) args[1]).v, starts);
    }
    return new StartsEnds(args, starts);
  }

  static final class StartsEnds extends Node {
    final Node[] args;
    final boolean starts;

    StartsEnds(Node[] args, boolean starts) {
      this.args = args;
      this.starts = starts;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      if (args.length != 2) {
        throw Abort.OPERATOR_ERROR;
      }
      return affixes(args[0].eval(data, clock), args[1].eval(data, clock), starts)
          ? Boolean.TRUE
          : Boolean.FALSE;
    }
  }

  static final class SemVerOp extends Node {
    final Node[] args;

    SemVerOp(Node[] args) {
      this.args = args;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      if (args.length != 3) {
        throw Abort.OPERATOR_ERROR;
      }
      SemVer a = SemVer.parse(args[0].eval(data, clock));
      Object op = args[1].eval(data, clock);
      SemVer b = SemVer.parse(args[2].eval(data, clock));
      if (a == null || b == null || !(op instanceof String)) {
        throw Abort.OPERATOR_ERROR;
      }
      Boolean r = SemVer.apply(a, (String) op, b);
      if (r == null) {
        throw Abort.OPERATOR_ERROR;
      }
      return r;
    }
  }
}
