package dev.shipshape.core.rollout;

import dev.shipshape.core.internal.TelemetryHub;
import dev.shipshape.core.rollout.internal.RolloutRuntime;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A manual-clock application for rollout tests: a two-way flag, a checkout SLO and a recording
 * telemetry sink.
 */
final class RolloutKit implements AutoCloseable {

  static final String FLAG = "new-checkout";

  /** The flag without its split: everyone gets "off". */
  static final String NO_SPLIT =
      "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"off\"}";

  static String split(int on, int off) {
    return "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
        + "\"defaultVariant\":\"off\","
        + "\"targeting\":{\"fractional\":[[\"on\","
        + on
        + "],[\"off\","
        + off
        + "]]}}";
  }

  final ManualClock clock = ManualClock.create();
  final Scheduler scheduler = Scheduler.manual(clock);
  final InMemoryFlagSource flagSource = FlagSource.inMemory().putFlag(FLAG, split(0, 100));
  final RolloutRuntime.FlagWatch watch = new RolloutRuntime.FlagWatch();
  final Flags flags =
      Flags.builder().clock(clock).scheduler(scheduler).source(flagSource).listener(watch).build();
  final Slo slo =
      Slo.create(Slo.named("checkout").objective(0.999).window(Duration.ofDays(28)).build(), clock);
  final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
  final TelemetryHub hub = new TelemetryHub(List.of((TelemetrySink) events::add));
  final RolloutRuntime rollouts =
      new RolloutRuntime(clock, scheduler, flags, Map.of("checkout", slo), hub);
  final List<EvaluationContext> users = new ArrayList<>();

  RolloutKit() {
    watch.attach(rollouts);
    for (int i = 0; i < 1000; i++) {
      users.add(EvaluationContext.of("user-" + i));
    }
  }

  /** Evaluates the SLO's alerts every {@code interval}, as the facade does. */
  RolloutKit evaluateSloEvery(Duration interval) {
    scheduler.scheduleEvery("slo-evaluation", interval, interval, slo::evaluate);
    return this;
  }

  Rollout start(Consumer<RolloutConfig.Builder> options) {
    RolloutConfig.Builder b = RolloutConfig.builder(FLAG);
    options.accept(b);
    return rollouts.start(b.build());
  }

  /** The users who get the rolled-out variant now. */
  Set<String> onUsers() {
    Set<String> on = new HashSet<>();
    for (EvaluationContext u : users) {
      if (flags.booleanValue(FLAG, false, u)) {
        on.add(u.targetingKey());
      }
    }
    return on;
  }

  List<RolloutStepChanged> steps() {
    return events.stream()
        .filter(RolloutStepChanged.class::isInstance)
        .map(RolloutStepChanged.class::cast)
        .toList();
  }

  @Override
  public void close() {
    rollouts.close();
    flags.close();
    scheduler.close();
  }
}
