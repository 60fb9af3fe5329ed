package dev.shipshape.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.FlagSetChanged;
import dev.shipshape.core.telemetry.FlagSourceFailed;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.SloAlertFired;
import dev.shipshape.core.telemetry.SloAlertResolved;
import dev.shipshape.core.telemetry.SloBudgetExhausted;
import dev.shipshape.core.testing.RecordingSink;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.testsupport.LogCapture;
import dev.shipshape.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole application under a manual clock for one day: flags from a file that changes on disk
 * (and breaks for an hour), an SLO fed by traffic that turns bad for an hour, and a database check
 * that hangs. Asserts the telemetry events, the log lines and the meters.
 */
class ApplicationDayTest {

  private static final Instant MIDNIGHT = ManualClock.DEFAULT_START;

  @TempDir Path dir;

  private static String flags(String newCheckoutDefault) {
    return "{\"flags\":{"
        + "\"new-checkout\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
        + "\"defaultVariant\":\""
        + newCheckoutDefault
        + "\"},"
        + "\"banner\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"A\",\"b\":\"B\"},"
        + "\"defaultVariant\":\"a\",\"targeting\":{\"fractional\":[[\"a\",50],[\"b\",50]]}}"
        + "}}";
  }

  private static Instant at(int hour, int minute) {
    return MIDNIGHT.plus(Duration.ofHours(hour).plusMinutes(minute));
  }

  @Test
  void aDayInTheLifeOfAnApplication() throws Exception {
    Path flagFile = dir.resolve("flags.json");
    Files.writeString(flagFile, flags("off"));
    ManualClock clock = ManualClock.create();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RecordingSink recorder = new RecordingSink();
    DbCheck db = new DbCheck();
    CountDownLatch dbRecovered = new CountDownLatch(1);
    ThreadPoolExecutor checks =
        new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());

    try (LogCapture log = LogCapture.of("dev.shipshape.telemetry", Level.INFO);
        Shipshape ship =
            Shipshape.builder()
                .clock(clock)
                .flags(FlagSource.file(flagFile, Duration.ofSeconds(30)))
                .slo(Slo.named("checkout").objective(0.99))
                .sloEvaluationInterval(Duration.ofSeconds(30))
                .healthCheck("db", db::check, Probe.READINESS)
                .healthCheck("worker", HealthResult::up, Probe.LIVENESS)
                .healthExecutor(checks)
                .meterRegistry(registry)
                .telemetry(recorder)
                .telemetry(
                    event -> {
                      if (event instanceof HealthStatusChanged
                          && "db".equals(((HealthStatusChanged) event).check())
                          && ((HealthStatusChanged) event).previous() == HealthStatus.DOWN
                          && ((HealthStatusChanged) event).current() == HealthStatus.UP) {
                        dbRecovered.countDown();
                      }
                    })
                .build()) {

      assertThat(ship.health().readiness().status()).isEqualTo(HealthStatus.UP);
      Slo checkout = ship.slo("checkout");
      int user = 0;
      for (int minute = 0; minute < 24 * 60; minute++) {
        Instant now = clock.instant();
        assertThat(now).isEqualTo(MIDNIGHT.plus(Duration.ofMinutes(minute)));
        int hour = minute / 60;
        // Traffic: 100 requests a minute, half of them failing from 08:00 to 09:00.
        if (hour == 8) {
          checkout.record(50, 50);
        } else {
          checkout.record(100, 0);
        }
        for (int i = 0; i < 10; i++) {
          EvaluationContext ctx = EvaluationContext.of("user-" + (user++));
          ship.flags().booleanValue("new-checkout", false, ctx);
          ship.flags().stringValue("banner", "none", ctx);
        }
        if (minute == 6 * 60) {
          Files.writeString(flagFile, flags("on"));
        }
        if (minute == 10 * 60) {
          HealthReport ready = ship.health().readiness();
          assertThat(ready.check("slo-budget:checkout").orElseThrow().status())
              .isEqualTo(HealthStatus.DOWN);
          assertThat(ready.status())
              .as("an exhausted SLO budget never takes the instance out of service")
              .isEqualTo(HealthStatus.UP);
        }
        if (minute == 12 * 60) {
          db.hang();
          CompletableFuture<HealthReport> probe =
              ship.health().reportAsync(Probe.READINESS).toCompletableFuture();
          assertThat(db.entered.await(10, TimeUnit.SECONDS)).isTrue();
          // The other readiness checks answer in real time; only the hung one may remain.
          await().atMost(Duration.ofSeconds(10)).until(() -> checks.getActiveCount() == 1);
          clock.advance(Duration.ofSeconds(2));
          HealthReport ready = probe.get(10, TimeUnit.SECONDS);
          assertThat(ready.status()).isEqualTo(HealthStatus.DOWN);
          assertThat(ready.check("db").orElseThrow().message()).isEqualTo("timed out after 2s");
          clock.advance(Duration.ofSeconds(58));
          continue;
        }
        if (minute == 13 * 60) {
          db.release();
          assertThat(dbRecovered.await(10, TimeUnit.SECONDS)).isTrue();
          assertThat(ship.health().readiness().status()).isEqualTo(HealthStatus.UP);
        }
        if (minute == 14 * 60) {
          Files.writeString(flagFile, "{\"flags\": {");
        }
        if (minute == 14 * 60 + 30) {
          HealthReport ready = ship.health().readiness();
          assertThat(ready.check("flag-sources").orElseThrow().status())
              .isEqualTo(HealthStatus.DOWN);
          assertThat(ready.status()).isEqualTo(HealthStatus.UP);
          assertThat(ship.flags().booleanValue("new-checkout", false))
              .as("the last good flags are served")
              .isTrue();
        }
        if (minute == 15 * 60) {
          Files.writeString(flagFile, flags("on"));
        }
        clock.advance(Duration.ofMinutes(1));
      }

      // Flags: the file change at 06:00 was picked up by the next poll.
      List<FlagSetChanged> changes =
          recorder.events(FlagSetChanged.class, c -> c.changed().contains("new-checkout"));
      assertThat(changes).isNotEmpty();
      assertThat(changes.get(0).at()).isBetween(at(6, 0), at(6, 0).plusSeconds(30));
      List<FlagSourceFailed> failures = recorder.events(FlagSourceFailed.class);
      assertThat(failures).isNotEmpty();
      assertThat(failures)
          .allSatisfy(f -> assertThat(f.at()).isBetween(at(14, 0), at(15, 0).plusSeconds(30)));
      assertThat(failures.get(0).since()).isBetween(at(14, 0), at(14, 0).plusSeconds(30));
      assertThat(recorder.events(FlagEvaluated.class)).hasSize(24 * 60 * 10 * 2 + 1);

      // SLO: the page alert on the 1h/5m pair fired during the incident and resolved after it.
      List<SloAlertFired> fired =
          recorder.events(
              SloAlertFired.class, a -> a.longWindow().equals(Duration.ofHours(1)));
      assertThat(fired).hasSize(1);
      assertThat(fired.get(0).severity()).isEqualTo(dev.shipshape.slo.Severity.PAGE);
      assertThat(fired.get(0).at()).isBetween(at(8, 10), at(8, 20));
      assertThat(fired.get(0).longBurnRate()).isGreaterThan(fired.get(0).factor());
      List<SloAlertResolved> resolved =
          recorder.events(
              SloAlertResolved.class, a -> a.longWindow().equals(Duration.ofHours(1)));
      assertThat(resolved).hasSize(1);
      assertThat(resolved.get(0).at()).isBetween(at(9, 0), at(9, 10));
      assertThat(recorder.events(SloAlertFired.class))
          .extracting(SloAlertFired::severity)
          .contains(dev.shipshape.slo.Severity.PAGE, dev.shipshape.slo.Severity.TICKET);
      assertThat(recorder.events(SloAlertResolved.class))
          .hasSameSizeAs(recorder.events(SloAlertFired.class));
      assertThat(recorder.events(SloBudgetExhausted.class))
          .singleElement()
          .satisfies(e -> assertThat(e.at()).isBetween(at(8, 0), at(9, 0)));

      // Health: the hung database check took readiness down at 12:00:02 and back up at 13:00.
      List<HealthStatusChanged> dbChanges =
          recorder.events(HealthStatusChanged.class, h -> "db".equals(h.check()));
      assertThat(dbChanges)
          .extracting(HealthStatusChanged::previous, HealthStatusChanged::current)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(null, HealthStatus.UP),
              org.assertj.core.groups.Tuple.tuple(HealthStatus.UP, HealthStatus.DOWN),
              org.assertj.core.groups.Tuple.tuple(HealthStatus.DOWN, HealthStatus.UP));
      assertThat(dbChanges.get(1).at()).isEqualTo(at(12, 0).plusSeconds(2));
      assertThat(dbChanges.get(1).message()).isEqualTo("timed out after 2s");
      assertThat(
              recorder.events(
                  HealthStatusChanged.class,
                  h -> h.probe() == Probe.READINESS && h.current() == HealthStatus.DOWN))
          .singleElement()
          .satisfies(h -> assertThat(h.at()).isEqualTo(at(12, 0).plusSeconds(2)));

      // Logs: alerts at WARN/INFO with the window pair; nothing per request; no targeting keys.
      List<ILoggingEvent> firedLines =
          log.matching("SLO 'checkout' (page|ticket) alert \\S+ fired: .*");
      assertThat(firedLines).isNotEmpty().allMatch(e -> e.getLevel() == Level.WARN);
      assertThat(firedLines)
          .anySatisfy(
              e ->
                  assertThat(LogCapture.keyValues(e))
                      .containsEntry("slo", "checkout")
                      .containsEntry("severity", "page")
                      .containsEntry("long_window", "1h")
                      .containsEntry("short_window", "5m"));
      assertThat(log.matching("SLO 'checkout' (page|ticket) alert \\S+ resolved: .*"))
          .hasSameSizeAs(firedLines)
          .allMatch(e -> e.getLevel() == Level.INFO);
      assertThat(log.matching("SLO 'checkout' error budget exhausted: .*"))
          .singleElement()
          .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
      assertThat(log.matching("health check 'db' UP -> DOWN: timed out after 2s"))
          .anySatisfy(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(LogCapture.keyValues(e))
                    .containsEntry("check", "db")
                    .containsEntry("message", "timed out after 2s");
              });
      assertThat(log.matching("flag '.*' evaluated: .*")).isEmpty();
      assertThat(log.events())
          .as("a day of traffic logs only state changes")
          .hasSizeLessThan(60);
      assertThat(log.events())
          .allSatisfy(
              e -> {
                assertThat(e.getFormattedMessage()).doesNotContain("user-");
                assertThat(LogCapture.keyValues(e).toString()).doesNotContain("user-");
              });

      // Meters.
      assertThat(
              registry.get("shipshape.flag.evaluations")
                  .tags("flag", "new-checkout", "variant", "off", "reason", "static")
                  .counter()
                  .count())
          .as("06:00's own requests come before the file changes")
          .isEqualTo(361 * 10);
      assertThat(
              registry.get("shipshape.flag.evaluations")
                  .tags("flag", "new-checkout", "variant", "on", "reason", "static")
                  .counter()
                  .count())
          .isEqualTo(1079 * 10 + 1);
      double split =
          registry.get("shipshape.flag.evaluations")
              .tags("flag", "banner", "variant", "a", "reason", "split")
              .counter()
              .count();
      assertThat(split / (24 * 60 * 10)).isBetween(0.45, 0.55);
      assertThat(registry.find("shipshape.flag.evaluations").counters())
          .as("28,800 distinct targeting keys add no meters")
          .hasSize(4);
      assertThat(
              registry.get("shipshape.slo.events")
                  .tags("slo", "checkout", "outcome", "good")
                  .functionCounter()
                  .count())
          .isEqualTo(23 * 60 * 100 + 60 * 50);
      assertThat(
              registry.get("shipshape.slo.events")
                  .tags("slo", "checkout", "outcome", "bad")
                  .functionCounter()
                  .count())
          .isEqualTo(60 * 50);
      assertThat(
              registry.get("shipshape.slo.alert.firing")
                  .tags("slo", "checkout", "long_window", "1h")
                  .gauge()
                  .value())
          .isZero();
      assertThat(registry.get("shipshape.health.status").tags("probe", "readiness").gauge().value())
          .isEqualTo(1.0);
      assertThat(registry.get("shipshape.health.check.status").tags("check", "db").gauge().value())
          .isEqualTo(1.0);
      assertThat(
              registry.get("shipshape.slo.budget.remaining").tags("slo", "checkout").gauge().value())
          .isCloseTo(
              checkout.snapshot().budgetRemaining(), org.assertj.core.data.Offset.offset(1e-9))
          .isNegative();
      assertThat(
              registry.get("shipshape.slo.burn.rate")
                  .tags("slo", "checkout", "window", "5m")
                  .gauge()
                  .value())
          .isZero();
      assertThat(registry.get("shipshape.telemetry.sink.failures").functionCounters())
          .hasSize(4)
          .allSatisfy(c -> assertThat(c.count()).isZero());
    } finally {
      db.release();
      checks.shutdownNow();
    }
  }

  /** A database check that answers at once, or hangs until released. */
  private static final class DbCheck {
    final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean hanging;

    HealthResult check() throws InterruptedException {
      if (hanging) {
        entered.countDown();
        released.await();
      }
      return HealthResult.up();
    }

    void hang() {
      hanging = true;
    }

    void release() {
      hanging = false;
      released.countDown();
    }
  }
}
