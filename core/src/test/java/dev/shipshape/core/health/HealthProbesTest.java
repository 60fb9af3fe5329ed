package dev.shipshape.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.testsupport.LogCapture;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Probe semantics: startup gating, draining, criticality, aggregation and listeners. */
class HealthProbesTest {

  private final ManualClock clock = ManualClock.create();
  private final Scheduler scheduler = Scheduler.manual(clock);
  private final AtomicReference<HealthResult> dbResult = new AtomicReference<>(HealthResult.up());
  private final AtomicInteger dbRuns = new AtomicInteger();
  private final HealthCheck db =
      () -> {
        dbRuns.incrementAndGet();
        return dbResult.get();
      };
  private @Nullable Health health;

  @AfterEach
  void tearDown() {
    if (health != null) {
      health.close();
    }
    scheduler.close();
  }

  private Health.Builder builder() {
    return Health.builder().clock(clock).scheduler(scheduler).executor(Runnable::run);
  }

  private Health build(Health.Builder b) {
    health = b.build();
    return health;
  }

  @Test
  void checkNamesListAProbesChecksWithoutRunningThem() {
    Health h =
        build(
            builder()
                .check("db", db, Probe.READINESS, Probe.LIVENESS)
                .check("cache", HealthResult::up, Probe.READINESS)
                .check("migrations", db, Probe.STARTUP));
    assertThat(h.checkNames(Probe.READINESS)).containsExactly("db", "cache");
    assertThat(h.checkNames(Probe.LIVENESS)).containsExactly("db");
    assertThat(h.checkNames(Probe.STARTUP)).containsExactly("migrations");
    assertThat(dbRuns).hasValue(0);
  }

  @Test
  void startupIsDownUntilChecksPassedOnceAndTheApplicationSaysItStarted() {
    dbResult.set(HealthResult.down("migrating"));
    Health h = build(builder().check("migrations", db, Probe.STARTUP));

    assertThat(h.report(Probe.STARTUP).status()).isEqualTo(HealthStatus.DOWN);
    h.markStarted();
    assertThat(h.report(Probe.STARTUP).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(h.isStarted()).isFalse();

    dbResult.set(HealthResult.up());
    HealthReport started = h.report(Probe.STARTUP);
    assertThat(started.status()).isEqualTo(HealthStatus.UP);
    assertThat(started.httpStatus()).isEqualTo(200);
    assertThat(h.isStarted()).isTrue();
  }

  @Test
  void startupChecksPassingBeforeMarkStartedStillWaitForIt() {
    Health h = build(builder().check("migrations", db, Probe.STARTUP));
    assertThat(h.report(Probe.STARTUP).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(h.report(Probe.STARTUP).check("migrations").orElseThrow().status())
        .isEqualTo(HealthStatus.UP);
    dbResult.set(HealthResult.down("flaky"));
    h.markStarted();
    // the check passed once already, which is what startup waits for
    assertThat(h.report(Probe.STARTUP).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void startupWithoutChecksWaitsOnlyForMarkStarted() {
    Health h = build(builder());
    assertThat(h.report(Probe.STARTUP).httpStatus()).isEqualTo(503);
    h.markStarted();
    assertThat(h.report(Probe.STARTUP).httpStatus()).isEqualTo(200);
  }

  @Test
  void startupStaysUpOnceSucceededAndStopsRunningItsChecks() {
    Health h = build(builder().check("migrations", db, Probe.STARTUP));
    h.markStarted();
    assertThat(h.report(Probe.STARTUP).status()).isEqualTo(HealthStatus.UP);
    int runs = dbRuns.get();
    dbResult.set(HealthResult.down("gone"));
    HealthReport later = h.report(Probe.STARTUP);
    assertThat(later.status()).isEqualTo(HealthStatus.UP);
    assertThat(dbRuns).hasValue(runs);
  }

  @Test
  void drainingTakesReadinessOutOfServiceAndBackWithoutTouchingLiveness() {
    Health h =
        build(
            builder()
                .check("db", db, Probe.READINESS)
                .check("deadlocks", HealthResult::up, Probe.LIVENESS));
    h.drain();
    HealthReport ready = h.report(Probe.READINESS);
    assertThat(ready.status()).isEqualTo(HealthStatus.OUT_OF_SERVICE);
    assertThat(ready.httpStatus()).isEqualTo(503);
    assertThat(ready.toJson(false)).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
    assertThat(h.report(Probe.LIVENESS).status()).isEqualTo(HealthStatus.UP);
    assertThat(h.isDraining()).isTrue();

    h.undrain();
    assertThat(h.report(Probe.READINESS).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void drainingDoesNotHideAReadinessCheckThatIsDown() {
    dbResult.set(HealthResult.down("refused"));
    Health h = build(builder().check("db", db, Probe.READINESS));
    h.drain();
    assertThat(h.report(Probe.READINESS).status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void nonCriticalCheckIsReportedButDoesNotChangeItsProbeStatus() {
    dbResult.set(HealthResult.down("replica lagging"));
    Health h =
        build(
            builder()
                .check(
                    "replica",
                    db,
                    CheckOptions.builder().probes(Probe.READINESS).nonCritical().build())
                .check("primary", HealthResult::up, Probe.READINESS));
    HealthReport r = h.report(Probe.READINESS);
    assertThat(r.status()).isEqualTo(HealthStatus.UP);
    CheckReport replica = r.check("replica").orElseThrow();
    assertThat(replica.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(replica.critical()).isFalse();
    assertThat(r.toJson(true)).contains("\"critical\":false");
  }

  @Test
  void probeWithoutChecksIsUp() {
    Health h = build(builder());
    assertThat(h.report(Probe.LIVENESS).status()).isEqualTo(HealthStatus.UP);
    assertThat(h.report(Probe.LIVENESS).checks()).isEmpty();
  }

  @Test
  void statusesCombineDownOverOutOfServiceOverUp() {
    assertThat(HealthStatus.UP.worst(HealthStatus.OUT_OF_SERVICE))
        .isEqualTo(HealthStatus.OUT_OF_SERVICE);
    assertThat(HealthStatus.OUT_OF_SERVICE.worst(HealthStatus.DOWN)).isEqualTo(HealthStatus.DOWN);
    assertThat(HealthStatus.DOWN.worst(HealthStatus.UP)).isEqualTo(HealthStatus.DOWN);
    assertThat(HealthStatus.UP.worst(HealthStatus.UP)).isEqualTo(HealthStatus.UP);
  }

  @Test
  void combinedReportRunsACheckInSeveralProbesOnceAndTakesTheWorstProbe() {
    Health h =
        build(
            builder()
                .check("db", db, Probe.READINESS, Probe.STARTUP)
                .check("heap", HealthResult::up, Probe.LIVENESS));
    HealthReport all = h.reportAll();
    assertThat(dbRuns).hasValue(1);
    assertThat(all.probe()).isNull();
    assertThat(all.checks()).extracting(CheckReport::name).containsExactly("db", "heap");
    // startup is not yet marked started
    assertThat(all.status()).isEqualTo(HealthStatus.DOWN);
    h.markStarted();
    assertThat(h.reportAll().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void listenersHearProbeAndCheckStatusChangesAndAThrowingListenerIsIsolated() {
    List<String> events = new CopyOnWriteArrayList<>();
    HealthListener recording =
        new HealthListener() {
          @Override
          public void probeStatusChanged(ProbeStatusChange c) {
            events.add(c.probe() + ":" + c.previous() + "->" + c.current());
          }

          @Override
          public void checkStatusChanged(CheckStatusChange c) {
            events.add(
                c.check() + ":" + c.previous() + "->" + c.current() + "(" + c.message() + ")");
          }
        };
    HealthListener throwing =
        new HealthListener() {
          @Override
          public void probeStatusChanged(ProbeStatusChange change) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void checkStatusChanged(CheckStatusChange change) {
            throw new IllegalStateException("listener bug");
          }
        };
    Health h =
        build(builder().listener(throwing).check("db", db, Probe.READINESS).listener(recording));

    h.report(Probe.READINESS);
    h.report(Probe.READINESS);
    dbResult.set(HealthResult.down("refused"));
    HealthReport down = h.report(Probe.READINESS);
    h.drain();
    h.report(Probe.READINESS);

    assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(events)
        .containsExactly(
            "db:null->UP(null)",
            "READINESS:null->UP",
            "db:UP->DOWN(refused)",
            "READINESS:UP->DOWN");
  }

  @Test
  void buildReportsEveryConfigurationProblemAtOnce() {
    Health.Builder b =
        builder()
            .check("db", db, Probe.READINESS)
            .check("db", db, Probe.LIVENESS)
            .check(" ", db, Probe.LIVENESS)
            .check("cache", db);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("check name was 'db' but is already registered")
        .hasMessageContaining("check name was ' ' but must not be blank")
        .hasMessageContaining("check 'cache' probes was '[]'");
  }

  @Test
  void checkOptionsReportEveryProblemAtOnce() {
    CheckOptions.Builder b =
        CheckOptions.builder()
            .timeout(Duration.ZERO)
            .cacheFor(Duration.ofSeconds(5))
            .refreshEvery(Duration.ofSeconds(-1));
    assertThatThrownBy(b::build)
        .hasMessageContaining("probes was '[]' but must name at least one")
        .hasMessageContaining("timeout was 'PT0S' but must be positive")
        .hasMessageContaining("refreshInterval was 'PT-1S' but must be positive")
        .hasMessageContaining(
            "cacheTtl was 'PT5S' but must not be set together with refreshInterval");
  }

  @Test
  void aManualClockNeedsAManualSchedulerOrTimeoutsWouldNeverFire() {
    try (Scheduler system = Scheduler.system()) {
      assertThatThrownBy(() -> Health.builder().clock(clock).scheduler(system).build())
          .hasMessageContaining("but must run on the health clock");
    }
  }

  @Test
  void aManualSchedulerOfAnotherManualClockIsRefused() {
    // Regression: any two ManualClocks were accepted, but advancing the health clock never fires
    // timeouts on a scheduler driven by a different manual clock.
    ManualClock other = ManualClock.create();
    try (Scheduler foreign = Scheduler.manual(other)) {
      assertThatThrownBy(() -> Health.builder().clock(clock).scheduler(foreign).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("but must run on the health clock");
    }
    Health same = build(Health.builder().clock(clock).scheduler(scheduler));
    assertThat(same.clock()).isSameAs(clock);
  }

  @Test
  void builderDefaultsTheClockToTheSchedulers() {
    Health h = build(Health.builder().scheduler(scheduler).executor(Runnable::run));
    assertThat(h.clock()).isSameAs(clock);
    clock.advance(Duration.ofSeconds(1));
    assertThat(h.report(Probe.LIVENESS).takenAt())
        .isEqualTo(ManualClock.DEFAULT_START.plusSeconds(1));
  }

  @Test
  void resultDetailsAcceptOnlyStringsNumbersAndBooleans() {
    HealthResult r =
        HealthResult.up().withDetail("a", "x").withDetail("b", 1).withDetail("c", true);
    assertThat(r.details()).containsExactly(
        org.assertj.core.api.Assertions.entry("a", "x"),
        org.assertj.core.api.Assertions.entry("b", 1),
        org.assertj.core.api.Assertions.entry("c", true));
    assertThatThrownBy(() -> r.withDetail("d", List.of()))
        .hasMessage("detail 'd' was '[]' but must be a String, Number or Boolean");
  }

  @Test
  void detailsAreCheckedOnceAndCheckedAgainWhenTheyComeFromElsewhere() {
    HealthResult first = HealthResult.up().withDetail("pool", "8/8");
    HealthResult again = new HealthResult(HealthStatus.DOWN, "drained", first.details());
    assertThat(again.details()).isSameAs(first.details()).containsEntry("pool", "8/8");

    // a report's details are not checked when the report is made: a result built from them is
    CheckReport report =
        new CheckReport(
            "queue",
            HealthStatus.UP,
            null,
            Map.of("consumers", List.of("a")),
            Duration.ZERO,
            ManualClock.DEFAULT_START,
            Duration.ZERO,
            true);
    assertThatThrownBy(() -> new HealthResult(HealthStatus.UP, null, report.details()))
        .hasMessage("detail 'consumers' was '[a]' but must be a String, Number or Boolean");
  }

  @Test
  void pingCheckIsUpWhenItReturnsAndDownWhenItThrows() throws Exception {
    assertThat(HealthCheck.of(() -> {}).check().status()).isEqualTo(HealthStatus.UP);
    Health h =
        build(
            builder()
                .check(
                    "ping",
                    HealthCheck.of(
                        () -> {
                          throw new java.io.IOException("connection refused");
                        }),
                    Probe.READINESS));
    assertThat(h.report(Probe.READINESS).check("ping").orElseThrow().message())
        .isEqualTo("java.io.IOException: connection refused");
  }

  @Test
  void aThrowingListenerIsLoggedOncePerCause() {
    try (LogCapture log = listenerWarnings()) {
      AtomicInteger calls = new AtomicInteger();
      Health h =
          build(
              builder()
                  .check("db", db, Probe.READINESS)
                  .listener(
                      new HealthListener() {
                        @Override
                        public void checkStatusChanged(CheckStatusChange change) {
                          calls.incrementAndGet();
                          throw new IllegalStateException("listener bug");
                        }
                      }));
      for (int i = 0; i < 5; i++) {
        dbResult.set(i % 2 == 0 ? HealthResult.up() : HealthResult.down("flapping"));
        assertThat(h.readiness().status()).isEqualTo(dbResult.get().status());
      }
      assertThat(calls).hasValue(5);
      assertThat(log.events()).hasSize(1);
      assertThat(log.events().get(0).getFormattedMessage())
          .contains("health listener ")
          .contains(" failed in checkStatusChanged: java.lang.IllegalStateException: listener bug");
    }
  }

  @Test
  void aListenerWhoseExceptionCannotGiveItsMessageNeverReachesTheCallerOrTheOtherListeners() {
    HealthListener broken =
        new HealthListener() {
          @Override
          public void probeStatusChanged(ProbeStatusChange change) {
            throw new UnreadableMessage();
          }
        };
    List<ProbeStatusChange> heard = new CopyOnWriteArrayList<>();
    HealthListener recording =
        new HealthListener() {
          @Override
          public void probeStatusChanged(ProbeStatusChange change) {
            heard.add(change);
          }
        };
    try (LogCapture log = listenerWarnings()) {
      Health h =
          build(builder().check("db", db, Probe.READINESS).listener(broken).listener(recording));
      dbResult.set(HealthResult.down("gone"));
      assertThat(h.readiness().status()).isEqualTo(HealthStatus.DOWN);
      assertThat(heard)
          .containsExactly(new ProbeStatusChange(Probe.READINESS, null, HealthStatus.DOWN));
      assertThat(h.listenerFailures()).isEqualTo(1);
      assertThat(log.events()).hasSize(1);
      assertThat(log.events().get(0).getFormattedMessage())
          .contains(" failed in probeStatusChanged: " + UnreadableMessage.class.getName());
    }
  }

  private static LogCapture listenerWarnings() {
    return LogCapture.of(
        dev.shipshape.core.health.internal.Listeners.class.getName(),
        ch.qos.logback.classic.Level.WARN);
  }

  @Test
  void combinedReportDoesNotRerunStartupOnlyChecksOnceStarted() {
    AtomicInteger migrationRuns = new AtomicInteger();
    Health h =
        build(
            builder()
                .check(
                    "migrations",
                    () -> {
                      migrationRuns.incrementAndGet();
                      return HealthResult.up();
                    },
                    Probe.STARTUP)
                .check("db", db, Probe.READINESS));
    h.markStarted();
    assertThat(h.reportAll().status()).isEqualTo(HealthStatus.UP);
    assertThat(h.isStarted()).isTrue();
    h.reportAll();
    h.startup();
    HealthReport all = h.reportAll();
    assertThat(migrationRuns).hasValue(1);
    assertThat(dbRuns).hasValue(3);
    assertThat(all.checks()).extracting(CheckReport::name).containsExactly("migrations", "db");
    assertThat(h.liveness().checks()).isEmpty();
  }
}
