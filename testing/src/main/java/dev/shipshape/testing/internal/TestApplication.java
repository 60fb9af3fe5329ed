package dev.shipshape.testing.internal;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** One test's application: its clock, scheduler, recorder and built facade. */
public final class TestApplication {

  private final ManualClock clock;
  private final Scheduler scheduler;
  private final TelemetryRecorder recorder;
  private final Shipshape ship;
  private final Set<String> variantFlagsFromTemplate = ConcurrentHashMap.newKeySet();
  private @Nullable Object owner;

  TestApplication(
      ManualClock clock, Scheduler scheduler, TelemetryRecorder recorder, Shipshape ship) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.recorder = recorder;
    this.ship = ship;
  }

  /** The extension instance that started this application, once it is recorded. */
  public @Nullable Object owner() {
    return owner;
  }

  /** Records the extension instance that started this application. */
  public void owner(Object owner) {
    this.owner = owner;
  }

  public ManualClock clock() {
    return clock;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public TelemetryRecorder recorder() {
    return recorder;
  }

  public Shipshape ship() {
    return ship;
  }

  /** Flags whose variant a template invocation set; a parameter naming them is not set again. */
  public Set<String> variantFlagsFromTemplate() {
    return variantFlagsFromTemplate;
  }

  /** Removes every override, then closes the application and its scheduler. */
  public void close() {
    try {
      ship.flags().overrides().clearAll();
    } finally {
      try {
        ship.close();
      } finally {
        scheduler.close();
      }
    }
  }
}
