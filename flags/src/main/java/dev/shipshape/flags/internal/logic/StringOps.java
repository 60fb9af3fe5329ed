package dev.shipshape.flags.internal.logic;

import dev.shipshape.flags.EvaluationContext;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The string operators: {@code cat}, {@code substr}, and flagd's {@code starts_with}, {@code
 * ends_with} and {@code sem_ver}.
 */
final class StringOps {
  private StringOps() {}

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
        Values.checkBuilt(sb.length(), Values.MAX_BUILT_CHARS);
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
        to = l < 0 ? Math.max(from, n + l) : (int) Math.min(n, (long) from + l);
      }
      return str.substring(from, Math.max(from, to));
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
          subject instanceof DataOps.Var && ((DataOps.Var) subject).dflt == null
              ? ((DataOps.Var) subject).single
              : null;
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
    if (args.length == 2
        && args[1] instanceof DataOps.Const
        && ((DataOps.Const) args[1]).v instanceof String) {
      return new StartsEndsLiteral(args[0], (String) ((DataOps.Const) args[1]).v, starts);
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
