package dev.shipshape.core.internal;

import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.TelemetryContext;
import dev.shipshape.slo.BurnRateAlert;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/** The meters behind {@code MicrometerSink}: cached per tag set, removed again on close. */
public final class MicrometerMeters {

  /** Tag value standing for "no variant" or "no error". */
  public static final String NONE = "none";

  /** Tag value shared by undefined flag keys beyond the cap. */
  public static final String UNKNOWN_FLAG = "_unknown";

  private final MeterRegistry registry;
  private final int maxUnknownFlags;
  private final ConcurrentLinkedQueue<Meter> registered = new ConcurrentLinkedQueue<>();
  private final Map<FlagKey, Counter> flagCounters = new ConcurrentHashMap<>();
  private final Set<String> unknownFlags = ConcurrentHashMap.newKeySet();
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();
  private final Map<List<String>, StateValue> gauges = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Meters in {@code registry}; at most {@code maxUnknownFlags} undefined flag keys as tags. */
  public MicrometerMeters(MeterRegistry registry, int maxUnknownFlags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.maxUnknownFlags = maxUnknownFlags;
  }

  /** The registry. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Counts one flag evaluation. The common case (a counter already registered for this flag,
   * variant, reason and error) costs one map lookup and allocates only the lookup key.
   */
  public void flagEvaluated(
      String flagKey, @Nullable String variant, String reason, @Nullable String errorCode) {
    FlagKey key = new FlagKey(flagKey, variant, reason, errorCode);
    Counter counter = flagCounters.get(key);
    if (counter == null) {
      if ("FLAG_NOT_FOUND".equals(errorCode) && !admitUnknownFlag(flagKey)) {
        key = new FlagKey(UNKNOWN_FLAG, variant, reason, errorCode);
      }
      counter = flagCounters.computeIfAbsent(key, this::registerFlagCounter);
    }
    counter.increment();
  }

  private Counter registerFlagCounter(FlagKey k) {
    return keep(
        Counter.builder("shipshape.flag.evaluations")
            .description("Flag evaluations by flag, variant, reason and error")
            .tags(
                "flag",
                k.flag,
                "variant",
                k.variant == null ? NONE : k.variant,
                "reason",
                k.reason.toLowerCase(Locale.ROOT),
                "error",
                k.error == null ? NONE : k.error.toLowerCase(Locale.ROOT))
            .register(registry));
  }

  /** Whether an undefined flag key may have its own tag value (the first few may). */
  private boolean admitUnknownFlag(String flagKey) {
    if (unknownFlags.contains(flagKey)) {
      return true;
    }
    if (unknownFlags.size() >= maxUnknownFlags) {
      return false;
    }
    synchronized (unknownFlags) {
      if (unknownFlags.size() < maxUnknownFlags) {
        unknownFlags.add(flagKey);
        return true;
      }
    }
    return false;
  }

  /** Increments the counter {@code name} with the given tags (key, value, key, value...). */
  public void count(String name, String description, String... tags) {
    List<String> id = id(name, tags);
    Counter counter = counters.get(id);
    if (counter == null) {
      counter =
          counters.computeIfAbsent(
              id,
              k ->
                  keep(
                      Counter.builder(name)
                          .description(description)
                          .tags(tags)
                          .register(registry)));
    }
    counter.increment();
  }

  /** Records an alert pair's state and counts the change. */
  public void alert(
      String slo, String severity, String longWindow, String shortWindow, boolean firing) {
    gauge(
            "shipshape.slo.alert.firing",
            "1 while an SLO burn-rate alert pair fires, else 0",
            0.0,
            "slo", slo, "severity", severity, "long_window", longWindow, "short_window",
            shortWindow)
        .value = firing ? 1.0 : 0.0;
    count(
        "shipshape.slo.alert.changes",
        "SLO burn-rate alert pairs starting or stopping to fire",
        "slo", slo, "severity", severity, "long_window", longWindow, "state",
        firing ? "fired" : "resolved");
  }

  /** Sets a probe's status gauge. */
  public void probeStatus(String probe, double value) {
    probeGauge(probe).value = value;
  }

  /** Sets a check's status gauge. */
  public void checkStatus(String check, double value) {
    gauge(
            "shipshape.health.check.status",
            "1 when the health check is UP, 0 when DOWN or OUT_OF_SERVICE",
            Double.NaN,
            "check", check)
        .value = value;
  }

  /** Times one guarded call. */
  public void guardedCall(String guard, String outcome, Duration duration) {
    List<String> id = id("shipshape.guard.calls", "guard", guard, "outcome", outcome);
    Timer timer = timers.get(id);
    if (timer == null) {
      timer =
          timers.computeIfAbsent(
              id,
              k ->
                  keep(
                      Timer.builder("shipshape.guard.calls")
                          .description("Calls through a guard, by outcome")
                          .tags("guard", guard, "outcome", outcome)
                          .register(registry)));
    }
    timer.record(duration);
  }

  /** Records a rollout's share and counts the transition. */
  public void rollout(String rollout, String flag, String transition, double percent) {
    gauge(
            "shipshape.rollout.percent",
            "The share of subjects a rollout serves the new variant, in percent",
            0.0,
            "rollout", rollout, "flag", flag)
        .value = percent;
    count(
        "shipshape.rollout.transitions",
        "Rollout transitions",
        "rollout", rollout, "transition", transition);
  }

  /** Registers the polling meters for the bound application. */
  public void bind(TelemetryContext context) {
    for (Probe probe : Probe.values()) {
      probeGauge(probe.label());
    }
    for (Slo slo : context.slos().values()) {
      bindSlo(slo);
    }
    for (String sink : context.sinkNames()) {
      keep(
          FunctionCounter.builder(
                  "shipshape.telemetry.sink.failures", context, c -> c.sinkFailures(sink))
              .description("Times a telemetry sink threw; its events were skipped")
              .tags("sink", sink)
              .register(registry));
    }
  }

  private void bindSlo(Slo slo) {
    String name = slo.name();
    // The counter the generated Prometheus rules read, exactly as the slo module names it; it
    // reads the SLO's cumulative totals, so recording an event costs nothing extra here.
    keep(
        FunctionCounter.builder(SloMetrics.EVENTS_COUNTER, slo, s -> s.totalEvents().good())
            .description(SloMetrics.EVENTS_DESCRIPTION)
            .tags(SloMetrics.TAG_SLO, name, SloMetrics.TAG_OUTCOME, SloMetrics.OUTCOME_GOOD)
            .register(registry));
    keep(
        FunctionCounter.builder(SloMetrics.EVENTS_COUNTER, slo, s -> s.totalEvents().bad())
            .description(SloMetrics.EVENTS_DESCRIPTION)
            .tags(SloMetrics.TAG_SLO, name, SloMetrics.TAG_OUTCOME, SloMetrics.OUTCOME_BAD)
            .register(registry));
    keep(
        Gauge.builder("shipshape.slo.budget.remaining", slo, s -> s.snapshot().budgetRemaining())
            .description("The fraction of the SLO's error budget left over its window")
            .tags("slo", name)
            .register(registry));
    Set<Duration> windows = new TreeSet<>();
    windows.add(Slo.CURRENT_BURN_RATE_WINDOW);
    for (BurnRateAlert a : slo.definition().alerts()) {
      windows.add(a.longWindow());
      windows.add(a.shortWindow());
      gauge(
          "shipshape.slo.alert.firing",
          "1 while an SLO burn-rate alert pair fires, else 0",
          0.0,
          "slo", name, "severity", a.severity().label(),
          "long_window", Durations.label(a.longWindow()),
          "short_window", Durations.label(a.shortWindow()));
    }
    for (Duration window : windows) {
      keep(
          Gauge.builder("shipshape.slo.burn.rate", slo, s -> s.burnRate(window))
              .description("The SLO's burn rate over a window: error ratio / error budget")
              .tags("slo", name, "window", Durations.label(window))
              .register(registry));
    }
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
  public <M extends Meter> M keep(M meter) {
    if (!closed) {
      registered.add(meter);
    }
    return meter;
  }

  private StateValue probeGauge(String probe) {
    return gauge(
        "shipshape.health.status",
        "1 when the health probe is UP, 0 when DOWN or OUT_OF_SERVICE",
        Double.NaN,
        "probe", probe);
  }

  private StateValue gauge(String name, String description, double initial, String... tags) {
    List<String> id = id(name, tags);
    StateValue state = gauges.get(id);
    if (state != null) {
      return state;
    }
    return gauges.computeIfAbsent(
        id,
        k -> {
          StateValue s = new StateValue(initial);
          keep(
              Gauge.builder(name, s, v -> v.value)
                  .description(description)
                  .tags(Tags.of(tags))
                  .register(registry));
          return s;
        });
  }

  private static List<String> id(String name, String... tags) {
    String[] all = new String[tags.length + 1];
    all[0] = name;
    System.arraycopy(tags, 0, all, 1, tags.length);
    return List.of(all);
  }

  /** A gauge's current value. */
  static final class StateValue {
    volatile double value;

    StateValue(double initial) {
      this.value = initial;
    }
  }

  private record FlagKey(
      String flag, @Nullable String variant, String reason, @Nullable String error) {}
}
