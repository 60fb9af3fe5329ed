package dev.shipshape.otelbridge;

import dev.shipshape.core.telemetry.MeterDescriptor;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.core.telemetry.TelemetrySinkCompatibilityKit;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/** The OpenTelemetry sink passes the telemetry sink compatibility kit, read back from the SDK. */
class OtelSinkCompatibilityTest extends TelemetrySinkCompatibilityKit {

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
          .build();

  @AfterEach
  void closeSdk() {
    sdk.close();
  }

  @Override
  protected TelemetrySink createSink() {
    return OtelTelemetry.of(sdk);
  }

  @Override
  protected double counterValue(String name, String... tags) {
    double total = 0;
    for (PointData p : points(name, tags)) {
      if (p instanceof io.opentelemetry.sdk.metrics.data.LongPointData) {
        total += ((io.opentelemetry.sdk.metrics.data.LongPointData) p).getValue();
      } else if (p instanceof io.opentelemetry.sdk.metrics.data.DoublePointData) {
        total += ((io.opentelemetry.sdk.metrics.data.DoublePointData) p).getValue();
      }
    }
    return total;
  }

  @Override
  protected @Nullable Double gaugeValue(String name, String... tags) {
    List<PointData> points = points(name, tags);
    if (points.size() != 1) {
      return null;
    }
    return ((io.opentelemetry.sdk.metrics.data.DoublePointData) points.get(0)).getValue();
  }

  @Override
  protected long timerCount(String name, String... tags) {
    long count = 0;
    for (PointData p : points(name, tags)) {
      count += ((io.opentelemetry.sdk.metrics.data.HistogramPointData) p).getCount();
    }
    return count;
  }

  @Override
  protected int seriesCount(String name) {
    Set<Attributes> series = new HashSet<>();
    for (PointData p : points(name)) {
      series.add(p.getAttributes());
    }
    return series.size();
  }

  @Override
  protected Map<Double, Long> histogramBuckets(String name, String... tags) {
    Map<Double, Long> buckets = new TreeMap<>();
    for (PointData p : points(name, tags)) {
      HistogramPointData h = (HistogramPointData) p;
      List<Double> bounds = new ArrayList<>(h.getBoundaries());
      bounds.add(Double.POSITIVE_INFINITY);
      long cumulative = 0;
      for (int i = 0; i < bounds.size(); i++) {
        cumulative += h.getCounts().get(i);
        buckets.merge(bounds.get(i), cumulative, Long::sum);
      }
    }
    return buckets;
  }

  @Override
  protected List<ExportedMeter> exportedMeters() {
    List<ExportedMeter> out = new ArrayList<>();
    for (MetricData metric : reader.collectAllMetrics()) {
      MeterDescriptor.Type type;
      switch (metric.getType()) {
        case LONG_SUM:
        case DOUBLE_SUM:
          type = MeterDescriptor.Type.COUNTER;
          break;
        case LONG_GAUGE:
        case DOUBLE_GAUGE:
          type = MeterDescriptor.Type.GAUGE;
          break;
        case HISTOGRAM:
          type = MeterDescriptor.Type.HISTOGRAM;
          break;
        default:
          throw new AssertionError("unexpected metric type " + metric);
      }
      List<Map<String, String>> series = new ArrayList<>();
      for (PointData p : metric.getData().getPoints()) {
        Map<String, String> tags = new LinkedHashMap<>();
        p.getAttributes().forEach((k, v) -> tags.put(k.getKey(), String.valueOf(v)));
        series.add(tags);
      }
      out.add(
          new ExportedMeter(
              metric.getName(), type, metric.getUnit(), metric.getDescription(), series));
    }
    return out;
  }

  @Override
  protected String expectedUnit(MeterDescriptor meter) {
    return meter.unit();
  }

  @Override
  protected boolean histogramsExistBeforeTheirFirstValue() {
    return false;
  }

  private List<PointData> points(String name, String... tags) {
    List<PointData> matching = new ArrayList<>();
    for (MetricData metric : reader.collectAllMetrics()) {
      if (!metric.getName().equals(name)) {
        continue;
      }
      for (PointData p : metric.getData().getPoints()) {
        if (matches(p.getAttributes(), tags)) {
          matching.add(p);
        }
      }
    }
    return matching;
  }

  private static boolean matches(Attributes attributes, String... tags) {
    for (int i = 0; i + 1 < tags.length; i += 2) {
      if (!tags[i + 1].equals(attributes.get(AttributeKey.stringKey(tags[i])))) {
        return false;
      }
    }
    return true;
  }
}
