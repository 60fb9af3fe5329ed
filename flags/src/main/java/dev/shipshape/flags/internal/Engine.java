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
import dev.shipshape.flags.internal.source.HttpFlagSource;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
  /** Runs polls' blocking reads; null when they run on the (manual) scheduler's thread. */
  private final @Nullable ExecutorService readers;
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
    int polling = 0;
    for (Slot slot : slots) {
      warnIfPlainHttp(slot.source);
      slot.every = pollInterval(slot.source);
      polling += slot.every.compareTo(Duration.ZERO) > 0 ? 1 : 0;
    }
    // Reads block; with a system scheduler they run on reader threads, at most one per source.
    this.readers =
        polling == 0 || this.scheduler.clock() instanceof ManualClock ? null : readers(polling);
    List<Fetched> first = new ArrayList<>();
    for (Slot slot : slots) {
      first.add(fetch(slot));
    }
    synchronized (lock) {
      for (int i = 0; i < slots.size(); i++) {
        apply(slots.get(i), first.get(i));
      }
      rebuild();
    }
    for (Slot slot : slots) {
      Runnable onChange = () -> refresh(slot);
      if (callSource(
          slot.source,
          "failed to register a change callback; it is polled only",
          () -> slot.source.onChange(onChange))) {
        slot.onChange = onChange;
      }
      Duration every = slot.every;
      if (every.compareTo(Duration.ZERO) > 0) {
        tasks.add(
            this.scheduler.scheduleEvery(
                "shipshape-flags-poll:" + slot.source.name(), every, every, () -> poll(slot)));
      }
    }
  }

  /** A call into a source's own code. */
  @FunctionalInterface
  private interface SourceCall {
    void run() throws Exception;
  }

  /**
   * Runs a call into a source's own code; anything but a virtual machine error it throws is
   * logged as a WARN with {@code whenFailed}.
   *
   * @return whether the call returned normally
   */
  private static boolean callSource(FlagSource source, String whenFailed, SourceCall call) {
    try {
      call.run();
      return true;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      log.atWarn()
          .setMessage("flag source '{}' " + whenFailed + ": {}")
          .addArgument(source.name())
          .addArgument(String.valueOf(e))
          .addKeyValue("source", source.name())
          .setCause(e)
          .log();
      return false;
    }
  }

  /** The source's poll interval; zero, with the source failed, when asking for it fails. */
  private Duration pollInterval(FlagSource source) {
    try {
      Duration every = source.pollInterval();
      if (every != null && !every.isNegative()) {
        return every;
      }
      log.atWarn()
          .setMessage("flag source '{}' has no valid poll interval ({}); it is read once")
          .addArgument(source.name())
          .addArgument(every)
          .addKeyValue("source", source.name())
          .addKeyValue("pollInterval", every)
          .log();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      log.atWarn()
          .setMessage("flag source '{}' failed to give its poll interval; it is read once: {}")
          .addArgument(source.name())
          .addArgument(String.valueOf(e))
          .addKeyValue("source", source.name())
          .setCause(e)
          .log();
    }
    return Duration.ZERO;
  }

  /** Warns once per client that flag definitions travel over plain HTTP. */
  private static void warnIfPlainHttp(FlagSource source) {
    if (source instanceof HttpFlagSource && ((HttpFlagSource) source).unacknowledgedPlainHttp()) {
      log.atWarn()
          .setMessage(
              "flag source '{}' uses plain http: anyone on the network path can change the flag"
                  + " definitions it serves; use https, or acknowledge it for a loopback"
                  + " sidecar or a test with FlagSource.httpBuilder(uri).acknowledgePlainHttp()")
          .addArgument(source.name())
          .addKeyValue("source", source.name())
          .log();
    }
  }

  private static ExecutorService readers(int sources) {
    AtomicInteger next = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            sources,
            sources,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "shipshape-flags-read-" + next.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
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

  private void unknown(@Nullable String key) {
    if (key != null && unknownKeys.size() < MAX_UNKNOWN_KEYS && !unknownKeys.contains(key)) {
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
      // a null key (outside the API's contract) is answered as an unknown flag, never thrown
      return new EvaluationDetails<>(
          key == null ? "" : key, dflt, null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND,
          key == null
              ? "flag key was null but must name a flag"
              : "flag '" + key + "' is not defined by any source",
          Map.of());
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

  /**
   * A poll that is due: with a manual scheduler it reads at once, on the thread that advances the
   * clock (deterministic tests); otherwise the read runs on a reader thread, so the scheduler's
   * thread, which fires every other timer, never waits on a source. One read per source at a
   * time: a poll that finds the previous read still running reports the source stale instead.
   */
  private void poll(Slot slot) {
    ExecutorService pool = readers;
    if (closed) {
      return;
    }
    if (pool == null) {
      refresh(slot);
      return;
    }
    if (!slot.polling.compareAndSet(false, true)) {
      stillReading(slot);
      return;
    }
    slot.readSince = clock.instant();
    try {
      pool.execute(
          () -> {
            try {
              refresh(slot);
            } finally {
              slot.polling.set(false);
            }
          });
    } catch (RejectedExecutionException closing) {
      slot.polling.set(false);
    }
  }

  /** A poll came due while the previous read of the source had not returned. */
  private void stillReading(Slot slot) {
    synchronized (lock) {
      if (slot.hangReported || closed) {
        return;
      }
      slot.hangReported = true;
      fail(
          slot,
          "read of " + slot.source.name() + " has not returned since " + slot.readSince,
          null,
          false,
          false);
    }
  }

  /** Reads one source (outside the lock: overrides and other sources never wait on it). */
  private void refresh(Slot slot) {
    if (closed) {
      return;
    }
    Fetched f = fetch(slot);
    if (closed) {
      return;
    }
    synchronized (lock) {
      if (apply(slot, f)) {
        rebuild();
      }
    }
  }

  /** Re-reads every source now, on the calling thread, then applies what changed at once. */
  public void refreshAll() {
    List<Fetched> fetched = new ArrayList<>(slots.size());
    for (Slot s : slots) {
      fetched.add(fetch(s));
    }
    synchronized (lock) {
      boolean changed = false;
      for (int i = 0; i < slots.size(); i++) {
        changed |= apply(slots.get(i), fetched.get(i));
      }
      if (changed) {
        rebuild();
      }
    }
  }

  /** What one read of a source gave: its text (null for unchanged), or what it threw. */
  private record Fetched(long ticket, @Nullable String text, @Nullable Throwable failure) {}

  /**
   * Reads a source. Anything it throws is that source failing: errors, checked exceptions thrown
   * sneakily and virtual machine errors (such as running out of memory on a huge document)
   * included, so no source can end polling or reach a caller.
   */
  private Fetched fetch(Slot slot) {
    long ticket = slot.tickets.incrementAndGet();
    try {
      String text =
          slot.source instanceof BoundedSource
              ? ((BoundedSource) slot.source).read(limits.maxDocumentBytes())
              : slot.source.read();
      return new Fetched(ticket, text, null);
    } catch (Throwable e) {
      return new Fetched(ticket, null, e);
    }
  }

  /**
   * Applies one read; returns whether the source's flag set was replaced. The result of a read
   * that started before one already applied is dropped. Caller holds the lock.
   */
  private boolean apply(Slot slot, Fetched f) {
    if (f.ticket() < slot.appliedTicket) {
      return false;
    }
    slot.appliedTicket = f.ticket();
    slot.hangReported = false;
    Throwable failure = f.failure();
    if (failure instanceof BoundedSource.TooLargeException) {
      // refused before the whole document was held in memory
      FlagDefinitionException tooLarge =
          new FlagDefinitionException(
              slot.source.name(), List.of(FlagSetParser.sizeProblem(limits)));
      tooLarge.initCause(failure);
      fail(slot, tooLarge.getMessage(), tooLarge, true, false);
      return false;
    }
    if (failure != null) {
      fail(
          slot,
          "cannot read " + slot.source.name() + ": " + failure,
          failure,
          false,
          failure instanceof VirtualMachineError);
      return false;
    }
    String text = f.text();
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
      // the same rejected content again: parsed and reported already, unless the source was good
      // in between, when it is stale again with the same error
      String again = slot.lastFailedError;
      if (slot.status == SourceStatus.FRESH && again != null) {
        fail(slot, again, slot.lastFailedCause, true, false);
      }
      return false;
    }
    FlagSet parsed;
    try {
      parsed = FlagSetParser.parse(text, slot.source.name(), limits);
    } catch (FlagDefinitionException e) {
      refused(slot, text, e.getMessage(), e);
      return false;
    } catch (VirtualMachineError e) {
      // not remembered as refused content: the next poll tries again
      fail(slot, "cannot load " + slot.source.name() + ": " + e, e, true, true);
      return false;
    } catch (RuntimeException | Error e) {
      refused(slot, text, "cannot load " + slot.source.name() + ": " + e, e);
      return false;
    }
    slot.flags = (CompiledFlagSet) parsed;
    slot.lastText = text;
    slot.lastFailedText = null;
    slot.lastFailedError = null;
    slot.lastFailedCause = null;
    markFresh(slot);
    slot.lastLoaded = clock.instant();
    return true;
  }

  /** Remembers refused content, so the same text is neither parsed nor reported again. */
  private void refused(Slot slot, String text, String message, Throwable cause) {
    slot.lastFailedText = text;
    slot.lastFailedError = message;
    slot.lastFailedCause = cause;
    fail(slot, message, cause, true, false);
  }

  private void markFresh(Slot slot) {
    if (slot.status == SourceStatus.STALE || slot.staleSince != null) {
      log.atInfo()
          .setMessage("flag source '{}' recovered")
          .addArgument(slot.source.name())
          .addKeyValue("source", slot.source.name())
          .log();
    }
    slot.status = SourceStatus.FRESH;
    slot.staleSince = null;
    slot.lastError = null;
    slot.contentFailure = false;
  }

  /**
   * Records a failure: the source's state, one log line per distinct message (at ERROR for a
   * virtual machine error), and the listeners.
   */
  private void fail(
      Slot slot, String message, @Nullable Throwable cause, boolean content, boolean severe) {
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
      (severe ? log.atError() : log.atWarn())
          .setMessage(
              slot.lastLoaded == null
                  ? "flag source '{}' failed; it contributes no flags until a read succeeds: {}"
                  : "flag source '{}' failed; serving its last good flags: {}")
          .addArgument(slot.source.name())
          .addArgument(message)
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
    // An override that no longer applies (its flag, split, variant or type is gone) is dropped
    // for good: keys() stops listing it, and a later reload that restores what it needed does
    // not bring a stale override back.
    for (Iterator<Map.Entry<String, Override>> it = overrides.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Override> o = it.next();
      CompiledFlag f = base.get(o.getKey());
      try {
        if (f == null) {
          throw new IllegalArgumentException("no source defines flag '" + o.getKey() + "' any more");
        }
        effective.put(o.getKey(), o.getValue().apply(f));
      } catch (RuntimeException e) {
        it.remove();
        log.atWarn()
            .setMessage(
                "override of flag '{}' no longer applies and is dropped; serving the source"
                    + " definition: {}")
            .addArgument(o.getKey())
            .addArgument(e.getMessage())
            .addKeyValue("flag", o.getKey())
            .addKeyValue("error", e.getMessage())
            .log();
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
    IdentityHashMap<JsonNode, JsonNode> sameEvaluators = new IdentityHashMap<>();
    for (String k : effective.keySet()) {
      Entry before = old.get(k);
      if (before == null) {
        added.add(k);
      } else if (!before.flag.sameAs(effective.get(k), sameEvaluators)) {
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
    if (readers != null) {
      // a read in progress is interrupted, not waited for; its result is dropped
      readers.shutdownNow();
    }
    for (Slot slot : slots) {
      Runnable callback = slot.onChange;
      if (callback != null) {
        // a long-lived source must not keep this closed engine (and its snapshot) reachable
        callSource(
            slot.source,
            "failed to remove a change callback",
            () -> slot.source.removeOnChange(callback));
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

  /** A copy of the definition without its targeting (never copying the inlined rule). */
  private static ObjectNode withoutTargeting(CompiledFlag base) {
    ObjectNode def = JsonNodeFactory.instance.objectNode();
    base.definition
        .properties()
        .forEach(
            e -> {
              if (!e.getKey().equals("targeting")) {
                def.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    return def;
  }

  private static ObjectNode staticDefinition(CompiledFlag base, String variant) {
    ObjectNode def = withoutTargeting(base);
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
            ObjectNode def = withoutTargeting(b);
            if (name == null) {
              name = "override";
              while (b.indexOf(name) != null) {
                name = name + "_";
              }
              ((ObjectNode) def.get("variants")).set(name, json);
            }
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
    /** Why {@link #lastFailedText} was refused. */
    @Nullable String lastFailedError;
    @Nullable Throwable lastFailedCause;
    volatile @Nullable Runnable onChange;
    Duration every = Duration.ZERO;
    /** Numbers reads in the order they start; a read older than the last applied is dropped. */
    final AtomicLong tickets = new AtomicLong();
    long appliedTicket;
    /** Whether a poll's read is running; polls never queue behind it. */
    final AtomicBoolean polling = new AtomicBoolean();
    volatile @Nullable Instant readSince;
    boolean hangReported;

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

    @Nullable Entry get(@Nullable String key) {
      if (key == null) {
        return null;
      }
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
