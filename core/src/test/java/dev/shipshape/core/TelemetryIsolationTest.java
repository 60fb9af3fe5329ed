package dev.shipshape.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.core.testing.RecordingSink;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TelemetryIsolationTest {

  private static final TelemetrySink THROWING =
      new TelemetrySink() {
        @Override
        public void accept(TelemetryEvent event) {
          throw new IllegalStateException("exporter down");
        }

        @Override
        public String name() {
          return "exporter";
        }
      };

  @Test
  void aThrowingSinkNeverReachesTheCallerAndIsCounted() {
    ManualClock clock = ManualClock.create();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RecordingSink recorder = new RecordingSink();
    InMemoryFlagSource flags = FlagSource.inMemory();
    flags.putBoolean("f", true);
    try (Shipshape ship =
        Shipshape.builder()
            .clock(clock)
            .flags(flags)
            .slo(Slo.named("checkout").objective(0.99))
            .healthCheck("db", HealthResult::up, Probe.READINESS)
            .telemetry(THROWING)
            .telemetry(recorder)
            .meterRegistry(registry)
            .build()) {
      assertThat(ship.flags().booleanValue("f", false)).isTrue();
      assertThat(ship.health().readiness().status()).isEqualTo(HealthStatus.UP);
      ship.slo("checkout").record(0, 1000);
      clock.advance(Duration.ofMinutes(10));

      assertThat(recorder.events(FlagEvaluated.class)).hasSize(1);
      assertThat(recorder.events()).hasSizeGreaterThan(3);
      assertThat(
              registry.get("shipshape.telemetry.sink.failures")
                  .tags("sink", "exporter")
                  .functionCounter()
                  .count())
          .isEqualTo(recorder.events().size());
      assertThat(
              registry.get("shipshape.telemetry.sink.failures")
                  .tags("sink", "recording")
                  .functionCounter()
                  .count())
          .isZero();
    }
  }

  @Test
  void aSinkThrowingAnExceptionWhoseMessageCannotBeReadNeverReachesTheCaller() {
    RecordingSink recorder = new RecordingSink();
    try (Shipshape ship =
        withFlagF()
            .telemetry(
                new TelemetrySink() {
                  @Override
                  public void accept(TelemetryEvent event) {
                    // a message built lazily from state that is gone
                    throw new IllegalStateException() {
                      @Override
                      public String getMessage() {
                        throw new NullPointerException("message source is null");
                      }
                    };
                  }

                  @Override
                  public String name() {
                    return "exporter";
                  }
                })
            .telemetry(recorder)
            .build()) {
      assertThat(ship.flags().booleanValue("f", false)).isTrue();
      assertThat(ship.flags().booleanValue("f", false)).isTrue();

      assertThat(recorder.events(FlagEvaluated.class)).hasSize(2);
    }
  }

  @Test
  void withoutASinkThatWantsThemFlagEvaluationsProduceNoEvents() {
    RecordingSink recorder =
        new RecordingSink() {
          @Override
          public boolean wants(TelemetryEvent.Kind kind) {
            return kind != TelemetryEvent.Kind.FLAG_EVALUATED;
          }
        };
    try (Shipshape ship =
        withFlagF()
            .logging(false)
            .telemetry(recorder)
            .build()) {
      for (int i = 0; i < 100; i++) {
        assertThat(ship.flags().booleanValue("f", false)).isTrue();
      }
      assertThat(recorder.events()).isNotEmpty().noneMatch(e -> e instanceof FlagEvaluated);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void aSinkThrowingAnErrorOrACheckedExceptionFromAnyMethodIsIsolatedToo() {
    // Regression: an AssertionError from bind() (and a checked exception thrown sneakily from any
    // method) escaped Shipshape.build() and close().
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TelemetrySink broken =
        new TelemetrySink() {
          @Override
          public void accept(TelemetryEvent event) {
            TelemetryIsolationTest.<RuntimeException>sneaky(new Exception("checked"));
          }

          @Override
          public void bind(dev.shipshape.core.telemetry.TelemetryContext context) {
            throw new AssertionError("bind bug");
          }

          @Override
          public void close() {
            TelemetryIsolationTest.<RuntimeException>sneaky(new java.io.IOException("flush"));
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
            .telemetry(broken)
            .meterRegistry(registry)
            .build();
    assertThat(ship.flags().booleanValue("f", false)).isTrue();
    assertThat(
            registry.get("shipshape.telemetry.sink.failures")
                .tags("sink", "broken")
                .functionCounter()
                .count())
        .isGreaterThanOrEqualTo(2); // bind, and the flags loaded at start
    org.assertj.core.api.Assertions.assertThatCode(ship::close).doesNotThrowAnyException();
  }

  /** An application on a manual clock whose one flag, {@code f}, is true. */
  private static Shipshape.Builder withFlagF() {
    InMemoryFlagSource flags = FlagSource.inMemory();
    flags.putBoolean("f", true);
    return Shipshape.builder().clock(ManualClock.create()).flags(flags);
  }
}
