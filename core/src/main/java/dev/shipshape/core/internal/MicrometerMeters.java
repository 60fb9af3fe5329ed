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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The meters behind {@code MicrometerSink}, each described by the {@link MeterCatalogue}: cached
 * per tag set, registered at 0 when the sink is bound wherever the tag values are known up front
 * ({@link MeterCatalogue#seriesKnownAtBind}), and removed again on close.
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

  private final MeterRegistry registry;
  private final ConcurrentLinkedQueue<Meter> registered = new ConcurrentLinkedQueue<>();
  private final Map<FlagKey, Counter> flagCounters = new ConcurrentHashMap<>();
  private final Set<String> unknownFlags = ConcurrentHashMap.newKeySet();
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
  /** Each guard's call timers by outcome ordinal, filled as outcomes occur. */
  private final Map<String, AtomicReferenceArray<Timer>> guardTimers = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> otherTimers = new ConcurrentHashMap<>();
  private final Map<List<String>, StateValue> gauges = new ConcurrentHashMap<>();
  private volatile boolean closed;

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
    return keep(
        Counter.builder(d.name())
            .description(d.description())
            .tags(
                tags(
                    d,
                    k.flag,
                    k.variant,
                    MeterCatalogue.label(k.reason),
                    MeterCatalogue.error(k.error)))
            .register(registry));
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
                  keep(
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
          id(MeterCatalogue.GUARD_CALLS, guard, outcome),
          k -> keep(registerTimer(guard, outcome)));
    }
    Timer timer = byOutcome.get(i);
    if (timer == null) {
      // the registry answers one timer per name and tags, so racing callers register one meter
      Timer registered = registerTimer(guard, outcome);
      timer = byOutcome.compareAndSet(i, null, keep(registered)) ? registered : byOutcome.get(i);
    }
    return timer;
  }

  private Timer registerTimer(String guard, String outcome) {
    MeterDescriptor d = MeterCatalogue.GUARD_CALLS;
    return Timer.builder(d.name())
        .description(d.description())
        .tags(tags(d, guard, outcome))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
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
      keep(
          FunctionCounter.builder(failures.name(), context, c -> c.sinkFailures(sink))
              .description(failures.description())
              .tags(tags(failures, sink))
              .register(registry));
    }
  }

  private void bindSlo(Slo slo) {
    String name = slo.name();
    // The counter the generated Prometheus rules read; it reads the SLO's cumulative totals, so
    // recording an event costs nothing extra here.
    functionCounter(MeterCatalogue.SLO_EVENTS, slo, s -> s.totalEvents().good(), name, "good");
    functionCounter(MeterCatalogue.SLO_EVENTS, slo, s -> s.totalEvents().bad(), name, "bad");
    MeterDescriptor budget = MeterCatalogue.SLO_BUDGET_REMAINING;
    keep(
        Gauge.builder(budget.name(), slo, s -> s.snapshot().budgetRemaining())
            .description(budget.description())
            .baseUnit(budget.micrometerBaseUnit())
            .tags(tags(budget, name))
            .register(registry));
    MeterDescriptor burn = MeterCatalogue.SLO_BURN_RATE;
    for (Duration window : MeterCatalogue.burnRateWindows(slo.definition())) {
      keep(
          Gauge.builder(burn.name(), slo, s -> s.burnRate(window))
              .description(burn.description())
              .tags(tags(burn, name, MeterCatalogue.window(window)))
              .register(registry));
    }
  }

  private void functionCounter(
      MeterDescriptor d, Slo slo, ToDoubleFunction<Slo> count, String... values) {
    keep(
        FunctionCounter.builder(d.name(), slo, count)
            .description(d.description())
            .tags(tags(d, values))
            .register(registry));
  }

  /** Removes every meter registered here. */
  public void close() {
    closed = true;
    Meter m;
    while ((m = registered.poll()) != null) {
      registry.remove(m);
    }
  }

  /** Registers a meter that {@link #close()} removes. */
  private <M extends Meter> M keep(M meter) {
    if (!closed) {
      registered.add(meter);
    }
    return meter;
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
          keep(
              Gauge.builder(d.name(), s, v -> v.value)
                  .description(d.description())
                  .baseUnit(d.micrometerBaseUnit())
                  .tags(tags(d, values))
                  .register(registry));
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

  /** One series of flag evaluations: the flag and variant as tag values. */
  private record FlagKey(String flag, String variant, Reason reason, @Nullable ErrorCode error) {}
}
