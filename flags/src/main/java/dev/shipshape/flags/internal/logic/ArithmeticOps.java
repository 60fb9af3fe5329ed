package dev.shipshape.flags.internal.logic;

import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The JsonLogic arithmetic operators: {@code + - * / %}, {@code min} and {@code max}.
 */
final class ArithmeticOps {
  private ArithmeticOps() {}

  /** The operators, with their JsonLogic symbols and how many arguments each takes. */
  enum Arith {
    ADD("+", 0, Integer.MAX_VALUE),
    SUB("-", 1, 2),
    MUL("*", 0, Integer.MAX_VALUE),
    DIV("/", 2, 2),
    MOD("%", 2, 2),
    MIN("min", 0, Integer.MAX_VALUE),
    MAX("max", 0, Integer.MAX_VALUE);

    final String symbol;
    final int minArgs;
    final int maxArgs;

    Arith(String symbol, int minArgs, int maxArgs) {
      this.symbol = symbol;
      this.minArgs = minArgs;
      this.maxArgs = maxArgs;
    }
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
}
