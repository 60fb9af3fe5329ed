package dev.shipshape.flags.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.flags.FlagState;
import dev.shipshape.flags.FractionalSplit;
import dev.shipshape.flags.Reason;
import dev.shipshape.flags.internal.logic.Evaluators;
import dev.shipshape.flags.internal.logic.Fractional;
import dev.shipshape.flags.internal.logic.LiteralChoice;
import dev.shipshape.flags.internal.logic.Metered;
import dev.shipshape.flags.internal.logic.Node;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One flag compiled for evaluation: variants in arrays, targeting as a node tree. It alone
 * resolves the flag, for the typed evaluations ({@link #value}) and with details ({@link
 * #details}); the snapshot holds it directly, so an evaluation goes from the key to the rule
 * without an intermediate record.
 */
public final class CompiledFlag implements FlagDefinition {

  private static final Logger log = LoggerFactory.getLogger(CompiledFlag.class);
  private static final VarHandle COST_LOGGED;

  static {
    try {
      COST_LOGGED =
          MethodHandles.lookup().findVarHandle(CompiledFlag.class, "costLogged", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final String key;
  /** The key's hash, for the snapshot's table. */
  final int hash;
  /**
   * This key's use in the engine that evaluates the flag: the same counter across reloads, set by
   * {@link UsageTracker#attach} before the flag is published in a snapshot (whose volatile write
   * publishes it too). A flag that no engine evaluates keeps the detached counter.
   */
  Usage usage = Usage.DETACHED;
  final FlagState state;
  final Kind kind;
  final String[] variantNames;
  final Object[] values;
  private final HashMap<String, Integer> variantIndex;
  final int defaultIndex;
  /**
   * Successful outcomes already built, by {@link #successSlot}: details are immutable, so one
   * record serves every evaluation that chose the same variant for the same reason and type.
   */
  private final EvaluationDetails<?>[] successDetails;

  /** The rule when it is a literal choice, whose two outcomes are resolved below. */
  private final @Nullable LiteralChoice literalChoice;

  private final int thenResult;
  private final int otherwiseResult;
  /** The values of the literal choice's outcomes, or null for an outcome with no value. */
  private final @Nullable Object thenValue;
  private final @Nullable Object otherwiseValue;

  /** The packed result of a disabled flag or of one without targeting. */
  private final int fixedResult;
  /** Whether every evaluation answers {@link #fixedResult}: the flag is disabled or untargeted. */
  private final boolean untargeted;
  /** The value of {@link #fixedResult}, or null when it names no variant. */
  private final @Nullable Object fixedValue;
  private final @Nullable Node targeting;
  /**
   * The flag's JSON with $refs inlined (each evaluator one shared tree, never copied): what
   * overrides rewrite.
   */
  final ObjectNode definition;
  /** The flag's JSON as written, $refs included: what reloads compare, with the evaluators. */
  private final JsonNode raw;
  private final Evaluators evaluators;
  /** The evaluators the flag's rule refers to directly. */
  private final List<String> refs;
  private final Map<String, Object> metadata;
  final Map<String, Object> setMetadata;
  private final Map<String, Object> mergedMetadata;
  private final Map<String, Object> variantsView;
  /** Whether an evaluation that ran out of steps was logged (once per compiled flag). */
  @SuppressWarnings("unused") // set through COST_LOGGED
  private volatile boolean costLogged;

  CompiledFlag(
      String key,
      FlagState state,
      Kind kind,
      LinkedHashMap<String, Object> variants,
      @Nullable String defaultVariant,
      @Nullable Node targeting,
      ObjectNode definition,
      Map<String, Object> metadata,
      Map<String, Object> setMetadata,
      JsonNode raw,
      Evaluators evaluators,
      List<String> refs) {
    // interned, so a caller passing a literal or constant key finds its flag by identity
    this.key = key.intern();
    this.hash = this.key.hashCode();
    this.state = state;
    this.kind = kind;
    this.variantNames = variants.keySet().toArray(new String[0]);
    for (int i = 0; i < variantNames.length; i++) {
      // the same instances as the names interned by literal rule values (see DataOps.Const)
      variantNames[i] = variantNames[i].intern();
    }
    this.values = variants.values().toArray();
    this.variantIndex = new HashMap<>();
    for (int i = 0; i < variantNames.length; i++) {
      variantIndex.put(variantNames[i], i);
    }
    this.defaultIndex = defaultVariant == null ? -1 : variantIndex.get(defaultVariant);
    if (targeting instanceof LiteralChoice) {
      LiteralChoice choice = (LiteralChoice) targeting;
      this.literalChoice = choice;
      this.thenResult = outcome(choice.then(), false);
      this.otherwiseResult = outcome(choice.otherwise(), false);
    } else {
      this.literalChoice = null;
      this.thenResult = 0;
      this.otherwiseResult = 0;
    }
    this.thenValue = valueOf(thenResult);
    this.otherwiseValue = valueOf(otherwiseResult);
    if (state == FlagState.DISABLED) {
      this.fixedResult = Outcome.DISABLED;
    } else {
      this.fixedResult =
          defaultIndex < 0
              ? Outcome.DEFAULT_NONE
              : Outcome.pack(Reason.STATIC, null, defaultIndex);
    }
    this.untargeted = targeting == null || state == FlagState.DISABLED;
    this.fixedValue = valueOf(fixedResult);
    this.successDetails = new EvaluationDetails<?>[variantNames.length * 4];
    this.targeting = targeting;
    this.definition = definition;
    this.raw = raw;
    this.evaluators = evaluators;
    this.refs = refs;
    this.metadata = metadata;
    this.setMetadata = setMetadata;
    Map<String, Object> merged = new LinkedHashMap<>(setMetadata);
    merged.putAll(metadata);
    this.mergedMetadata = Map.copyOf(merged);
    this.variantsView = Collections.unmodifiableMap(variants);
  }

  /**
   * The value this flag answers {@code ctx} with when asked as {@code wanted}: null when the flag
   * is of another kind or resolves to no variant (the caller then answers its default). Never
   * throws; allocates nothing for literal rules. Small enough to be inlined into the caller: a
   * disabled or untargeted flag answers its precomputed value, a literal choice one of its two.
   *
   * @param wanted the kind the caller asks for
   * @param ctx the subject
   * @param clock the clock, for {@code $flagd.timestamp}
   * @return the value, or null
   */
  @Nullable Object value(Kind wanted, EvaluationContext ctx, Clock clock) {
    if (kind != wanted) {
      return null;
    }
    if (untargeted) {
      return fixedValue;
    }
    LiteralChoice choice = literalChoice;
    if (choice == null) {
      return valueOf(resolveRule(ctx, clock));
    }
    try {
      return choice.test(ctx, clock) ? thenValue : otherwiseValue;
    } catch (RuntimeException x) {
      return valueOf(failed(x));
    }
  }

  /**
   * Resolves the flag for {@code ctx} as {@code type}, with the reason, variant and error: the
   * caller's default on any failure. Never throws; a successful outcome is built once per variant,
   * reason and type and then shared.
   *
   * @param type the type the caller asks for
   * @param dflt the caller's default
   * @param ctx the subject
   * @param clock the clock
   * @param <T> the value type
   * @return the details
   */
  <T> EvaluationDetails<T> details(
      ValueType<T> type, T dflt, EvaluationContext ctx, Clock clock) {
    Map<String, Object> md = mergedMetadata;
    if (type.kind() != kind) {
      return new EvaluationDetails<>(
          key, dflt, null, Reason.ERROR, ErrorCode.TYPE_MISMATCH,
          "flag '" + key + "' is " + kind.withArticle + " flag, not " + type.withArticle(), md);
    }
    int r = resolve(ctx, clock);
    Reason reason = Outcome.reason(r);
    ErrorCode code = Outcome.errorCode(r);
    int idx = Outcome.index(r);
    if (code != null) {
      String msg =
          code == ErrorCode.TARGETING_KEY_MISSING
              ? "flag '" + key + "' splits by targeting key and the context has none"
              : Outcome.tooCostly(r) ? tooCostly() : explainGeneral(ctx, clock);
      return new EvaluationDetails<>(key, dflt, null, reason, code, msg, md);
    }
    if (idx < 0) {
      return new EvaluationDetails<>(key, dflt, null, reason, null, null, md);
    }
    T converted = type.convert(values[idx]);
    if (converted == null) {
      return new EvaluationDetails<>(
          key, dflt, null, Reason.ERROR, ErrorCode.TYPE_MISMATCH,
          "variant '" + variantNames[idx] + "' of flag '" + key + "' is not "
              + type.withArticle(), md);
    }
    int slot = successSlot(idx, reason);
    if (slot >= 0) {
      EvaluationDetails<?> cached = successDetails[slot];
      if (cached != null && cached.value().getClass() == type.type()) {
        @SuppressWarnings("unchecked") // the value's class is T
        EvaluationDetails<T> same = (EvaluationDetails<T>) cached;
        return same;
      }
    }
    EvaluationDetails<T> d =
        new EvaluationDetails<>(key, converted, variantNames[idx], reason, null, null, md);
    if (slot >= 0) {
      successDetails[slot] = d; // a benign race: any thread's record is the same value
    }
    return d;
  }

  /** Resolves the variant as a packed result; never throws. */
  private int resolve(EvaluationContext ctx, Clock clock) {
    if (untargeted) {
      return fixedResult;
    }
    LiteralChoice choice = literalChoice;
    if (choice == null) {
      return resolveRule(ctx, clock);
    }
    try {
      return choice.test(ctx, clock) ? thenResult : otherwiseResult;
    } catch (RuntimeException e) {
      return failed(e);
    }
  }

  private @Nullable Object valueOf(int packed) {
    int idx = Outcome.index(packed);
    return idx < 0 ? null : values[idx];
  }

  /**
   * The packed result of a rule that threw: an operator error yields no variant, not an error; a
   * rule that ran out of steps is an error, logged the first time.
   */
  private int failed(RuntimeException e) {
    if (e == Node.Abort.TARGETING_KEY_MISSING) {
      return Outcome.ERROR_TKM;
    }
    if (e == Node.Abort.TOO_COSTLY) {
      if (COST_LOGGED.compareAndSet(this, false, true)) {
        log.atWarn()
            .addKeyValue("flag", key)
            .setMessage("{}; such evaluations answer the caller's default")
            .addArgument(this::tooCostly)
            .log();
      }
      return Outcome.ERROR_TOO_COSTLY;
    }
    return e instanceof Node.Abort ? outcome(null, false) : Outcome.ERROR_GENERAL;
  }

  /** Says that the targeting ran out of steps (only a {@link Metered} rule can). */
  private String tooCostly() {
    long max = targeting instanceof Metered ? ((Metered) targeting).maxSteps() : 0;
    return "targeting of flag '" + key + "' took more than " + max
        + " steps (maxEvaluationSteps)";
  }

  /** Evaluates a rule that is not a literal choice (the flag is targeted). */
  private int resolveRule(EvaluationContext ctx, Clock clock) {
    Node t = targeting;
    Object r;
    try {
      r = t == null ? null : t.evalTop(ctx, clock);
    } catch (RuntimeException e) {
      return failed(e);
    }
    boolean split = false;
    if (r instanceof Node.Split) {
      split = true;
      r = ((Node.Split) r).value;
    }
    return outcome(r, split);
  }

  /** The packed result of a rule that yielded {@code r}. */
  private int outcome(@Nullable Object r, boolean split) {
    if (r == null) {
      return defaultIndex < 0
          ? Outcome.DEFAULT_NONE
          : Outcome.pack(Reason.DEFAULT, null, defaultIndex);
    }
    String name;
    if (r instanceof String) {
      name = (String) r;
    } else if (r instanceof Boolean) {
      name = ((Boolean) r) ? "true" : "false";
    } else {
      return Outcome.ERROR_GENERAL;
    }
    int idx = variantOf(name);
    if (idx < 0) {
      return Outcome.ERROR_GENERAL;
    }
    return Outcome.pack(split ? Reason.SPLIT : Reason.TARGETING_MATCH, null, idx);
  }

  /**
   * Where the successful details for {@code index} and {@code reason} are kept.
   *
   * @return the slot, or -1 for reasons that are not kept
   */
  private static int successSlot(int index, Reason reason) {
    int r;
    switch (reason) {
      case STATIC:
        r = 0;
        break;
      case TARGETING_MATCH:
        r = 1;
        break;
      case SPLIT:
        r = 2;
        break;
      case DEFAULT:
        r = 3;
        break;
      default:
        return -1;
    }
    return index * 4 + r;
  }

  /** Explains a GENERAL error by re-running targeting (error path only). */
  private String explainGeneral(EvaluationContext ctx, Clock clock) {
    Object r;
    try {
      r = targeting == null ? null : targeting.eval(ctx, clock);
    } catch (RuntimeException e) {
      return "targeting of flag '" + key + "' failed: " + e;
    }
    if (r instanceof String || r instanceof Boolean) {
      return "targeting of flag '" + key + "' selected variant '" + r
          + "', which is not one of " + variantsView.keySet();
    }
    return "targeting of flag '" + key + "' yielded '" + r + "', which is not a variant name";
  }

  /**
   * The index of a variant name: by identity first (rule literals are the interned instances the
   * variant table holds), else by the table.
   */
  private int variantOf(String name) {
    String[] names = variantNames;
    if (names.length <= 8) {
      for (int i = 0; i < names.length; i++) {
        if (names[i] == name) {
          return i;
        }
      }
    }
    Integer idx = variantIndex.get(name);
    return idx == null ? -1 : idx;
  }

  @Nullable Integer indexOf(String variant) {
    return variantIndex.get(variant);
  }

  /** The name of the first variant whose value equals {@code value}, or null when none has it. */
  @Nullable String variantWithValue(Object value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i].equals(value)) {
        return variantNames[i];
      }
    }
    return null;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public FlagState state() {
    return state;
  }

  @Override
  public Map<String, Object> variants() {
    return variantsView;
  }

  @Override
  public Optional<String> defaultVariant() {
    return defaultIndex < 0 ? Optional.empty() : Optional.of(variantNames[defaultIndex]);
  }

  @Override
  public Map<String, Object> metadata() {
    return metadata;
  }

  @Override
  public Optional<String> targeting() {
    // written on demand: the inlined rule shares each evaluator, its text repeats them
    JsonNode t = targeting == null ? null : definition.get("targeting");
    return t == null ? Optional.empty() : Optional.of(JsonTrees.write(t));
  }

  @Override
  public boolean hasTargeting() {
    return targeting != null;
  }

  @Override
  public Optional<FractionalSplit> fractionalSplit() {
    Node rule = targeting instanceof Metered ? ((Metered) targeting).rule() : targeting;
    return rule instanceof Fractional
        ? Optional.ofNullable(((Fractional) rule).describe())
        : Optional.empty();
  }

  /**
   * Whether two compiled flags come from the same definition and set metadata: the same JSON as
   * written and the same evaluators behind its $refs, each pair of evaluators compared once per
   * {@code memo}; else, when $refs are involved, the same rule once inlined.
   */
  boolean sameAs(CompiledFlag o, IdentityHashMap<JsonNode, JsonNode> memo) {
    if (!setMetadata.equals(o.setMetadata)) {
      return false;
    }
    if (raw.equals(o.raw)
        && refs.equals(o.refs)
        && Evaluators.sameRefs(evaluators, o.evaluators, refs, memo)) {
      return true;
    }
    return !(refs.isEmpty() && o.refs.isEmpty()) && definition.equals(o.definition);
  }

  @Override
  public String toString() {
    return "FlagDefinition[" + key + ", " + state + ", variants=" + variantsView.keySet() + "]";
  }
}
