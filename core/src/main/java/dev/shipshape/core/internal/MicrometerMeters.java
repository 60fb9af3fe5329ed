package dev.shipshape.core.internal;

import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.core.telemetry.MeterDescriptor;
import dev.shipshape.core.telemetry.TelemetryContext;
import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.Reason;
import dev.shipshape.slo.Slo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The meters behind {@code MicrometerSink}, each described by the {@link MeterCatalogue}: cached
 * per tag set, registered at 0 when the sink is bound wherever the tag values are known up front
 * ({@link MeterCatalogue#seriesKnownAtBind}), and removed again on close.
 *
 * <p>Micrometer keeps one meter per name and tags, so two applications exporting to one registry
 * share their meters of the same name and tags: counters and timers count both; a function counter
 * (an SLO's events, a sink's failures) sums both applications' counts; a gauge reads the
 * application that registered it last, and the one before it again once that one closes. A meter
 * leaves the registry when the last application using it closes.
 */
public final class MicrometerMeters implements MeterCatalogue.Measurements {

  private static final Duration[] BUCKETS =
      MeterCatalogue.GUARD_CALL_BUCKETS.toArray(new Duration[0]);

  /** Each guard outcome's label, with the outcome's ordinal. */
  private static final Map<String, Integer> OUTCOMES = outcomeOrdinals();

  private static Map<String, Integer> outcomeOrdinals() {
    Map<String, Integer> m = new HashMap<>();
    for (GuardedCallCompleted.Outcome o : GuardedCallCompleted.Outcome.values()) {
      m.put(o.label(), o.ordinal());
    }
    return Map.copyOf(m);
  }

  /**
   * Every registry's meters registered here, by name and tags, with the instances using each.
   * Guarded by itself; a registry's entry goes with its last meter.
   */
  private static final Map<MeterRegistry, Map<Key, Shared>> SHARED = new WeakHashMap<>();

  private final MeterRegistry registry;

  /** The meters this instance uses. Guarded by {@link #SHARED}. */
  private final Set<Key> used = new HashSet<>();

  private final Map<FlagKey, Counter> flagCounters = new ConcurrentHashMap<>();
  private final Set<String> unknownFlags = ConcurrentHashMap.newKeySet();
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
  /** Each guard's call timers by outcome ordinal, filled as outcomes occur. */
  private final Map<String, AtomicReferenceArray<Timer>> guardTimers = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> otherTimers = new ConcurrentHashMap<>();
  private final Map<List<String>, StateValue> gauges = new ConcurrentHashMap<>();

  /** Guarded by {@link #SHARED}. */
  private boolean closed;

  /** Meters in {@code registry}. */
  public MicrometerMeters(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The registry. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Counts one flag evaluation. The common case (a counter already registered for this flag,
   * variant, reason and error) costs one map lookup and allocates only the lookup key. The flag
   * key and variant are {@linkplain MeterCatalogue#tagValue cut} first, so the cache and the cap
   * on undefined keys hold and count cut values only.
   */
  public void flagEvaluated(
      String flagKey, @Nullable String variant, Reason reason, @Nullable ErrorCode errorCode) {
    String flag = MeterCatalogue.tagValue(flagKey);
    String variantTag = MeterCatalogue.variant(variant);
    FlagKey key = new FlagKey(flag, variantTag, reason, errorCode);
    Counter counter = flagCounters.get(key);
    if (counter == null) {
      if (errorCode == ErrorCode.FLAG_NOT_FOUND && !admitUnknownFlag(flag)) {
        key = new FlagKey(MeterCatalogue.UNKNOWN_FLAG, variantTag, reason, errorCode);
      }
      counter = flagCounters.computeIfAbsent(key, this::registerFlagCounter);
    }
    counter.increment();
  }

  private Counter registerFlagCounter(FlagKey k) {
    MeterDescriptor d = MeterCatalogue.FLAG_EVALUATIONS;
    Tags tags =
        tags(d, k.flag, k.variant, MeterCatalogue.label(k.reason), MeterCatalogue.error(k.error));
    return share(
        d,
        tags,
        null,
        s -> Counter.builder(d.name()).description(d.description()).tags(tags).register(registry));
  }

  /** Whether an undefined flag key may have its own tag value (the first few may). */
  private boolean admitUnknownFlag(String flagKey) {
    if (unknownFlags.contains(flagKey)) {
      return true;
    }
    if (unknownFlags.size() >= MeterCatalogue.MAX_UNKNOWN_FLAG_TAGS) {
      return false;
    }
    synchronized (unknownFlags) {
      if (unknownFlags.size() < MeterCatalogue.MAX_UNKNOWN_FLAG_TAGS) {
        unknownFlags.add(flagKey);
        return true;
      }
    }
    return false;
  }

  @Override
  public void count(MeterDescriptor d, String... values) {
    counter(d, values).increment();
  }

  /** The counter {@code d} with the given tag values, registered at 0 when new. */
  private Counter counter(MeterDescriptor d, String... values) {
    List<String> id = id(d, values);
    Counter counter = counters.get(id);
    if (counter == null) {
      counter =
          counters.computeIfAbsent(
              id,
              k ->
                  share(
                      d,
                      tags(d, values),
                      null,
                      s ->
                          Counter.builder(d.name())
                              .description(d.description())
                              .baseUnit(d.micrometerBaseUnit())
                              .tags(tags(d, values))
                              .register(registry)));
    }
    return counter;
  }

  @Override
  public void set(MeterDescriptor d, double value, String... values) {
    gauge(d, value, values).value = value;
  }

  @Override
  public void record(MeterDescriptor d, Duration duration, String... values) {
    timer(values[0], values[1]).record(duration);
  }

  /**
   * The call timer of {@code guard} and {@code outcome}: on every guarded call, so the common case
   * is one map lookup by the guard's name and an array read, without a key to build.
   */
  private Timer timer(String guard, String outcome) {
    AtomicReferenceArray<Timer> byOutcome = guardTimers.get(guard);
    if (byOutcome == null) {
      byOutcome =
          guardTimers.computeIfAbsent(guard, g -> new AtomicReferenceArray<>(OUTCOMES.size()));
    }
    Integer i = OUTCOMES.get(outcome);
    if (i == null) {
      // not an outcome of the catalogue (none is recorded): kept apart, registered once
      return otherTimers.computeIfAbsent(
          id(MeterCatalogue.GUARD_CALLS, guard, outcome), k -> registerTimer(guard, outcome));
    }
    Timer timer = byOutcome.get(i);
    if (timer == null) {
      // the registry answers one timer per name and tags, so racing callers register one meter
      Timer registered = registerTimer(guard, outcome);
      timer = byOutcome.compareAndSet(i, null, registered) ? registered : byOutcome.get(i);
    }
    return timer;
  }

  private Timer registerTimer(String guard, String outcome) {
    MeterDescriptor d = MeterCatalogue.GUARD_CALLS;
    Tags tags = tags(d, guard, outcome);
    return share(
        d,
        tags,
        null,
        s ->
            Timer.builder(d.name())
                .description(d.description())
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
  }

  /**
   * Registers the polling meters for the bound application, and every series whose tag values
   * are known now at 0 (gauges at their "not yet" value), so that the first event is an increase.
   */
  public void bind(TelemetryContext context) {
    for (MeterCatalogue.Series series : MeterCatalogue.seriesKnownAtBind(context)) {
      MeterDescriptor d = series.meter();
      String[] values = series.values().toArray(new String[0]);
      switch (d.type()) {
        case COUNTER:
          counter(d, values);
          break;
        case GAUGE:
          gauge(d, series.initial(), values);
          break;
        case HISTOGRAM:
          timer(values[0], values[1]);
          break;
      }
    }
    for (Slo slo : context.slos().values()) {
      bindSlo(slo);
    }
    MeterDescriptor failures = MeterCatalogue.SINK_FAILURES;
    for (String sink : context.sinkNames()) {
      reading(failures, () -> context.sinkFailures(sink), sink);
    }
  }

  private void bindSlo(Slo slo) {
    String name = slo.name();
    // The counter the generated Prometheus rules read; it reads the SLO's cumulative totals, so
    // recording an event costs nothing extra here.
    reading(MeterCatalogue.SLO_EVENTS, () -> slo.totalEvents().good(), name, "good");
    reading(MeterCatalogue.SLO_EVENTS, () -> slo.totalEvents().bad(), name, "bad");
    reading(MeterCatalogue.SLO_BUDGET_REMAINING, () -> slo.snapshot().budgetRemaining(), name);
    for (Duration window : MeterCatalogue.burnRateWindows(slo.definition())) {
      reading(
          MeterCatalogue.SLO_BURN_RATE,
          () -> slo.burnRate(window),
          name,
          MeterCatalogue.window(window));
    }
  }

  /**
   * The function counter or gauge {@code d} reading {@code source}, through the one meter every
   * application in the registry shares: a counter reads the sum, a gauge the latest application.
   */
  private void reading(MeterDescriptor d, DoubleSupplier source, String... values) {
    Tags tags = tags(d, values);
    share(
        d,
        tags,
        source,
        s ->
            d.type() == MeterDescriptor.Type.COUNTER
                ? FunctionCounter.builder(d.name(), s, Shared::sum)
                    .description(d.description())
                    .tags(tags)
                    .register(registry)
                : Gauge.builder(d.name(), s, Shared::latest)
                    .description(d.description())
                    .baseUnit(d.micrometerBaseUnit())
                    .tags(tags)
                    .register(registry));
  }

  /**
   * The meter {@code d} with {@code tags}: the one another instance registered in this registry
   * (now used by this one too, which reads {@code source} through it), or the one {@code register}
   * registers. After {@link #close()} a new meter is left out of the registry.
   */
  @SuppressWarnings("unchecked")
  private <M extends Meter> M share(
      MeterDescriptor d, Tags tags, @Nullable DoubleSupplier source, Function<Shared, M> register) {
    Key key = new Key(d.name(), tags);
    synchronized (SHARED) {
      Map<Key, Shared> meters = SHARED.computeIfAbsent(registry, r -> new HashMap<>());
      Shared shared = meters.get(key);
      if (shared == null || !registered(shared.meter)) {
        shared = new Shared();
        shared.meter = register.apply(shared);
        meters.put(key, shared);
      }
      if (!closed) {
        shared.use(this, source);
        used.add(key);
      } else if (shared.users.isEmpty()) {
        leave(meters, key, shared);
      }
      return (M) shared.meter;
    }
  }

  /** Whether the registry still holds this very meter (a test may have cleared it). */
  private boolean registered(@Nullable Meter meter) {
    for (Meter m : registry.getMeters()) {
      if (m == meter) {
        return true;
      }
    }
    return false;
  }

  /** Removes the meter of {@code key}, which no instance uses any more. */
  private void leave(Map<Key, Shared> meters, Key key, Shared shared) {
    meters.remove(key);
    if (shared.meter != null) {
      registry.remove(shared.meter);
    }
    if (meters.isEmpty()) {
      SHARED.remove(registry);
    }
  }

  /**
   * Stops using every meter used here; removes those no other instance in the registry uses, and
   * leaves the others reading the remaining instances.
   */
  public void close() {
    synchronized (SHARED) {
      closed = true;
      Map<Key, Shared> meters = SHARED.getOrDefault(registry, Map.of());
      for (Key key : used) {
        Shared shared = meters.get(key);
        if (shared != null && shared.stopUsing(this) && shared.users.isEmpty()) {
          leave(meters, key, shared);
        }
      }
      used.clear();
    }
  }

  private StateValue gauge(MeterDescriptor d, double initial, String... values) {
    List<String> id = id(d, values);
    StateValue state = gauges.get(id);
    if (state != null) {
      return state;
    }
    return gauges.computeIfAbsent(
        id,
        k -> {
          StateValue s = new StateValue(initial);
          reading(d, () -> s.value, values);
          return s;
        });
  }

  /**
   * The catalogue's tag keys of {@code d} paired with {@code values}, in order, each value
   * {@linkplain MeterCatalogue#tagValue cut} to the catalogue's bound.
   */
  private static Tags tags(MeterDescriptor d, String... values) {
    List<String> keys = d.tagKeys();
    if (keys.size() != values.length) {
      throw new IllegalArgumentException(
          d.name() + " has tags " + keys + " but " + values.length + " values were given");
    }
    Tags tags = Tags.empty();
    for (int i = 0; i < values.length; i++) {
      tags = tags.and(keys.get(i), MeterCatalogue.tagValue(values[i]));
    }
    return tags;
  }

  private static List<String> id(MeterDescriptor d, String... values) {
    String[] all = new String[values.length + 1];
    all[0] = d.name();
    System.arraycopy(values, 0, all, 1, values.length);
    return List.of(all);
  }

  /** A gauge's current value. */
  static final class StateValue {
    volatile double value;

    StateValue(double initial) {
      this.value = initial;
    }
  }

  /** A meter's name and tags as registered here. */
  private record Key(String name, Tags tags) {}

  /**
   * One meter of a registry and the instances using it, in the order they began to, with what each
   * gives a gauge or function counter to read.
   */
  static final class Shared {
    /** Guarded by {@link #SHARED}. */
    final Map<MicrometerMeters, Optional<DoubleSupplier>> users = new LinkedHashMap<>();

    /** What the users give to read, in order; replaced under {@link #SHARED}. */
    private volatile DoubleSupplier[] sources = new DoubleSupplier[0];

    @Nullable Meter meter;

    void use(MicrometerMeters user, @Nullable DoubleSupplier source) {
      users.putIfAbsent(user, Optional.ofNullable(source));
      sources = sources();
    }

    /** Whether {@code user} used the meter. */
    boolean stopUsing(MicrometerMeters user) {
      boolean was = users.remove(user) != null;
      sources = sources();
      return was;
    }

    private DoubleSupplier[] sources() {
      return users.values().stream().flatMap(Optional::stream).toArray(DoubleSupplier[]::new);
    }

    /** The latest user's value, or NaN when none gives one. */
    double latest() {
      DoubleSupplier[] s = sources;
      return s.length == 0 ? Double.NaN : s[s.length - 1].getAsDouble();
    }

    /** The sum of the users' values. */
    double sum() {
      double total = 0;
      for (DoubleSupplier s : sources) {
        total += s.getAsDouble();
      }
      return total;
    }
  }

  /** One series of flag evaluations: the flag and variant as tag values. */
  private record FlagKey(String flag, String variant, Reason reason, @Nullable ErrorCode error) {}
}
