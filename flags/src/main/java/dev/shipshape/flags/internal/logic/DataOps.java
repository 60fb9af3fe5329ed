package dev.shipshape.flags.internal.logic;

import dev.shipshape.flags.EvaluationContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JsonLogic operators that read data: literals, arrays, {@code var}, {@code missing}, {@code
 * missing_some} and the injected timestamp.
 */
final class DataOps {
  private DataOps() {}

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
    /** Whether it is inside a loop, where each key it looks up takes a step. */
    final boolean metered;

    Missing(Node[] args, boolean metered) {
      this.args = args;
      this.metered = metered;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      List<Object> missing = new ArrayList<>();
      for (Object k : ListOps.merged(args, data, clock, metered)) {
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
    /** Whether it is inside a loop, where each key it looks up takes a step. */
    final boolean metered;

    MissingSome(Node need, Node keys, boolean metered) {
      this.need = need;
      this.keys = keys;
      this.metered = metered;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      double n = Values.toNumber(need.eval(data, clock));
      Object ks = keys.eval(data, clock);
      List<Object> missing = new ArrayList<>();
      int found = 0;
      if (ks instanceof List) {
        if (metered) {
          Steps.current().take(((List<?>) ks).size());
        }
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
}
