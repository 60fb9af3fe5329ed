package dev.shipshape.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.fleet.internal.PrometheusApi;
import dev.shipshape.fleet.internal.Signals;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The gate's question as a real Prometheus 2.42 answered it (recorded from a server whose
 * generated page alert had fired 33 s earlier, 3 s before the plan's start, and whose budget ran
 * out 1 s after it), served again on loopback: the wire format is read as Prometheus writes it.
 */
class RecordedAnswerTest {

  static final Instant AT = Instant.ofEpochMilli(1_796_593_036_082L);
  static final Instant START = Instant.ofEpochMilli(1_796_593_006_082L);

  @Test
  void aRecordedAnswerReadsAsEverySignalAndTheHaltAtThePlansStart() throws Exception {
    String body;
    try (InputStream in =
        RecordedAnswerTest.class.getResourceAsStream("/prometheus/prometheus-2.42-answer.json")) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus()) {
      prometheus.answer(r -> new ScriptedPrometheus.Answer(200, body));
      PrometheusApi api = new PrometheusApi(prometheus.uri(), Duration.ofSeconds(2), Map.of());
      List<PrometheusApi.Sample> samples = api.query("the gate's question", AT);

      assertThat(samples)
          .extracting(s -> s.labels().get("shipshape_signal"))
          .containsExactly("page", "budget", "scraped", "evaluated", "recorded");
      assertThat(samples.get(0).labels())
          .containsEntry("long_window", "20s")
          .containsEntry("short_window", "10s")
          .containsEntry("sloth_slo", "checkout");
      assertThat(prometheus.requests.get(0).time()).isEqualTo(AT);

      Signals.Reading reading =
          Signals.read(samples, Set.of("checkout"), START, AT, Duration.ofSeconds(5), "prometheus");
      assertThat(reading.readable()).isTrue();
      assertThat(reading.halt()).isNotNull();
      assertThat(reading.halt().at()).as("active before the start: halts at the start").isEqualTo(START);
      assertThat(reading.halt().reason())
          .isEqualTo(
              "slo 'checkout' page alert 20s/10s active since 2026-12-06T21:36:43Z on prometheus");

      Signals.Reading late =
          Signals.read(
              samples, Set.of("checkout"), START, AT.plusSeconds(6), Duration.ofSeconds(5), "p");
      assertThat(late.readable()).as("the newest samples are then 6 s old").isFalse();
      assertThat(late.why())
          .isEqualTo(
              "verdict unreadable: no sample of shipshape_slo_events_total{slo=\"checkout\"} within"
                  + " PT5S (newest at 2026-12-06T21:37:16.058Z); the rules of slo 'checkout' were"
                  + " not evaluated within PT5S (last at 2026-12-06T21:37:15.837Z)");
    }
  }
}
