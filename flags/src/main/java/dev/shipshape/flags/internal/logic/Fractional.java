package dev.shipshape.flags.internal.logic;

import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FractionalSplit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * flagd's {@code fractional}: hashes the bucketing input with MurmurHash3 (x86, 32 bit, seed 0,
 * UTF-8) and picks the first bucket whose cumulative weight exceeds {@code (unsigned(hash) *
 * totalWeight) >>> 32}.
 */
public final class Fractional extends Node {
  private final Murmur3.Prefix flagKeyHash;
  private final @Nullable Node input;
  private final @Nullable Node catA;
  private final @Nullable Node catB;
  private final @Nullable String inputJson;
  private final Node[] names;
  private final @Nullable Node[] weightNodes;
  private final long[] constWeights;
  private final boolean constantWeights;
  private final long constTotal;
  private final long[] cumulative;
  private final @Nullable Split[] constSplits;

  Fractional(
      String flagKey,
      @Nullable Node input,
      @Nullable Node catA,
      @Nullable Node catB,
      @Nullable String inputJson,
      Node[] names,
      @Nullable Node[] weightNodes,
      long[] constWeights) {
    this.flagKeyHash = Murmur3.Prefix.of(flagKey);
    this.input = input;
    this.catA = catA;
    this.catB = catB;
    this.inputJson = inputJson;
    this.names = names;
    this.weightNodes = weightNodes;
    this.constWeights = constWeights;
    boolean allConst = true;
    for (Node w : weightNodes) {
      allConst &= w == null;
    }
    this.constantWeights = allConst;
    this.cumulative = new long[names.length];
    long total = 0;
    for (int i = 0; i < names.length; i++) {
      total += Math.max(0, constWeights[i]);
      cumulative[i] = total;
    }
    this.constTotal = total;
    this.constSplits = new Split[names.length];
    for (int i = 0; i < names.length; i++) {
      if (names[i] instanceof DataOps.Const) {
        constSplits[i] = new Split(((DataOps.Const) names[i]).v);
      }
    }
  }

  @Override
  public @Nullable Object eval(Object data, Clock clock) {
    int i = pick(data, clock);
    return i < 0 ? null : names[i].eval(data, clock);
  }

  @Override
  public @Nullable Object evalTop(Object data, Clock clock) {
    int i = pick(data, clock);
    if (i < 0) {
      return null;
    }
    Split s = constSplits[i];
    return s != null ? s : new Split(names[i].eval(data, clock));
  }

  /** The index of the chosen bucket, or -1 when the weights add up to nothing. */
  private int pick(Object data, Clock clock) {
    int h = hash(data, clock);
    long total;
    long[] cum;
    if (constantWeights) {
      total = constTotal;
      cum = cumulative;
    } else {
      cum = new long[names.length];
      total = 0;
      for (int i = 0; i < names.length; i++) {
        Node w = weightNodes[i];
        long wv = constWeights[i];
        if (w != null) {
          Object v = w.eval(data, clock);
          if (!(v instanceof Number)) {
            throw Abort.OPERATOR_ERROR;
          }
          wv = (long) ((Number) v).doubleValue();
        }
        total += Math.max(0, Math.min(wv, Integer.MAX_VALUE));
        cum[i] = total;
      }
      if (total > Integer.MAX_VALUE) {
        throw Abort.OPERATOR_ERROR;
      }
    }
    if (total <= 0) {
      return -1;
    }
    long bucket = Murmur3.bucket(h, total);
    for (int i = 0; i < cum.length; i++) {
      if (bucket < cum[i]) {
        return i;
      }
    }
    return -1;
  }

  private int hash(Object data, Clock clock) {
    if (input == null) {
      String tk = data instanceof EvaluationContext ? ((EvaluationContext) data).targetingKey() : null;
      if (tk == null) {
        throw Abort.TARGETING_KEY_MISSING;
      }
      return Murmur3.hash(flagKeyHash, tk);
    }
    if (catA != null && catB != null) {
      Object a = catA.eval(data, clock);
      Object b = catB.eval(data, clock);
      return Murmur3.hash(
          a instanceof String ? (String) a : Values.catStr(a),
          b instanceof String ? (String) b : Values.catStr(b));
    }
    Object v = input.eval(data, clock);
    if (!(v instanceof String)) {
      throw Abort.OPERATOR_ERROR;
    }
    return Murmur3.hash((String) v, null);
  }

  /**
   * Describes this rule when its names and weights are literals.
   *
   * @return the split, or null when names or weights are computed
   */
  public @Nullable FractionalSplit describe() {
    if (!constantWeights) {
      return null;
    }
    List<FractionalSplit.Bucket> buckets = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      Split s = constSplits[i];
      if (s == null || !(s.value instanceof String) || constWeights[i] > Integer.MAX_VALUE) {
        return null;
      }
      buckets.add(
          new FractionalSplit.Bucket((String) s.value, (int) Math.max(0, constWeights[i])));
    }
    return new FractionalSplit(inputJson == null ? "flagKey + targetingKey" : inputJson, buckets);
  }
}
