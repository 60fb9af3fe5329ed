package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example, kept compiling and true. */
class ReadmeExampleTest {

  @TempDir Path dir;

  @Test
  void readmeExampleRunsAsDescribed() throws Exception {
    ManualClock clock = ManualClock.create(); // Clock.systemUTC() in production
    try (InputStream in = getClass().getResourceAsStream("openslo/checkout.yaml")) {
      Files.copy(in, dir.resolve("slos.yaml"));
    }
    Path rules = dir.resolve("slo-rules.yml");

    // --- README example start
    SloDefinition checkout =
        Slo.named("checkout")
            .service("shop")
            .description("Checkout requests that do not fail")
            .objectivePercent(99.9)
            .window(Duration.ofDays(30))
            .build(); // default alerts: the SRE Workbook's four pairs, 14.4/6/3/1 for 30 days

    Slo slo = Slo.create(checkout, clock);
    slo.addListener(
        new SloListener() {
          @Override
          public void alertFired(SloAlertEvent e) {
            System.out.printf(
                "%s %s: %s/%s burn rates %.1f/%.1f%n",
                e.severity(), e.slo(), e.longWindow(), e.shortWindow(),
                e.longBurnRate(), e.shortBurnRate());
          }
        });

    slo.record(true); // one good event
    slo.record(99_990, 4); // or counts in bulk
    slo.recordLatency(Duration.ofMillis(120)); // good: the SLO has no latency threshold
    slo.evaluate(); // call it every 10 s or so, e.g. on a dev.shipshape.time.Scheduler

    SloSnapshot s = slo.snapshot();
    System.out.println(s);

    List<SloDefinition> fromFile = OpenSlo.load(dir.resolve("slos.yaml"));
    List<SloDefinition> exported =
        fromFile.stream().filter(d -> d.budgeting() == BudgetingMethod.OCCURRENCES).toList();
    PrometheusRules.write(rules, exported); // TIMESLICES SLOs cannot be exported

    // --- README example end

    assertThat(s.counts()).isEqualTo(new WindowEvents(99_992, 4));
    assertThat(s.burnRate()).isCloseTo(4 / 99_996.0 / 0.001, within(1e-9));
    assertThat(slo.alertStates()).noneMatch(AlertState::firing);
    assertThat(fromFile).extracting(SloDefinition::name)
        .containsExactly("checkout-availability", "checkout-latency");
    assertThat(Files.readString(rules))
        .contains("sloth_id: \"shop-checkout-availability\"")
        .doesNotContain("checkout-latency");
    System.out.println(Files.readString(rules));
  }

  @Test
  void readmeSchedulerExampleRecordsWithoutReadingTheClock() {
    ManualClock clock = ManualClock.create();
    SloDefinition checkout = Slo.named("checkout").objectivePercent(99.9).build();

    // --- README scheduler example start
    Scheduler scheduler = Scheduler.forClock(clock); // a manual scheduler for a ManualClock
    Slo slo = Slo.create(checkout, scheduler); // slo.isScheduled() is true
    slo.record(true); // no clock read
    // --- README scheduler example end
    assertThat(slo.isScheduled()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    slo.record(false);
    assertThat(slo.events(Duration.ofSeconds(10))).isEqualTo(new WindowEvents(0, 1));
    assertThat(slo.events(Duration.ofSeconds(20))).isEqualTo(new WindowEvents(1, 1));
    slo.close(); // cancels the task; recording reads the clock again
    scheduler.close();
    assertThat(slo.isScheduled()).isFalse();
  }
}
