package dev.shipshape.otelbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.HostileFlagKeys;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.time.ManualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one hostile string, or one huge flag file, puts into the exported data of a whole
 * application: metric attribute values keep at most {@link MeterCatalogue#MAX_TAG_VALUE_LENGTH}
 * characters, cut the same way as the Micrometer sink's tags.
 */
class HostileValuesTest {

  private static final AttributeKey<String> FLAG = AttributeKey.stringKey("flag");
  private static final AttributeKey<String> VARIANT = AttributeKey.stringKey("variant");

  private static Shipshape app(InMemoryOtel otel, FlagSource flags) {
    return Shipshape.builder()
        .clock(ManualClock.create())
        .logging(false)
        .flags(flags)
        .telemetry(OtelTelemetry.of(otel.sdk))
        .build();
  }

  @Test
  void longFlagKeysAndVariantsReachTheMetricPointsCut() {
    try (InMemoryOtel otel = new InMemoryOtel();
        Shipshape ship = app(otel, HostileFlagKeys.source())) {
      List<String> expected = HostileFlagKeys.evaluate(ship.flags());

      MetricData evaluations = otel.metric("shipshape.flag.evaluations").orElseThrow();
      List<String> flagValues = new ArrayList<>();
      for (LongPointData p : evaluations.getLongSumData().getPoints()) {
        Attributes a = p.getAttributes();
        a.forEach(
            (k, v) ->
                assertThat(String.valueOf(v).length())
                    .as("attribute %s", k.getKey())
                    .isLessThanOrEqualTo(MeterCatalogue.MAX_TAG_VALUE_LENGTH));
        flagValues.add(a.get(FLAG));
        if (MeterCatalogue.tagValue(HostileFlagKeys.SHARED_B).equals(a.get(FLAG))) {
          assertThat(p.getValue()).as("two evaluations of one long key, one series").isEqualTo(2);
        }
        if (MeterCatalogue.tagValue(HostileFlagKeys.DEFINED).equals(a.get(FLAG))) {
          assertThat(a.get(VARIANT)).isEqualTo(MeterCatalogue.tagValue(HostileFlagKeys.VARIANT));
        }
      }
      assertThat(flagValues).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(flagValues).as("keys sharing a 2,000-character prefix").doesNotHaveDuplicates();
    }
  }
}
