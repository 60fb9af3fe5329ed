package dev.shipshape.core.telemetry;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
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
