package dev.shipshape.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.telemetry.HostileFlagKeys;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.time.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Flag keys and variants of any length, evaluated through the facade and scraped from a real
 * {@link PrometheusMeterRegistry}: every label value keeps at most {@link
 * MeterCatalogue#MAX_TAG_VALUE_LENGTH} characters, and long keys sharing a prefix stay apart.
 */
class PrometheusTagValueBoundTest {

  private static final Pattern FLAG_SAMPLE =
      Pattern.compile(
          "^shipshape_flag_evaluations_total\\{([^\\n]*)\\} (\\S+)$", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  @Test
  void aHostileFlagKeyOrVariantCostsTheScrapeAtMostTheBound() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Shipshape ship =
        Shipshape.builder()
            .clock(ManualClock.create())
            .logging(false)
            .flags(HostileFlagKeys.source())
            .meterRegistry(registry)
            .build()) {
      List<String> expected = HostileFlagKeys.evaluate(ship.flags());

      String scrape = registry.scrape();
      for (String line : scrape.split("\n")) {
        assertThat(line.length()).as("a scrape line").isLessThan(1_000);
      }
      List<String> flagLabels = new ArrayList<>();
      List<String> variantLabels = new ArrayList<>();
      Matcher sample = FLAG_SAMPLE.matcher(scrape);
      while (sample.find()) {
        Matcher label = LABEL.matcher(sample.group(1));
        while (label.find()) {
          if (label.group(1).equals("flag")) {
            flagLabels.add(label.group(2));
          } else if (label.group(1).equals("variant")) {
            variantLabels.add(label.group(2));
          }
        }
      }
      assertThat(flagLabels).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(flagLabels).as("keys sharing a 2,000-character prefix").doesNotHaveDuplicates();
      assertThat(variantLabels).contains(MeterCatalogue.tagValue(HostileFlagKeys.VARIANT));
      assertThat(MeterCatalogue.tagValue(HostileFlagKeys.DEFINED))
          .hasSize(MeterCatalogue.MAX_TAG_VALUE_LENGTH);
      assertThat(MeterCatalogue.tagValue(HostileFlagKeys.PAIR_AT_CUT))
          .as("one character fewer rather than half a surrogate pair")
          .startsWith("s".repeat(116) + "...")
          .hasSize(MeterCatalogue.MAX_TAG_VALUE_LENGTH - 1);
      assertThat(scrape)
          .contains(
              "flag=\"" + MeterCatalogue.tagValue(HostileFlagKeys.SHARED_B) + "\",reason=\"error\","
                  + "variant=\"none\"} 2.0");
    }
  }
}
