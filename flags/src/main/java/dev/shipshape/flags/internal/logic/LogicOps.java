package dev.shipshape.flags.internal.logic;

import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JsonLogic operators that decide: {@code if}, comparisons, {@code !}, {@code !!}, {@code
 * and}, {@code or} and {@code in}.
 */
final class LogicOps {
  private LogicOps() {}

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

  /** The comparisons, with their JsonLogic symbols; {@code <} and {@code <=} also take three. */
  enum Cmp {
    EQ("==", 2),
    STRICT_EQ("===", 2),
    NE("!=", 2),
    STRICT_NE("!==", 2),
    LT("<", 3),
    LE("<=", 3),
    GT(">", 2),
    GE(">=", 2);

    final String symbol;
    final int maxArgs;

    Cmp(String symbol, int maxArgs) {
      this.symbol = symbol;
      this.maxArgs = maxArgs;
    }
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
    /** Whether it is inside a loop, where each item of the list it searches takes a step. */
    final boolean metered;

    In(Node a, Node b, boolean metered) {
      this.a = a;
      this.b = b;
      this.metered = metered;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      Object x = a.eval(data, clock);
      Object y = b.eval(data, clock);
      if (y instanceof String) {
        return x != null && ((String) y).contains(Values.toStr(x));
      }
      if (y instanceof List) {
        if (metered) {
          Steps.current().take(((List<?>) y).size());
        }
        for (Object o : (List<?>) y) {
          if (Values.strictEquals(x, o)) {
            return Boolean.TRUE;
          }
        }
      }
      return Boolean.FALSE;
    }
  }
}
