package dev.shipshape.core.guard;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Guards as an application gets them from the facade, for guard tests: a manual clock, in-memory
 * flags, an SLO named {@code payments} and a sink that records every telemetry event. Each {@link
 * #guard} is built by its own application on the shared clock, flags and sink.
 */
final class GuardKit implements AutoCloseable {

  final ManualClock clock = ManualClock.create();
  final InMemoryFlagSource flagSource = FlagSource.inMemory();
  final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
  private final List<Shipshape> apps = new ArrayList<>();

  /** Builds an application with one guard and returns that guard. */
  Guard guard(String name, Consumer<GuardConfig.Builder> options) {
    Shipshape app =
        Shipshape.builder()
            .clock(clock)
            .flags(flagSource)
            .slo(
                Slo.named("payments")
                    .objective(0.99)
                    .latencyThreshold(Duration.ofMillis(100))
                    .window(Duration.ofDays(28)))
            .telemetry((TelemetrySink) events::add)
            .logging(false)
            .guard(name, options)
            .build();
    apps.add(app);
    return app.guard(name);
  }

  /** A call that counts its runs in {@code runs} and fails each with a new {@code failure}. */
  static <T> Supplier<T> failing(AtomicInteger runs, Supplier<? extends RuntimeException> failure) {
    return () -> {
      runs.incrementAndGet();
      throw failure.get();
    };
  }

  /** The SLO of the application that built the last guard. */
  Slo slo() {
    return app().slo("payments");
  }

  /** The application that built the last guard. */
  Shipshape app() {
    return apps.get(apps.size() - 1);
  }

  List<GuardedCallCompleted> calls() {
    return events.stream()
        .filter(GuardedCallCompleted.class::isInstance)
        .map(GuardedCallCompleted.class::cast)
        .toList();
  }

  GuardedCallCompleted lastCall() {
    List<GuardedCallCompleted> calls = calls();
    return calls.get(calls.size() - 1);
  }

  List<String> breakerTransitions() {
    return events.stream()
        .filter(CircuitBreakerStateChanged.class::isInstance)
        .map(CircuitBreakerStateChanged.class::cast)
        .map(e -> e.from() + "->" + e.to())
        .toList();
  }

  /**
   * Advances the clock in small steps until {@code f} completes (another thread is waiting on a
   * scheduler task); fails after ten real seconds so a broken wait cannot hang the build.
   *
   * @return how far the clock moved
   */
  Duration advanceUntilDone(Future<?> f, Duration step) {
    Duration moved = Duration.ZERO;
    long giveUp = System.nanoTime() + 10_000_000_000L;
    while (!f.isDone()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("call did not complete after the clock moved " + moved);
      }
      clock.advance(step);
      moved = moved.plus(step);
      Thread.yield();
    }
    return moved;
  }

  @Override
  public void close() {
    apps.forEach(Shipshape::close);
  }
}
