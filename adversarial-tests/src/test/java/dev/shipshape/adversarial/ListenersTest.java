package dev.shipshape.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.CheckStatusChange;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthListener;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.health.ProbeStatusChange;
import dev.shipshape.core.telemetry.TelemetryContext;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.SourceFailure;
import dev.shipshape.slo.AlertState;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloAlertEvent;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.slo.SloListener;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Throwing listeners and telemetry sinks: the caller never sees the failure, the work is done,
 * and each failure is counted.
 */
class ListenersTest {

  static final String DOC = FlagDocumentsTest.GOOD;

  @SuppressWarnings("unchecked")
  static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** A flag listener that throws {@code t} from every callback. */
  static FlagListener throwing(Throwable t) {
    return new FlagListener() {
      @Override
      public void flagSetChanged(FlagSetChange change) {
        ListenersTest.<RuntimeException>sneaky(t);
      }

      @Override
      public void sourceFailed(SourceFailure failure) {
        ListenersTest.<RuntimeException>sneaky(t);
      }

      @Override
      public boolean wantsEvaluations() {
        return true;
      }

      @Override
      public void evaluated(EvaluationDetails<?> details) {
        ListenersTest.<RuntimeException>sneaky(t);
      }
    };
  }

  static Hostile flagListener(String name, Throwable t) {
    return Hostile.of(
        name,
        () -> {
          ManualClock clock = ManualClock.create();
          Scripted source = new Scripted(n -> n == 0 ? DOC : "{\"flags\":1}");
          try (Flags flags = Flags.builder().clock(clock).source(source).listener(throwing(t)).build()) {
            assertThat(flags.stringValue("banner", "?")).isEqualTo("A"); // changed + evaluated
            clock.advance(Duration.ofSeconds(1)); // sourceFailed
            assertThat(flags.listenerFailures()).isEqualTo(3);
          }
        });
  }

  static SloDefinition checkout() {
    return SloDefinition.builder("checkout").objective(0.99).window(Duration.ofHours(1)).build();
  }

  static final List<Hostile> CASES = new ArrayList<>();

  static {
    CASES.add(flagListener("a flag listener that throws a RuntimeException",
        new IllegalStateException("listener bug")));
    CASES.add(flagListener("a flag listener that throws an Error", new AssertionError("bug")));
    CASES.add(flagListener("a flag listener that throws a checked exception",
        new Exception("checked")));
    CASES.add(Hostile.of("an SLO listener that throws when an alert fires", () -> {
      ManualClock clock = ManualClock.create();
      Slo slo = Slo.create(SloDefinition.builder("checkout").objective(0.99).build(), clock);
      slo.addListener(
          new SloListener() {
            @Override
            public void alertFired(SloAlertEvent event) {
              throw new IllegalStateException("pager down");
            }
          });
      for (int i = 0; i < 12; i++) {
        slo.record(0, 1000);
        clock.advance(Duration.ofSeconds(10));
      }
      assertThatCode(slo::evaluate).doesNotThrowAnyException();
      long fired = slo.alertStates().stream().filter(AlertState::firing).count();
      assertThat(fired).isPositive();
      assertThat(slo.listenerFailures()).as("one failure per alert fired").isEqualTo(fired);
      assertThat(slo.snapshot().counts().bad()).isEqualTo(12_000);
    }));
    CASES.add(Hostile.of("a health listener that throws on every change", () -> {
      List<Object> delivered = new ArrayList<>();
      ManualClock clock = ManualClock.create();
      Scheduler scheduler = Scheduler.forClock(clock);
      try (Health health =
          Health.builder()
              .clock(clock)
              .scheduler(scheduler)
              .executor(Runnable::run)
              .check("db", () -> HealthResult.down("refused"), Probe.READINESS)
              .listener(
                  new HealthListener() {
                    @Override
                    public void probeStatusChanged(ProbeStatusChange change) {
                      throw new IllegalStateException("listener bug");
                    }

                    @Override
                    public void checkStatusChanged(CheckStatusChange change) {
                      throw new AssertionError("listener bug");
                    }
                  })
              .listener(
                  new HealthListener() {
                    @Override
                    public void probeStatusChanged(ProbeStatusChange change) {
                      delivered.add(change);
                    }

                    @Override
                    public void checkStatusChanged(CheckStatusChange change) {
                      delivered.add(change);
                    }
                  })
              .build()) {
        HealthReport r = health.readiness();
        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.checks().get(0).message()).isEqualTo("refused");
        // the listener after the throwing one hears every change; each throw is counted
        assertThat(delivered).hasSizeGreaterThanOrEqualTo(2);
        assertThat(health.listenerFailures()).isEqualTo(delivered.size());
      } finally {
        scheduler.close();
      }
    }));
    CASES.add(Hostile.of("a telemetry sink that throws on bind, every event and close", () -> {
      java.util.concurrent.atomic.AtomicReference<TelemetryContext> bound =
          new java.util.concurrent.atomic.AtomicReference<>();
      TelemetrySink sink =
          new TelemetrySink() {
            @Override
            public void accept(TelemetryEvent event) {
              throw new IllegalStateException("sink bug");
            }

            @Override
            public void bind(TelemetryContext context) {
              bound.set(context);
              throw new AssertionError("bind bug");
            }

            @Override
            public void close() {
              throw new IllegalStateException("close bug");
            }

            @Override
            public String name() {
              return "broken";
            }
          };
      Shipshape ship =
          Shipshape.builder()
              .clock(ManualClock.create())
              .flags(FlagSource.inMemory().putBoolean("f", true))
              .slo(checkout())
              .telemetry(sink)
              .build();
      assertThat(ship.flags().booleanValue("f", false)).isTrue();
      ship.slo("checkout").record(true);
      // bind, and the flag set loaded before it
      assertThat(bound.get().sinkFailures("broken")).isGreaterThanOrEqualTo(2);
      assertThatCode(ship::close).doesNotThrowAnyException();
    }));
  }

  @TestFactory
  Stream<DynamicTest> hostileListeners() {
    return Hostile.run(CASES);
  }
}
