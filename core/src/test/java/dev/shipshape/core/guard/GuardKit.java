package dev.shipshape.core.guard;

import dev.shipshape.core.guard.internal.GuardImpl;
import dev.shipshape.core.guard.internal.GuardRuntime;
import dev.shipshape.core.internal.TelemetryHub;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** A manual-clock application for guard tests: flags, one SLO, a recording telemetry sink. */
final class GuardKit implements AutoCloseable {

  final ManualClock clock = ManualClock.create();
  final Scheduler scheduler = Scheduler.manual(clock);
  final InMemoryFlagSource flagSource = FlagSource.inMemory();
  final Flags flags = Flags.builder().clock(clock).scheduler(scheduler).source(flagSource).build();
  final Slo slo =
      Slo.create(
          Slo.named("payments")
              .objective(0.99)
              .latencyThreshold(Duration.ofMillis(100))
              .window(Duration.ofDays(28))
              .build(),
          clock);
  final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
  final TelemetryHub hub = new TelemetryHub(List.of((TelemetrySink) events::add));
  final GuardRuntime runtime = new GuardRuntime(clock, scheduler, flags, Map.of("payments", slo), hub);

  GuardImpl guard(String name, Consumer<GuardConfig.Builder> options) {
    GuardConfig.Builder b = GuardConfig.builder(name);
    options.accept(b);
    return runtime.create(b.build());
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
    runtime.close();
    flags.close();
    scheduler.close();
  }
}
