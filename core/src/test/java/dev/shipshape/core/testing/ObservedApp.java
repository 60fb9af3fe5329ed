package dev.shipshape.core.testing;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * What a test of the facade watches an application through: a manual clock, a sink that records
 * every telemetry event, and a meter registry; the application does not log.
 */
public final class ObservedApp {

  /** The application's clock. */
  public final ManualClock clock = ManualClock.create();

  /** Every telemetry event the application emitted. */
  public final RecordingSink recorder = new RecordingSink();

  /** The application's meters. */
  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** A builder of an application that reads {@code flags}, on this clock, sink and registry. */
  public Shipshape.Builder builder(FlagSource flags) {
    return Shipshape.builder()
        .clock(clock)
        .flags(flags)
        .telemetry(recorder)
        .meterRegistry(registry)
        .logging(false);
  }
}
