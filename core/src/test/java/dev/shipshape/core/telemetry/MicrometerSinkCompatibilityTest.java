package dev.shipshape.core.telemetry;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The Micrometer sink passes the telemetry sink compatibility kit. */
class MicrometerSinkCompatibilityTest extends TelemetrySinkCompatibilityKit {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Override
  protected TelemetrySink createSink() {
    return MicrometerSink.of(registry);
  }

  @Override
  protected double counterValue(String name, String... tags) {
    return sum(meters(name, tags), Statistic.COUNT);
  }

  @Override
  protected @Nullable Double gaugeValue(String name, String... tags) {
    Collection<Meter> meters = meters(name, tags);
    if (meters.size() != 1) {
      return null;
    }
    double value = sum(meters, Statistic.VALUE);
    return Double.isNaN(value) ? null : value;
  }

  @Override
  protected long timerCount(String name, String... tags) {
    return (long) sum(meters(name, tags), Statistic.COUNT);
  }

  @Override
  protected int seriesCount(String name) {
    return registry.find(name).meters().size();
  }

  @Override
  protected Map<Double, Long> histogramBuckets(String name, String... tags) {
    Map<Double, Long> buckets = new TreeMap<>();
    long count = 0;
    for (Meter meter : meters(name, tags)) {
      Timer timer = (Timer) meter;
      for (CountAtBucket c : timer.takeSnapshot().histogramCounts()) {
        buckets.merge(c.bucket(TimeUnit.SECONDS), (long) c.count(), Long::sum);
      }
      count += timer.count();
    }
    // Micrometer keeps the finite buckets; its Prometheus registry adds +Inf as the count
    buckets.put(Double.POSITIVE_INFINITY, count);
    return buckets;
  }

  @Override
  protected List<ExportedMeter> exportedMeters() {
    Map<String, ExportedMeter> out = new LinkedHashMap<>();
    for (Meter meter : registry.getMeters()) {
      Meter.Id id = meter.getId();
      if (id.getName().endsWith(".histogram")
          && registry.find(id.getName().replace(".histogram", "")).timer() != null) {
        continue; // the simple registry's view of a timer's buckets, not a meter of its own
      }
      MeterDescriptor.Type type;
      String unit;
      switch (id.getType()) {
        case COUNTER:
          type = MeterDescriptor.Type.COUNTER;
          unit = String.valueOf(id.getBaseUnit());
          break;
        case GAUGE:
          type = MeterDescriptor.Type.GAUGE;
          unit = String.valueOf(id.getBaseUnit());
          break;
        case TIMER:
          type = MeterDescriptor.Type.HISTOGRAM;
          unit = ((Timer) meter).baseTimeUnit().name().toLowerCase(java.util.Locale.ROOT);
          break;
        default:
          throw new AssertionError("unexpected meter type " + id);
      }
      Map<String, String> tags = new LinkedHashMap<>();
      for (Tag t : id.getTags()) {
        tags.put(t.getKey(), t.getValue());
      }
      ExportedMeter e =
          out.computeIfAbsent(
              id.getName(),
              n -> new ExportedMeter(n, type, unit, String.valueOf(id.getDescription()),
                  new ArrayList<>()));
      e.series().add(tags);
    }
    return new ArrayList<>(out.values());
  }

  @Override
  protected String expectedUnit(MeterDescriptor meter) {
    return meter.type() == MeterDescriptor.Type.HISTOGRAM
        ? "seconds"
        : String.valueOf(meter.micrometerBaseUnit());
  }

  @Override
  protected boolean histogramsExistBeforeTheirFirstValue() {
    return true;
  }

  private Collection<Meter> meters(String name, String... tags) {
    return registry.find(name).tags(tags).meters();
  }

  private static double sum(Collection<Meter> meters, Statistic statistic) {
    double total = 0;
    for (Meter meter : meters) {
      for (Measurement m : meter.measure()) {
        if (m.getStatistic() == statistic) {
          total += m.getValue();
        }
      }
    }
    return total;
  }
}
