package dev.shipshape.flags.internal.logic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JsonLogic operators over lists: {@code merge}, {@code map}, {@code filter}, {@code all},
 * {@code none}, {@code some} and {@code reduce}. Each item that a loop visits takes a step of the
 * evaluation's budget ({@link Steps}): {@code map}, {@code filter} and {@code reduce}, which visit
 * every item, take them all before they start; {@code all}, {@code none} and {@code some} one per
 * item they get to.
 */
final class ListOps {
  private ListOps() {}

  static final class Merge extends Node {
    final Node[] args;
    /** Whether it is inside a loop, where each item it copies takes a step. */
    final boolean metered;

    Merge(Node[] args, boolean metered) {
      this.args = args;
      this.metered = metered;
    }

    @Override
    public Object eval(Object data, Clock clock) {
      return Collections.unmodifiableList(merged(args, data, clock, metered));
    }
  }

  /**
   * The values of {@code args} in order, a list value's items taking its place: {@code merge}'s
   * answer, and the keys {@code missing} looks up. When {@code metered}, each item takes a step.
   */
  static List<Object> merged(Node[] args, Object data, Clock clock, boolean metered) {
    List<Object> out = new ArrayList<>();
    Steps steps = metered ? Steps.current() : null;
    for (Node n : args) {
      Object v = n.eval(data, clock);
      if (v instanceof List) {
        if (steps != null) {
          steps.take(((List<?>) v).size());
        }
        out.addAll((List<?>) v);
      } else {
        if (steps != null) {
          steps.take(1);
        }
        out.add(v);
      }
      Values.checkBuilt(out.size(), Values.MAX_BUILT_ITEMS);
    }
    return out;
  }

  /** The operators that apply a rule to each item of a list, by their JsonLogic names. */
  enum Iter {
    MAP,
    FILTER,
    ALL,
    NONE,
    SOME;

    /** The JsonLogic name: the constant's name in lower case. */
    String symbol() {
      return name().toLowerCase(Locale.ROOT);
    }
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
      Steps steps = Steps.current();
      switch (op) {
        case MAP: {
          steps.take(items.size());
          List<Object> out = new ArrayList<>(items.size());
          for (Object o : items) {
            out.add(logic.eval(o == null ? NULL_DATA : o, clock));
          }
          return Collections.unmodifiableList(out);
        }
        case FILTER: {
          steps.take(items.size());
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
            steps.take(1);
            if (!Values.truthy(logic.eval(o == null ? NULL_DATA : o, clock))) {
              return Boolean.FALSE;
            }
          }
          return Boolean.TRUE;
        case NONE:
          for (Object o : items) {
            steps.take(1);
            if (Values.truthy(logic.eval(o == null ? NULL_DATA : o, clock))) {
              return Boolean.FALSE;
            }
          }
          return Boolean.TRUE;
        default:
          for (Object o : items) {
            steps.take(1);
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
      Steps.current().take(((List<?>) l).size());
      for (Object o : (List<?>) l) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("current", o);
        scope.put("accumulator", acc);
        acc = logic.eval(scope, clock);
      }
      return acc;
    }
  }
}
