package dev.shipshape.otelbridge.internal;

import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.core.telemetry.MeterDescriptor;
import dev.shipshape.core.telemetry.TelemetryContext;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.Reason;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.WindowEvents;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The metrics signal: exactly the meters of the {@link MeterCatalogue}, as OpenTelemetry
 * instruments with the catalogue's names, units, descriptions and attribute keys. Series whose
 * attribute values are known when the sink is bound are reported from then on (counters at 0,
 * health at "not reported yet"); the guarded-call histogram cannot be, as the API has no way to
 * create a histogram point without a measurement.
 */
final class OtelMetrics {

  private static final List<Double> BUCKETS = seconds(MeterCatalogue.GUARD_CALL_BUCKETS);

  private final Meter meter;
  private final boolean flagMetrics;
  private final List<AutoCloseable> observers = new CopyOnWriteArrayList<>();
  private final Map<MeterDescriptor, LongCounter> counters = new ConcurrentHashMap<>();
  private final Map<MeterDescriptor, GaugeValues> gauges = new ConcurrentHashMap<>();
  private final DoubleHistogram guardCalls;
  private final Map<FlagKey, Attributes> flagAttributes = new ConcurrentHashMap<>();
  private final Map<List<String>, Attributes> callAttributes = new ConcurrentHashMap<>();
  private final Set<String> unknownFlags = ConcurrentHashMap.newKeySet();
  private final MeterCatalogue.Measurements measurements =
      new MeterCatalogue.Measurements() {
        @Override
        public void count(MeterDescriptor counter, String... values) {
          add(counter, 1, values);
        }

        @Override
        public void set(MeterDescriptor gauge, double value, String... values) {
          gauge(gauge).set(attributes(gauge, values), value);
        }

        @Override
        public void record(MeterDescriptor histogram, Duration duration, String... values) {
          guardCalls.record(seconds(duration), callAttributes(values[0], values[1]));
        }
      };

  OtelMetrics(Meter meter, boolean flagMetrics) {
    this.meter = meter;
    this.flagMetrics = flagMetrics;
    for (MeterDescriptor d :
        List.of(
            MeterCatalogue.FLAG_EVALUATIONS,
            MeterCatalogue.FLAG_SET_CHANGES,
            MeterCatalogue.FLAG_SOURCE_FAILURES,
            MeterCatalogue.SLO_ALERT_CHANGES,
            MeterCatalogue.SLO_BUDGET_EXHAUSTIONS,
            MeterCatalogue.GUARD_CIRCUIT_TRANSITIONS,
            MeterCatalogue.ROLLOUT_TRANSITIONS)) {
      counters.put(
          d,
          meter.counterBuilder(d.name()).setDescription(d.description()).setUnit(d.unit()).build());
    }
    for (MeterDescriptor d :
        List.of(
            MeterCatalogue.SLO_ALERT_FIRING,
            MeterCatalogue.HEALTH_STATUS,
            MeterCatalogue.HEALTH_CHECK_STATUS,
            MeterCatalogue.ROLLOUT_PERCENT)) {
      GaugeValues values = new GaugeValues();
      observers.add(
          meter
              .gaugeBuilder(d.name())
              .setDescription(d.description())
              .setUnit(d.unit())
              .buildWithCallback(values::observe));
      gauges.put(d, values);
    }
    MeterDescriptor calls = MeterCatalogue.GUARD_CALLS;
    this.guardCalls =
        meter
            .histogramBuilder(calls.name())
            .setDescription(calls.description())
            .setUnit(calls.unit())
            .setExplicitBucketBoundariesAdvice(BUCKETS)
            .build();
  }

  /** Whether flag evaluations are counted. */
  boolean countsFlagEvaluations() {
    return flagMetrics;
  }

  /** Registers the meters that poll the application and the series known now. */
  void bind(TelemetryContext context) {
    for (MeterCatalogue.Series series : MeterCatalogue.seriesKnownAtBind(context)) {
      MeterDescriptor d = series.meter();
      String[] values = series.values().toArray(new String[0]);
      switch (d.type()) {
        case COUNTER:
          add(d, 0, values);
          break;
        case GAUGE:
          gauge(d).setIfAbsent(attributes(d, values), series.initial());
          break;
        case HISTOGRAM:
          break; // the API cannot create a histogram point without a measurement
      }
    }
    bindSlos(List.copyOf(context.slos().values()));
    MeterDescriptor failures = MeterCatalogue.SINK_FAILURES;
    List<String> sinks = List.copyOf(context.sinkNames());
    observers.add(
        meter
            .counterBuilder(failures.name())
            .setDescription(failures.description())
            .setUnit(failures.unit())
            .buildWithCallback(
                measurement -> {
                  for (String sink : sinks) {
                    measurement.record(context.sinkFailures(sink), attributes(failures, sink));
                  }
                }));
  }

  private void bindSlos(List<Slo> slos) {
    if (slos.isEmpty()) {
      return;
    }
    List<SloWindow> windows = new ArrayList<>();
    List<Attributes> sloAttributes = new ArrayList<>();
    List<Attributes> goodAttributes = new ArrayList<>();
    List<Attributes> badAttributes = new ArrayList<>();
    for (Slo slo : slos) {
      String name = slo.name();
      sloAttributes.add(attributes(MeterCatalogue.SLO_BUDGET_REMAINING, name));
      goodAttributes.add(attributes(MeterCatalogue.SLO_EVENTS, name, "good"));
      badAttributes.add(attributes(MeterCatalogue.SLO_EVENTS, name, "bad"));
      for (Duration w : MeterCatalogue.burnRateWindows(slo.definition())) {
        windows.add(
            new SloWindow(
                slo, w, attributes(MeterCatalogue.SLO_BURN_RATE, name, MeterCatalogue.window(w))));
      }
    }
    MeterDescriptor events = MeterCatalogue.SLO_EVENTS;
    observers.add(
        meter
            .counterBuilder(events.name())
            .setDescription(events.description())
            .setUnit(events.unit())
            .buildWithCallback(
                measurement -> {
                  for (int i = 0; i < slos.size(); i++) {
                    WindowEvents totals = slos.get(i).totalEvents();
                    measurement.record(totals.good(), goodAttributes.get(i));
                    measurement.record(totals.bad(), badAttributes.get(i));
                  }
                }));
    MeterDescriptor budget = MeterCatalogue.SLO_BUDGET_REMAINING;
    observers.add(
        meter
            .gaugeBuilder(budget.name())
            .setDescription(budget.description())
            .setUnit(budget.unit())
            .buildWithCallback(
                measurement -> {
                  for (int i = 0; i < slos.size(); i++) {
                    measurement.record(
                        slos.get(i).snapshot().budgetRemaining(), sloAttributes.get(i));
                  }
                }));
    MeterDescriptor burn = MeterCatalogue.SLO_BURN_RATE;
    observers.add(
        meter
            .gaugeBuilder(burn.name())
            .setDescription(burn.description())
            .setUnit(burn.unit())
            .buildWithCallback(
                measurement -> {
                  for (SloWindow w : windows) {
                    measurement.record(w.slo.burnRate(w.window), w.attributes);
                  }
                }));
  }

  /** Records the metrics of one event. */
  void accept(TelemetryEvent event) {
    if (event.kind() == TelemetryEvent.Kind.FLAG_EVALUATED) {
      if (flagMetrics) {
        counter(MeterCatalogue.FLAG_EVALUATIONS).add(1, flagAttributes((FlagEvaluated) event));
      }
    } else {
      MeterCatalogue.measure(event, measurements);
    }
  }

  /**
   * Stops every observable instrument. Every one is closed even when one throws; the first
   * failure is rethrown afterwards.
   */
  void close() {
    RuntimeException first = null;
    for (AutoCloseable c : observers) {
      try {
        c.close();
      } catch (Exception failure) {
        if (first == null) {
          first = new IllegalStateException("closing an OpenTelemetry instrument failed", failure);
        }
      }
    }
    observers.clear();
    if (first != null) {
      throw first;
    }
  }

  private void add(MeterDescriptor d, long amount, String... values) {
    counter(d).add(amount, attributes(d, values));
  }

  private LongCounter counter(MeterDescriptor d) {
    LongCounter c = counters.get(d);
    if (c == null) {
      throw new IllegalStateException(d.name() + " is not a counter of this bridge");
    }
    return c;
  }

  private GaugeValues gauge(MeterDescriptor d) {
    GaugeValues g = gauges.get(d);
    if (g == null) {
      throw new IllegalStateException(d.name() + " is not a gauge of this bridge");
    }
    return g;
  }

  private Attributes callAttributes(String guard, String outcome) {
    List<String> key = List.of(guard, outcome);
    Attributes a = callAttributes.get(key);
    if (a == null) {
      a =
          callAttributes.computeIfAbsent(
              key, k -> attributes(MeterCatalogue.GUARD_CALLS, guard, outcome));
    }
    return a;
  }

  /**
   * The attributes of one evaluation's series. The flag key and variant are {@linkplain
   * MeterCatalogue#tagValue cut} first, so the cache and the cap on undefined keys hold and count
   * cut values only.
   */
  private Attributes flagAttributes(FlagEvaluated e) {
    String flag = MeterCatalogue.tagValue(e.flagKey());
    ErrorCode errorCode = e.errorCode();
    if (errorCode == ErrorCode.FLAG_NOT_FOUND) {
      flag = unknownFlagTag(flag);
    }
    FlagKey key =
        new FlagKey(flag, MeterCatalogue.variant(e.variant()), e.reason(), errorCode);
    Attributes a = flagAttributes.get(key);
    if (a == null) {
      a =
          flagAttributes.computeIfAbsent(
              key,
              k ->
                  attributes(
                      MeterCatalogue.FLAG_EVALUATIONS,
                      k.flag,
                      k.variant,
                      MeterCatalogue.label(k.reason),
                      MeterCatalogue.error(k.error)));
    }
    return a;
  }

  private String unknownFlagTag(String flagKey) {
    if (unknownFlags.contains(flagKey)) {
      return flagKey;
    }
    if (unknownFlags.size() >= MeterCatalogue.MAX_UNKNOWN_FLAG_TAGS) {
      return MeterCatalogue.UNKNOWN_FLAG;
    }
    synchronized (unknownFlags) {
      if (unknownFlags.size() < MeterCatalogue.MAX_UNKNOWN_FLAG_TAGS) {
        unknownFlags.add(flagKey);
        return flagKey;
      }
    }
    return MeterCatalogue.UNKNOWN_FLAG;
  }

  /**
   * The catalogue's attribute keys of {@code d} paired with {@code values}, in order, each value
   * {@linkplain MeterCatalogue#tagValue cut} to the catalogue's bound.
   */
  static Attributes attributes(MeterDescriptor d, String... values) {
    List<String> keys = d.tagKeys();
    if (keys.size() != values.length) {
      throw new IllegalArgumentException(
          d.name() + " has attributes " + keys + " but " + values.length + " values were given");
    }
    AttributesBuilder b = Attributes.builder();
    for (int i = 0; i < values.length; i++) {
      b.put(AttributeKey.stringKey(keys.get(i)), MeterCatalogue.tagValue(values[i]));
    }
    return b.build();
  }

  static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  private static List<Double> seconds(List<Duration> durations) {
    List<Double> out = new ArrayList<>(durations.size());
    for (Duration d : durations) {
      out.add(seconds(d));
    }
    return List.copyOf(out);
  }

  /** The last value per attribute set of one observable gauge. */
  static final class GaugeValues {
    private final Map<Attributes, Double> values = new ConcurrentHashMap<>();

    void set(Attributes attributes, double value) {
      values.put(attributes, value);
    }

    void setIfAbsent(Attributes attributes, double value) {
      values.putIfAbsent(attributes, value);
    }

    void observe(ObservableDoubleMeasurement measurement) {
      values.forEach((a, v) -> measurement.record(v, a));
    }
  }

  private record SloWindow(Slo slo, Duration window, Attributes attributes) {}

  /** One series of flag evaluations: the flag and variant as attribute values. */
  private record FlagKey(String flag, String variant, Reason reason, @Nullable ErrorCode error) {}
}
