package dev.shipshape.flags.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagDefinitionException;
import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagOverrides;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.FlagUsageReport;
import dev.shipshape.flags.FractionalSplit;
import dev.shipshape.flags.Reason;
import dev.shipshape.flags.SourceFailure;
import dev.shipshape.flags.SourceState;
import dev.shipshape.flags.SourceStatus;
import dev.shipshape.flags.internal.logic.LiteralChoice;
import dev.shipshape.flags.internal.source.BoundedSource;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The machinery behind {@link dev.shipshape.flags.Flags}: snapshot, sources, overrides, usage. */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final int MAX_UNKNOWN_KEYS = 1000;
  /** How often the time stamped on evaluated flags is refreshed from the clock. */
  public static final Duration USAGE_CLOCK_PERIOD = Duration.ofSeconds(1);

  private final Clock clock;
  private final FlagLimits limits;
  private final List<Slot> slots = new ArrayList<>();
  private final Listeners listeners;
  private final boolean evaluationListeners;
  private final Object lock = new Object();
  private final Map<String, Override> overrides = new LinkedHashMap<>();
  private final ConcurrentHashMap<String, Usage> usage = new ConcurrentHashMap<>();
  private final Set<String> unknownKeys = ConcurrentHashMap.newKeySet();
  private final Overrides overridesView = new Overrides();
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final List<ScheduledTask> tasks = new ArrayList<>();
  private volatile Snapshot snapshot;
  /**
   * The time evaluations stamp as their flag's last use: the clock as of the last {@link
   * #USAGE_CLOCK_PERIOD} tick, so the evaluation path never reads the clock.
   */
  private volatile long usageMillis;
  private Map<String, CompiledFlag> baseFlags = Map.of();
  private volatile boolean closed;

  /**
   * Loads every source once and starts polling.
   *
   * @param clock the clock
   * @param scheduler the scheduler, or null to create one (closed with this engine)
   * @param sources the sources in override order, with unique names (checked by the builder)
   * @param listeners the listeners
   * @param limits the document limits
   */
  public Engine(
      Clock clock,
      @Nullable Scheduler scheduler,
      List<FlagSource> sources,
      List<FlagListener> listeners,
      FlagLimits limits) {
    this.clock = clock;
    this.limits = limits;
    this.listeners = new Listeners(listeners);
    this.evaluationListeners = this.listeners.wantsEvaluations();
    this.snapshot = new Snapshot(List.of(), new LinkedHashMap<>());
    for (FlagSource s : sources) {
      slots.add(new Slot(s));
    }
    if (scheduler == null) {
      this.scheduler = Scheduler.forClock(clock);
      this.ownsScheduler = true;
    } else {
      this.scheduler = scheduler;
      this.ownsScheduler = false;
    }
    this.usageMillis = clock.millis();
    tasks.add(
        this.scheduler.scheduleEvery(
            "shipshape-flags-usage-clock",
            USAGE_CLOCK_PERIOD,
            USAGE_CLOCK_PERIOD,
            () -> usageMillis = clock.millis()));
    synchronized (lock) {
      for (Slot slot : slots) {
        read(slot);
      }
      rebuild();
    }
    for (Slot slot : slots) {
      slot.onChange = () -> refresh(slot);
      slot.source.onChange(slot.onChange);
      Duration every = slot.source.pollInterval();
      if (every.compareTo(Duration.ZERO) > 0) {
        tasks.add(
            this.scheduler.scheduleEvery(
                "shipshape-flags-poll:" + slot.source.name(), every, every, () -> refresh(slot)));
      }
    }
  }

  // ---------------------------------------------------------------- evaluation (hot path)

  /*
   * The typed values skip building details unless a listener wants evaluations. Each calls
   * resolved() directly, so the path from the caller to the rule stays short for the JIT.
   */

  public boolean booleanValue(String key, boolean dflt, EvaluationContext ctx) {
    if (evaluationListeners) {
      return details(key, dflt, Boolean.class, ctx).value();
    }
    Object v = resolved(key, Kind.BOOLEAN, ctx);
    return v == null ? dflt : (Boolean) v;
  }

  public String stringValue(String key, String dflt, EvaluationContext ctx) {
    if (evaluationListeners) {
      return details(key, dflt, String.class, ctx).value();
    }
    Object v = resolved(key, Kind.STRING, ctx);
    return v == null ? dflt : (String) v;
  }

  public int intValue(String key, int dflt, EvaluationContext ctx) {
    if (evaluationListeners) {
      return details(key, dflt, Integer.class, ctx).value();
    }
    Object v = resolved(key, Kind.NUMBER, ctx);
    if (v instanceof Long && (Long) v == ((Long) v).intValue()) {
      return ((Long) v).intValue();
    }
    if (v instanceof Double && isIntegral((Double) v, true)) {
      return (int) (double) (Double) v;
    }
    return dflt;
  }

  public long longValue(String key, long dflt, EvaluationContext ctx) {
    if (evaluationListeners) {
      return details(key, dflt, Long.class, ctx).value();
    }
    Object v = resolved(key, Kind.NUMBER, ctx);
    if (v instanceof Long) {
      return (Long) v;
    }
    if (v instanceof Double && isIntegral((Double) v, false)) {
      return (long) (double) (Double) v;
    }
    return dflt;
  }

  public double doubleValue(String key, double dflt, EvaluationContext ctx) {
    if (evaluationListeners) {
      return details(key, dflt, Double.class, ctx).value();
    }
    Object v = resolved(key, Kind.NUMBER, ctx);
    return v instanceof Number ? ((Number) v).doubleValue() : dflt;
  }

  public Object objectValue(String key, Object dflt, EvaluationContext ctx) {
    return details(key, dflt, Object.class, ctx).value();
  }

  /**
   * Records the use of {@code key} and resolves it: the variant's value, or null when the flag
   * is unknown, of another kind, or resolves to no variant (the caller then answers its default).
   */
  private @Nullable Object resolved(String key, Kind kind, EvaluationContext ctx) {
    Entry e = snapshot.get(key);
    if (e == null) {
      unknown(key);
      return null;
    }
    e.usage.record(usageMillis);
    if (e.kind != kind) {
      return null;
    }
    if (e.untargeted) {
      return e.fixedValue;
    }
    LiteralChoice choice = e.choice;
    if (choice == null) {
      return e.flag.value(ctx, clock);
    }
    try {
      return choice.test(ctx, clock) ? e.thenValue : e.otherwiseValue;
    } catch (RuntimeException x) {
      return e.flag.valueOnFailure(x);
    }
  }

  private static boolean isIntegral(double d, boolean asInt) {
    if (d != Math.rint(d) || Double.isInfinite(d)) {
      return false;
    }
    return asInt ? d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE : Math.abs(d) < 0x1p63;
  }

  private void unknown(String key) {
    if (unknownKeys.size() < MAX_UNKNOWN_KEYS && !unknownKeys.contains(key)) {
      unknownKeys.add(key);
    }
  }

  /**
   * Evaluates with full details.
   *
   * @param key the flag key
   * @param dflt the caller's default
   * @param type Boolean, String, Integer, Long, Double or Object
   * @param ctx the context
   * @param <T> the value type
   * @return the details
   */
  public <T> EvaluationDetails<T> details(
      String key, T dflt, Class<T> type, EvaluationContext ctx) {
    EvaluationDetails<T> d = computeDetails(key, dflt, type, ctx);
    if (evaluationListeners) {
      listeners.evaluated(d);
    }
    return d;
  }

  private <T> EvaluationDetails<T> computeDetails(
      String key, T dflt, Class<T> type, EvaluationContext ctx) {
    Entry e = snapshot.get(key);
    if (e == null) {
      unknown(key);
      return new EvaluationDetails<>(
          key, dflt, null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND,
          "flag '" + key + "' is not defined by any source", Map.of());
    }
    e.usage.record(usageMillis);
    CompiledFlag f = e.flag;
    Map<String, Object> md = f.mergedMetadata;
    if (!kindFits(f.kind, type)) {
      return new EvaluationDetails<>(
          key, dflt, null, Reason.ERROR, ErrorCode.TYPE_MISMATCH,
          "flag '" + key + "' is " + f.kind.withArticle + " flag, not " + typeName(type), md);
    }
    int r = f.resolve(ctx, clock);
    Reason reason = CompiledFlag.reason(r);
    ErrorCode code = CompiledFlag.errorCode(r);
    int idx = CompiledFlag.index(r);
    if (code != null) {
      String msg;
      switch (code) {
        case TARGETING_KEY_MISSING:
          msg = "flag '" + key + "' splits by targeting key and the context has none";
          break;
        default:
          msg = f.explainGeneral(ctx, clock);
          break;
      }
      return new EvaluationDetails<>(key, dflt, null, reason, code, msg, md);
    }
    if (idx < 0) {
      return new EvaluationDetails<>(key, dflt, null, reason, null, null, md);
    }
    Object converted = convert(f.values[idx], type);
    if (converted == null) {
      return new EvaluationDetails<>(
          key, dflt, null, Reason.ERROR, ErrorCode.TYPE_MISMATCH,
          "variant '" + f.variantNames[idx] + "' of flag '" + key + "' is not "
              + typeName(type), md);
    }
    int slot = f.successSlot(idx, reason);
    if (slot >= 0) {
      EvaluationDetails<?> cached = f.successDetails[slot];
      if (cached != null && cached.value().getClass() == type) {
        @SuppressWarnings("unchecked") // the value's class is T
        EvaluationDetails<T> same = (EvaluationDetails<T>) cached;
        return same;
      }
    }
    EvaluationDetails<T> d =
        new EvaluationDetails<>(
            f.key, type.cast(converted), f.variantNames[idx], reason, null, null, md);
    if (slot >= 0) {
      f.successDetails[slot] = d; // a benign race: any thread's record is the same value
    }
    return d;
  }

  private static boolean kindFits(Kind kind, Class<?> type) {
    switch (kind) {
      case BOOLEAN:
        return type == Boolean.class;
      case STRING:
        return type == String.class;
      case NUMBER:
        return type == Integer.class || type == Long.class || type == Double.class;
      default:
        return type == Object.class;
    }
  }

  /** The requested type with its article: "an integer", "a string", "an object". */
  private static String typeName(Class<?> type) {
    return Kind.withArticle(
        type == Object.class ? "object" : type.getSimpleName().toLowerCase(java.util.Locale.ROOT));
  }

  private static @Nullable Object convert(Object v, Class<?> type) {
    if (type == Integer.class) {
      if (v instanceof Long && (Long) v == ((Long) v).intValue()) {
        return ((Long) v).intValue();
      }
      if (v instanceof Double && isIntegral((Double) v, true)) {
        return (int) (double) (Double) v;
      }
      return null;
    }
    if (type == Long.class) {
      if (v instanceof Long) {
        return v;
      }
      return v instanceof Double && isIntegral((Double) v, false) ? (long) (double) (Double) v : null;
    }
    if (type == Double.class) {
      return v instanceof Number ? ((Number) v).doubleValue() : null;
    }
    return type.isInstance(v) ? v : null;
  }

  // ---------------------------------------------------------------- sources and reloads

  private void refresh(Slot slot) {
    if (closed) {
      return;
    }
    synchronized (lock) {
      if (read(slot)) {
        rebuild();
      }
    }
  }

  /** Re-reads every source now. */
  public void refreshAll() {
    synchronized (lock) {
      boolean changed = false;
      for (Slot s : slots) {
        changed |= read(s);
      }
      if (changed) {
        rebuild();
      }
    }
  }

  /** Reads one source; returns whether its flag set was replaced. Caller holds the lock. */
  private boolean read(Slot slot) {
    String text;
    try {
      text =
          slot.source instanceof BoundedSource
              ? ((BoundedSource) slot.source).read(limits.maxDocumentBytes())
              : slot.source.read();
    } catch (BoundedSource.TooLargeException e) {
      // refused before the whole document was held in memory
      FlagDefinitionException tooLarge =
          new FlagDefinitionException(
              slot.source.name(), List.of(FlagSetParser.sizeProblem(limits)));
      tooLarge.initCause(e);
      fail(slot, tooLarge.getMessage(), tooLarge, true);
      return false;
    } catch (IOException | RuntimeException e) {
      fail(slot, "cannot read " + slot.source.name() + ": " + e, e, false);
      return false;
    }
    if (text == null) {
      if (slot.status != SourceStatus.FRESH && slot.lastLoaded != null && !slot.contentFailure) {
        markFresh(slot);
      }
      return false;
    }
    if (text.equals(slot.lastText)) {
      // unchanged since the last good load (or restored to it after a failure)
      if (slot.status != SourceStatus.FRESH) {
        markFresh(slot);
      }
      return false;
    }
    if (text.equals(slot.lastFailedText)) {
      // the same rejected content again: already reported
      return false;
    }
    FlagSet parsed;
    try {
      parsed = FlagSetParser.parse(text, slot.source.name(), limits);
    } catch (FlagDefinitionException e) {
      slot.lastFailedText = text;
      fail(slot, e.getMessage(), e, true);
      return false;
    } catch (RuntimeException e) {
      slot.lastFailedText = text;
      fail(slot, "cannot load " + slot.source.name() + ": " + e, e, true);
      return false;
    }
    slot.flags = (CompiledFlagSet) parsed;
    slot.lastText = text;
    slot.lastFailedText = null;
    markFresh(slot);
    slot.lastLoaded = clock.instant();
    return true;
  }

  private void markFresh(Slot slot) {
    if (slot.status == SourceStatus.STALE || slot.staleSince != null) {
      log.atInfo()
          .setMessage("flag source recovered")
          .addKeyValue("source", slot.source.name())
          .log();
    }
    slot.status = SourceStatus.FRESH;
    slot.staleSince = null;
    slot.lastError = null;
    slot.contentFailure = false;
  }

  private void fail(Slot slot, String message, Throwable cause, boolean content) {
    Instant now = clock.instant();
    boolean newStreak = slot.staleSince == null;
    if (newStreak) {
      slot.staleSince = now;
    }
    boolean sameMessage = message.equals(slot.lastError);
    slot.lastError = message;
    slot.contentFailure = content;
    slot.status = slot.lastLoaded == null ? SourceStatus.NOT_LOADED : SourceStatus.STALE;
    if (!sameMessage) {
      log.atWarn()
          .setMessage(
              slot.lastLoaded == null
                  ? "flag source failed; it contributes no flags until a read succeeds"
                  : "flag source failed; serving its last good flags")
          .addKeyValue("source", slot.source.name())
          .addKeyValue("status", slot.status)
          .addKeyValue("error", message)
          .log();
    }
    listeners.sourceFailed(new SourceFailure(slot.source.name(), message, cause, slot.staleSince));
  }

  /** Merges every source's last good flags, applies overrides, swaps the snapshot. */
  private void rebuild() {
    Map<String, CompiledFlag> base = new LinkedHashMap<>();
    for (Slot s : slots) {
      base.putAll(s.flags.flags);
    }
    baseFlags = base;
    LinkedHashMap<String, CompiledFlag> effective = new LinkedHashMap<>(base);
    for (Map.Entry<String, Override> o : overrides.entrySet()) {
      CompiledFlag f = base.get(o.getKey());
      if (f != null) {
        try {
          effective.put(o.getKey(), o.getValue().apply(f));
        } catch (RuntimeException e) {
          log.atWarn()
              .setMessage("flag override no longer applies; serving the source definition")
              .addKeyValue("flag", o.getKey())
              .addKeyValue("error", e.getMessage())
              .log();
        }
      }
    }
    Snapshot old = snapshot;
    Instant now = clock.instant();
    List<Entry> entries = new ArrayList<>(effective.size());
    for (CompiledFlag f : effective.values()) {
      Usage u = usage.computeIfAbsent(f.key, k -> new Usage(now));
      entries.add(new Entry(f, u));
    }
    snapshot = new Snapshot(entries, effective);
    Set<String> added = new TreeSet<>();
    Set<String> removed = new TreeSet<>();
    Set<String> changed = new TreeSet<>();
    for (String k : effective.keySet()) {
      Entry before = old.get(k);
      if (before == null) {
        added.add(k);
      } else if (!before.flag.sameAs(effective.get(k))) {
        changed.add(k);
      }
    }
    for (String k : old.ordered.keySet()) {
      if (!effective.containsKey(k)) {
        removed.add(k);
      }
    }
    FlagSetChange change = new FlagSetChange(added, removed, changed, now);
    if (!change.isEmpty()) {
      log.atDebug()
          .setMessage("flags changed")
          .addKeyValue("added", added)
          .addKeyValue("removed", removed)
          .addKeyValue("changed", changed)
          .log();
      listeners.changed(change);
    }
  }

  public List<SourceState> sourceStates() {
    synchronized (lock) {
      List<SourceState> out = new ArrayList<>();
      for (Slot s : slots) {
        out.add(new SourceState(s.source.name(), s.status, s.lastLoaded, s.staleSince, s.lastError));
      }
      return out;
    }
  }

  public FlagSet flagSet() {
    return new CompiledFlagSet(snapshot.ordered, Map.of());
  }

  public FlagOverrides overrides() {
    return overridesView;
  }

  public FlagUsageReport usage() {
    Instant now = clock.instant();
    List<FlagUsageReport.Entry> out = new ArrayList<>();
    Snapshot current = snapshot;
    for (String key : new TreeSet<>(current.ordered.keySet())) {
      Usage u = current.get(key).usage;
      long last = u.lastMillis;
      out.add(
          new FlagUsageReport.Entry(
              key, u.sum(), last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last), u.since));
    }
    return new FlagUsageReport(now, out, Set.copyOf(unknownKeys));
  }

  /**
   * Number of listener calls that threw.
   *
   * @return the count
   */
  public long listenerFailures() {
    return listeners.failures();
  }

  @java.lang.Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ScheduledTask t : tasks) {
      t.cancel();
    }
    for (Slot slot : slots) {
      Runnable callback = slot.onChange;
      if (callback != null) {
        // a long-lived source must not keep this closed engine (and its snapshot) reachable
        try {
          slot.source.removeOnChange(callback);
        } catch (RuntimeException e) {
          log.atWarn()
              .setMessage("flag source failed to remove a change callback")
              .addKeyValue("source", slot.source.name())
              .setCause(e)
              .log();
        }
        slot.onChange = null;
      }
    }
    if (ownsScheduler) {
      scheduler.close();
    }
  }

  // ---------------------------------------------------------------- overrides

  /** Rewrites a flag's definition JSON. */
  @FunctionalInterface
  private interface Override {
    CompiledFlag apply(CompiledFlag base);
  }

  private static CompiledFlag recompile(CompiledFlag base, ObjectNode def) {
    return FlagSetParser.compileSingle(base.key, def, base.setMetadata, "override of " + base.key);
  }

  private static ObjectNode staticDefinition(CompiledFlag base, String variant) {
    ObjectNode def = base.definition.deepCopy();
    def.remove("targeting");
    def.put("state", "ENABLED");
    def.put("defaultVariant", variant);
    return def;
  }

  private final class Overrides implements FlagOverrides {
    private void put(String key, Override o) {
      synchronized (lock) {
        CompiledFlag base = baseFlags.get(key);
        if (base == null) {
          throw new IllegalArgumentException(
              "flag was '" + key + "' but no source defines it (defined: "
                  + new TreeSet<>(baseFlags.keySet()) + ")");
        }
        o.apply(base); // validates now, so a bad override fails at the call
        overrides.put(key, o);
        rebuild();
      }
    }

    @java.lang.Override
    public void setVariant(String key, String variant) {
      synchronized (lock) {
        CompiledFlag base = requireBase(key);
        if (base.indexOf(variant) == null) {
          throw new IllegalArgumentException(
              "variant was '" + variant + "' but flag '" + key + "' has only "
                  + base.variants().keySet());
        }
      }
      put(key, b -> recompile(b, staticDefinition(b, variant)));
    }

    @java.lang.Override
    public void setValue(String key, Object value) {
      Object normalized = JsonConversion.normalize(value);
      JsonNode json = FlagSetParser.plain().valueToTree(normalized);
      Object javaValue = dev.shipshape.flags.internal.logic.Compiler.JsonValues.toJava(json);
      synchronized (lock) {
        CompiledFlag base = requireBase(key);
        if (javaValue == null || Kind.of(javaValue) != base.kind) {
          throw new IllegalArgumentException(
              "value was '" + value + "' but flag '" + key + "' is " + base.kind.withArticle + " flag");
        }
      }
      put(
          key,
          b -> {
            String name = null;
            for (int i = 0; i < b.values.length; i++) {
              if (b.values[i].equals(javaValue)) {
                name = b.variantNames[i];
                break;
              }
            }
            ObjectNode def = b.definition.deepCopy();
            if (name == null) {
              name = "override";
              while (b.indexOf(name) != null) {
                name = name + "_";
              }
              ((ObjectNode) def.get("variants")).set(name, json);
            }
            def.remove("targeting");
            def.put("state", "ENABLED");
            def.put("defaultVariant", name);
            return recompile(b, def);
          });
    }

    @java.lang.Override
    public void setFractionalWeights(String key, Map<String, Integer> weightsByVariant) {
      Map<String, Integer> weights = Map.copyOf(weightsByVariant);
      synchronized (lock) {
        CompiledFlag base = requireBase(key);
        FractionalSplit split = base.fractionalSplit().orElse(null);
        if (split == null) {
          throw new IllegalArgumentException(
              "flag was '" + key + "' but its targeting is not a top-level fractional split"
                  + " with literal variants and weights");
        }
        List<String> names = split.buckets().stream().map(FractionalSplit.Bucket::variant).toList();
        List<String> problems = new ArrayList<>();
        weights.forEach(
            (v, w) -> {
              if (!names.contains(v)) {
                problems.add("variant was '" + v + "' but the split of '" + key + "' has " + names);
              }
              if (w < 0) {
                problems.add("weight of '" + v + "' was '" + w + "' but must be >= 0");
              }
            });
        if (!problems.isEmpty()) {
          throw new IllegalArgumentException(String.join("; ", problems));
        }
      }
      put(
          key,
          b -> {
            ObjectNode def = b.definition.deepCopy();
            JsonNode t = def.get("targeting");
            JsonNode frac = t == null ? null : t.get("fractional");
            if (!(frac instanceof ArrayNode)) {
              throw new IllegalArgumentException(
                  "flag '" + key + "' no longer has a fractional split");
            }
            ArrayNode arr = (ArrayNode) frac;
            for (int i = 0; i < arr.size(); i++) {
              JsonNode bucket = arr.get(i);
              if (bucket.isArray() && bucket.size() >= 1 && bucket.get(0).isTextual()) {
                ArrayNode nb = JsonNodeFactory.instance.arrayNode();
                String v = bucket.get(0).asText();
                nb.add(v);
                nb.add(weights.getOrDefault(v, 0));
                arr.set(i, nb);
              }
            }
            def.put("state", "ENABLED");
            return recompile(b, def);
          });
    }

    private CompiledFlag requireBase(String key) {
      CompiledFlag base = baseFlags.get(key);
      if (base == null) {
        throw new IllegalArgumentException(
            "flag was '" + key + "' but no source defines it (defined: "
                + new TreeSet<>(baseFlags.keySet()) + ")");
      }
      return base;
    }

    @java.lang.Override
    public void clear(String key) {
      synchronized (lock) {
        if (overrides.remove(key) != null) {
          rebuild();
        }
      }
    }

    @java.lang.Override
    public void clearAll() {
      synchronized (lock) {
        if (!overrides.isEmpty()) {
          overrides.clear();
          rebuild();
        }
      }
    }

    @java.lang.Override
    public Set<String> keys() {
      synchronized (lock) {
        return Set.copyOf(overrides.keySet());
      }
    }
  }

  // ---------------------------------------------------------------- state holders

  private static final class Slot {
    final FlagSource source;
    CompiledFlagSet flags = (CompiledFlagSet) FlagSetParser.empty();
    SourceStatus status = SourceStatus.NOT_LOADED;
    @Nullable Instant lastLoaded;
    @Nullable Instant staleSince;
    @Nullable String lastError;
    boolean contentFailure;
    @Nullable String lastText;
    @Nullable String lastFailedText;
    volatile @Nullable Runnable onChange;

    Slot(FlagSource source) {
      this.source = source;
    }
  }

  /**
   * One flag key's use, kept across reloads: the evaluation count (this adder) and the time of
   * the last one. Extending the adder saves evaluation one pointer hop.
   */
  static final class Usage extends LongAdder {
    private static final long serialVersionUID = 1L;
    volatile long lastMillis = Long.MIN_VALUE;
    final Instant since;

    Usage(Instant since) {
      this.since = since;
    }

    /** Counts one evaluation at {@code now}; writes the shared field only when the time moved. */
    void record(long now) {
      increment();
      if (lastMillis != now) {
        lastMillis = now;
      }
    }
  }

  /**
   * A flag of one snapshot, with what the common evaluations need next to the key: the value of
   * an untargeted flag, and a literal-choice rule with its two outcomes' values. Each field read
   * here is one pointer hop fewer on the evaluation path.
   */
  static final class Entry {
    final String key;
    final int hash;
    final Kind kind;
    final boolean untargeted;
    final @Nullable Object fixedValue;
    final @Nullable LiteralChoice choice;
    final @Nullable Object thenValue;
    final @Nullable Object otherwiseValue;
    final CompiledFlag flag;
    final Usage usage;

    Entry(CompiledFlag flag, Usage usage) {
      this.key = flag.key;
      this.hash = flag.key.hashCode();
      this.kind = flag.kind;
      this.untargeted = flag.untargeted;
      this.fixedValue = flag.fixedValue;
      this.choice = flag.literalChoice;
      this.thenValue = flag.thenValue;
      this.otherwiseValue = flag.otherwiseValue;
      this.flag = flag;
      this.usage = usage;
    }
  }

  /**
   * The flags of one load, immutable. Lookup is by an open-addressing table (linear probing, at
   * most half full) that compares the interned key by identity before equality, so a caller's
   * literal key costs one hash, one array read and one comparison.
   */
  static final class Snapshot {
    private final Entry[] table;
    final LinkedHashMap<String, CompiledFlag> ordered;

    Snapshot(List<Entry> entries, LinkedHashMap<String, CompiledFlag> ordered) {
      int capacity = Integer.highestOneBit(Math.max(2, entries.size()) * 2 - 1) << 1;
      Entry[] t = new Entry[capacity];
      for (Entry e : entries) {
        int i = spread(e.hash) & (capacity - 1);
        while (t[i] != null) {
          i = (i + 1) & (capacity - 1);
        }
        t[i] = e;
      }
      this.table = t;
      this.ordered = ordered;
    }

    /** Folds the high bits in, as HashMap does, since keys often differ only at the end. */
    private static int spread(int h) {
      return h ^ (h >>> 16);
    }

    @Nullable Entry get(String key) {
      Entry[] t = table;
      int mask = t.length - 1;
      int h = key.hashCode();
      for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
        Entry e = t[i];
        if (e == null || e.key == key || (e.hash == h && e.key.equals(key))) {
          return e;
        }
      }
    }
  }
}
