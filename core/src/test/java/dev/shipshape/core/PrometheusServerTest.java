package dev.shipshape.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.shipshape.core.guard.Guard;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.MeterCatalogue;
import dev.shipshape.core.telemetry.MeterDescriptor;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.BurnRateAlert;
import dev.shipshape.slo.PrometheusRules;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.testsupport.PrometheusServer;
import dev.shipshape.testsupport.PrometheusServer.Alert;
import dev.shipshape.testsupport.PrometheusServer.Sample;
import dev.shipshape.testsupport.ScrapeEndpoint;
import dev.shipshape.time.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Shipshape application as a real Prometheus server sees it: scraped every second over
 * loopback, with the generated rules loaded. Every counter exists at 0 before its first event, so
 * {@code increase()} counts the first events too; the meters carry the catalogue's Prometheus
 * names; and injected errors take the page alert to {@code firing} with its runbook. The SLO has
 * short windows (a 20s/10s page pair) so that the test takes seconds.
 */
class PrometheusServerTest {

  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String RUNBOOK = "https://runbooks.example.com/checkout";

  private static final SloDefinition CHECKOUT =
      Slo.named("checkout")
          .service("shop")
          .objective(0.99)
          .window(Duration.ofHours(1))
          .alerts(
              List.of(
                  new BurnRateAlert(
                      Severity.PAGE, Duration.ofSeconds(20), Duration.ofSeconds(10), 10)))
          .runbookUrl(RUNBOOK)
          .build();

  private static final String SPLIT =
      "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"off\",\"targeting\":{\"fractional\":[[\"on\",0],[\"off\",100]]}}";

  @Test
  @Timeout(120)
  void countersStartAtZeroBreakerOpeningsAddUpAndThePageAlertFires() throws Exception {
    ManualClock clock = ManualClock.create();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpServer endpoint = ScrapeEndpoint.start(registry::scrape);
    try (Shipshape ship =
            Shipshape.builder()
                .clock(clock)
                .logging(false)
                .meterRegistry(registry)
                .flags(FlagSource.inMemory().putFlag("new-checkout", SPLIT))
                .rollout("new-checkout", r -> r.steps(10, 100).every(Duration.ofHours(1)))
                .slo(CHECKOUT)
                .healthCheck("db", HealthResult::up, Probe.READINESS)
                .guard(
                    "payments",
                    g ->
                        g.circuitBreaker(
                            CircuitBreakerConfig.custom()
                                .slidingWindowSize(2)
                                .minimumNumberOfCalls(2)
                                .failureRateThreshold(50)
                                .permittedNumberOfCallsInHalfOpenState(1)
                                .waitDurationInOpenState(Duration.ofSeconds(1))
                                .build()))
                .build();
        PrometheusServer prometheus =
            PrometheusServer.builder()
                .target("shop", "127.0.0.1:" + endpoint.getAddress().getPort())
                .ruleFile("slo-rules.yml", PrometheusRules.generate(CHECKOUT))
                .start()) {

      // Before any event (but those of building the application): every counter series the
      // application knows of is there, at 0.
      prometheus.await(
          "the first scrape", WAIT, () -> present(prometheus.value("up{job=\"shop\"} == 1")));
      for (MeterDescriptor meter : MeterCatalogue.all()) {
        String series =
            meter.type() == MeterDescriptor.Type.HISTOGRAM
                ? meter.prometheusName() + "_count"
                : meter.prometheusName();
        List<Sample> samples = prometheus.query(series);
        if (!meter.preRegistered()) {
          assertThat(samples).as("%s is created by its first event", series).isEmpty();
          continue;
        }
        assertThat(samples).as("%s is scraped under the catalogue's name", series).isNotEmpty();
        if (meter.type() != MeterDescriptor.Type.GAUGE) {
          assertThat(samples)
              .as("%s before any event", series)
              .allSatisfy(
                  s ->
                      assertThat(s.value())
                          .as("%s", s.labels())
                          .isEqualTo(countAtStart(s)));
        }
      }
      assertThat(prometheus.query("shipshape_guard_calls_seconds_count{guard=\"payments\"}"))
          .as("one series per outcome")
          .hasSize(GuardedCallCompleted.Outcome.values().length);
      assertThat(prometheus.value("shipshape_health_status{probe=\"readiness\"}"))
          .as("not NaN before the first probe")
          .hasValue(MeterCatalogue.HEALTH_UNKNOWN);

      // The breaker opens twice: CLOSED -> OPEN, then after its wait HALF_OPEN -> OPEN.
      Guard payments = ship.guard("payments");
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> payments.call(PrometheusServerTest::decline))
            .isInstanceOf(IllegalStateException.class);
      }
      clock.advance(Duration.ofSeconds(2));
      assertThatThrownBy(() -> payments.call(PrometheusServerTest::decline))
          .isInstanceOf(IllegalStateException.class);
      String opened = "shipshape_guard_circuit_transitions_total{guard=\"payments\",to=\"open\"}";
      prometheus.await(
          "both openings scraped", WAIT, () -> present(prometheus.value(opened + " == 2")));
      // Without the series at 0 from the start, the first scrape shows 2 already and increase()
      // has nothing to compare it with (or, with events between scrapes, undercounts). Evaluated
      // at the last sample, increase() extrapolates nothing: the series starts at 0.
      double last = prometheus.value("timestamp(" + opened + ")").orElseThrow();
      OptionalDouble increase = prometheus.value("increase(" + opened + "[5m])", last);
      assertThat(increase).as("increase() of the two openings").isPresent();
      assertThat(increase.getAsDouble())
          .as("increase() of the two openings")
          .isCloseTo(2.0, within(0.01));

      // Errors take the 20s/10s page pair over 10 x 1%: the generated alert fires.
      Alert page =
          prometheus.await(
              "the page alert fires",
              WAIT,
              () -> {
                ship.slo("checkout").record(5, 45);
                return prometheus.alerts().stream()
                    .filter(a -> a.firing() && "page".equals(a.labels().get("sloth_severity")))
                    .findFirst();
              });
      assertThat(page.labels())
          .containsEntry("alertname", PrometheusRules.ALERT_NAME)
          .containsEntry("sloth_slo", "checkout")
          .containsEntry("long_window", "20s")
          .containsEntry("short_window", "10s");
      assertThat(page.annotations()).containsEntry("runbook_url", RUNBOOK);
    } finally {
      endpoint.stop(0);
    }
  }

  /**
   * What a counter holds once the application is built: the flag set changed when the flags were
   * first read and when the rollout set its first step, and the rollout started; nothing else.
   */
  private static double countAtStart(Sample s) {
    String name = s.labels().get("__name__");
    if (MeterCatalogue.FLAG_SET_CHANGES.prometheusName().equals(name)) {
      return 2;
    }
    return "started".equals(s.labels().get("transition")) ? 1 : 0;
  }

  private static String decline() {
    throw new IllegalStateException("declined");
  }

  private static Optional<Boolean> present(OptionalDouble value) {
    return value.isPresent() ? Optional.of(true) : Optional.empty();
  }
}
