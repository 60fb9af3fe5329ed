package dev.shipshape.flags.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagOverrides;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.FlagUsageReport;
import dev.shipshape.flags.Reason;
import dev.shipshape.flags.SourceState;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@link dev.shipshape.flags.Flags}, as a coordinator of single-purpose
 * parts: the {@link SourceSet} reads the sources, the {@link OverrideSet} rewrites flags on top of
 * them, the {@link UsageTracker} counts evaluations, the {@link Listeners} are told what happens.
 * Every reload or override merges their outcome into one immutable {@link Snapshot}; evaluation
 * looks the key up in it and lets the {@link CompiledFlag} resolve itself.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final Clock clock;
  private final Listeners listeners;
  private final boolean evaluationListeners;
  private final Object lock = new Object();
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final UsageTracker usage;
  private final OverrideSet overrides;
  private final SourceSet sources;
  private volatile Snapshot snapshot = Snapshot.EMPTY;
  /** Written under the lock, read without it: the OpenFeature provider asks on every call. */
  private volatile boolean closed;

  /**
   * Loads every source once (each bounded by {@code loadTimeout}) and starts polling.
   *
   * @param clock the clock
   * @param scheduler the scheduler, or null to create one (closed with this engine)
   * @param sources the sources in override order, with unique names (checked by the builder)
   * @param listeners the listeners
   * @param limits the document limits
   * @param loadTimeout how long loading the sources at build and at a refresh may take
   */
  public Engine(
      Clock clock,
      @Nullable Scheduler scheduler,
      List<FlagSource> sources,
      List<FlagListener> listeners,
      FlagLimits limits,
      Duration loadTimeout) {
    this.clock = clock;
    this.listeners = new Listeners(listeners);
    this.evaluationListeners = this.listeners.wantsEvaluations();
    this.ownsScheduler = scheduler == null;
    this.scheduler = scheduler == null ? Scheduler.forClock(clock) : scheduler;
    this.usage = new UsageTracker(clock, this.scheduler);
    this.overrides = new OverrideSet(lock, this::rebuild);
    this.sources =
        new SourceSet(
            clock, this.scheduler, sources, limits, loadTimeout, this.listeners, lock,
            this::rebuild);
    this.sources.start();
  }

  // ---------------------------------------------------------------- evaluation (hot path)

  /*
   * The typed values skip building details unless a listener wants evaluations. Each calls
   * resolved() directly, so the path from the caller to the rule stays short for the JIT.
   */

  public boolean booleanValue(String key, boolean dflt, EvaluationContext ctx) {
    if (evaluationListeners) {
      return details(key, dflt, ValueType.BOOLEAN, ctx).value();
    }
    Object v = resolved(key, Kind.BOOLEAN, ctx);
    return v == null ? dflt : (Boolean) v;
  }

  public String stringValue(String key, String dflt, EvaluationContext ctx) {
    if (evaluationListeners) {
      return details(key, dflt, ValueType.STRING, ctx).value();
    }
    Object v = resolved(key, Kind.STRING, ctx);
    return v == null ? dflt : (String) v;
  }

  public int intValue(String key, int dflt, EvaluationContext ctx) {
    if (evaluationListeners) {
      return details(key, dflt, ValueType.INTEGER, ctx).value();
    }
    Object v = resolved(key, Kind.NUMBER, ctx);
    return ValueType.isInt(v) ? ValueType.asInt(v) : dflt;
  }

  public long longValue(String key, long dflt, EvaluationContext ctx) {
    if (evaluationListeners) {
      return details(key, dflt, ValueType.LONG, ctx).value();
    }
    Object v = resolved(key, Kind.NUMBER, ctx);
    return ValueType.isLong(v) ? ValueType.asLong(v) : dflt;
  }

  public double doubleValue(String key, double dflt, EvaluationContext ctx) {
    if (evaluationListeners) {
      return details(key, dflt, ValueType.DOUBLE, ctx).value();
    }
    Object v = resolved(key, Kind.NUMBER, ctx);
    return v instanceof Number ? ((Number) v).doubleValue() : dflt;
  }

  public Object objectValue(String key, Object dflt, EvaluationContext ctx) {
    return details(key, dflt, ValueType.OBJECT, ctx).value();
  }

  /**
   * Records the use of {@code key} and resolves it: the variant's value, or null when the flag
   * is unknown, of another kind, or resolves to no variant (the caller then answers its default).
   */
  private @Nullable Object resolved(String key, Kind kind, EvaluationContext ctx) {
    CompiledFlag f = snapshot.get(key);
    if (f == null) {
      usage.unknown(key);
      return null;
    }
    f.usage.record(usage.millis);
    return f.value(kind, ctx, clock);
  }

  /**
   * Evaluates with full details.
   *
   * @param key the flag key
   * @param dflt the caller's default
   * @param type the type asked for
   * @param ctx the context
   * @param <T> the value type
   * @return the details
   */
  public <T> EvaluationDetails<T> details(
      String key, T dflt, ValueType<T> type, EvaluationContext ctx) {
    CompiledFlag f = snapshot.get(key);
    EvaluationDetails<T> d;
    if (f == null) {
      usage.unknown(key);
      d = notFound(key, dflt);
    } else {
      f.usage.record(usage.millis);
      d = f.details(type, dflt, ctx, clock);
    }
    if (evaluationListeners) {
      listeners.evaluated(d);
    }
    return d;
  }

  /** A key no source defines; a null key (outside the API's contract) is answered the same way. */
  private static <T> EvaluationDetails<T> notFound(@Nullable String key, T dflt) {
    return new EvaluationDetails<>(
        key == null ? "" : key, dflt, null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND,
        key == null
            ? "flag key was null but must name a flag"
            : "flag '" + key + "' is not defined by any source",
        Map.of());
  }

  // ---------------------------------------------------------------- reloads

  /**
   * Merges every source's last good flags, applies the overrides, swaps the snapshot and tells
   * the listeners what changed. Caller holds the lock.
   */
  private void rebuild() {
    LinkedHashMap<String, CompiledFlag> effective = overrides.applyTo(sources.merged());
    Snapshot old = snapshot;
    Instant now = clock.instant();
    for (CompiledFlag f : effective.values()) {
      usage.attach(f, now);
    }
    snapshot = new Snapshot(effective);
    FlagSetChange change = diff(old.ordered, effective, now);
    if (!change.isEmpty()) {
      log.atDebug()
          .setMessage("flags changed")
          .addKeyValue("added", change.added())
          .addKeyValue("removed", change.removed())
          .addKeyValue("changed", change.changed())
          .log();
      listeners.changed(change);
    }
  }

  private static FlagSetChange diff(
      Map<String, CompiledFlag> before, Map<String, CompiledFlag> after, Instant now) {
    Set<String> added = new TreeSet<>();
    Set<String> removed = new TreeSet<>();
    Set<String> changed = new TreeSet<>();
    IdentityHashMap<JsonNode, JsonNode> sameEvaluators = new IdentityHashMap<>();
    after.forEach(
        (k, f) -> {
          CompiledFlag was = before.get(k);
          if (was == null) {
            added.add(k);
          } else if (!was.sameAs(f, sameEvaluators)) {
            changed.add(k);
          }
        });
    for (String k : before.keySet()) {
      if (!after.containsKey(k)) {
        removed.add(k);
      }
    }
    return new FlagSetChange(added, removed, changed, now);
  }

  /** Re-reads every source now, then applies what changed at once. */
  public void refreshAll() {
    sources.refreshAll();
  }

  public List<SourceState> sourceStates() {
    return sources.states();
  }

  public FlagSet flagSet() {
    return new CompiledFlagSet(snapshot.ordered, Map.of());
  }

  public FlagOverrides overrides() {
    return overrides;
  }

  public FlagUsageReport usage() {
    return usage.report(snapshot);
  }

  /**
   * Number of listener calls that threw.
   *
   * @return the count
   */
  public long listenerFailures() {
    return listeners.failures();
  }

  /**
   * Whether {@link #close()} was called; takes no lock.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    usage.close();
    sources.close();
    if (ownsScheduler) {
      scheduler.close();
    }
  }
}
