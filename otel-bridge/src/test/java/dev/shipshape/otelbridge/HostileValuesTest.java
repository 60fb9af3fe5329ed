package dev.shipshape.otelbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.HostileFlagKeys;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.core.telemetry.TelemetryEvents;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.time.ManualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What one hostile string, or one huge flag file, puts into the exported data of a whole
 * application: metric attribute values keep at most {@link MeterCatalogue#MAX_TAG_VALUE_LENGTH}
 * characters, cut the same way as the Micrometer sink's tags, and a flag set change lists at most
 * 100 keys of each kind with the counts.
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

  @Test
  void aChangeOfFiftyThousandFlagsGivesOneBoundedRecord() {
    int n = 50_000;
    Set<String> added = keys("new-", n);
    Set<String> removed = keys("old-", n);
    Set<String> changed = keys("mod-", n);
    try (InMemoryOtel otel = new InMemoryOtel()) {
      OtelTelemetry.of(otel.sdk)
          .accept(TelemetryEvents.flagSetChanged(added, removed, changed, Instant.EPOCH));

      LogRecordData r = flagSetChanges(otel).get(0);
      Attributes a = r.getAttributes();
      assertThat(a.get(OtelNames.FLAGS_ADDED)).containsExactlyElementsOf(first("new-", 100));
      assertThat(a.get(OtelNames.FLAGS_REMOVED)).containsExactlyElementsOf(first("old-", 100));
      assertThat(a.get(OtelNames.FLAGS_CHANGED)).containsExactlyElementsOf(first("mod-", 100));
      assertThat(a.get(OtelNames.FLAGS_ADDED_COUNT)).isEqualTo(n);
      assertThat(a.get(OtelNames.FLAGS_REMOVED_COUNT)).isEqualTo(n);
      assertThat(a.get(OtelNames.FLAGS_CHANGED_COUNT)).isEqualTo(n);
      assertThat(r.getBodyValue().asString())
          .isEqualTo("flags changed: 150000 keys (50000 added, 50000 removed, 50000 changed)");
    }
  }

  @Test
  void anInMemorySourceLoadingTenThousandFlagsGivesOneBoundedRecord() {
    // the most flags an in-memory document may hold (FlagLimits.DEFAULT_MAX_FLAGS)
    int n = FlagLimits.DEFAULT_MAX_FLAGS;
    StringBuilder doc = new StringBuilder("{\"flags\":{");
    for (String key : keys("flag-", n)) {
      if (doc.length() > 10) {
        doc.append(',');
      }
      doc.append('"').append(key).append("\":{\"state\":\"ENABLED\",")
          .append("\"variants\":{\"on\":true},\"defaultVariant\":\"on\"}");
    }
    doc.append("}}");
    InMemoryFlagSource source = FlagSource.inMemory();
    try (InMemoryOtel otel = new InMemoryOtel();
        Shipshape ship = app(otel, source)) {
      source.setDocument(doc.toString());
      assertThat(ship.flags().booleanValue("flag-09999", false, EvaluationContext.empty()))
          .isTrue();
      Attributes loaded = last(flagSetChanges(otel)).getAttributes();
      assertThat(loaded.get(OtelNames.FLAGS_ADDED)).containsExactlyElementsOf(first("flag-", 100));
      assertThat(loaded.get(OtelNames.FLAGS_ADDED_COUNT)).isEqualTo(n);
      assertThat(loaded.get(OtelNames.FLAGS_REMOVED)).isEmpty();
      assertThat(loaded.get(OtelNames.FLAGS_REMOVED_COUNT)).isZero();

      source.clear();
      Attributes cleared = last(flagSetChanges(otel)).getAttributes();
      assertThat(cleared.get(OtelNames.FLAGS_REMOVED))
          .containsExactlyElementsOf(first("flag-", 100));
      assertThat(cleared.get(OtelNames.FLAGS_REMOVED_COUNT)).isEqualTo(n);
    }
  }

  /** {@code prefix} followed by 00000 to {@code n - 1}, five digits each. */
  private static Set<String> keys(String prefix, int n) {
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      keys.add(prefix + Integer.toString(100_000 + i).substring(1));
    }
    return keys;
  }

  /** The first {@code count} keys {@link #keys} makes, in order. */
  private static List<String> first(String prefix, int count) {
    return new ArrayList<>(keys(prefix, count));
  }

  private static LogRecordData last(List<LogRecordData> records) {
    assertThat(records).isNotEmpty();
    return records.get(records.size() - 1);
  }

  private static List<LogRecordData> flagSetChanges(InMemoryOtel otel) {
    return otel.logRecords().stream()
        .filter(r -> OtelNames.EVENT_FLAG_SET_CHANGED.equals(r.getEventName()))
        .collect(Collectors.toList());
  }
}
