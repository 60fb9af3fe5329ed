package dev.shipshape.testing.internal;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One test's application: its clock, scheduler, recorder and built facade. Either the test's own
 * (built for it and closed after it) or a Spring context's, which the test borrows: closing a
 * borrowed application only removes the test's flag overrides.
 */
public final class TestApplication {

  private volatile ManualClock clock;
  private volatile TelemetryRecorder recorder;
  private volatile Shipshape ship;
  private final boolean owned;
  private final Set<String> variantFlagsFromTemplate = ConcurrentHashMap.newKeySet();
  private @Nullable Object owner;
  private @Nullable String user;
  private @Nullable Object testInstance;
  private volatile List<Overrides.Declared> declared = List.of();

  /** An application built for the test; its scheduler, the facade's, is closed with it. */
  TestApplication(ManualClock clock, TelemetryRecorder recorder, Shipshape ship) {
    this(clock, recorder, ship, true);
  }

  private TestApplication(
      ManualClock clock, TelemetryRecorder recorder, Shipshape ship, boolean owned) {
    this.clock = clock;
    this.recorder = recorder;
    this.ship = ship;
    this.owned = owned;
  }

  /**
   * An application the test borrows from its owner (a Spring context): its scheduler is the
   * facade's, and closing it leaves the facade running.
   *
   * @param clock the facade's manual clock
   * @param recorder the recorder the facade sends its telemetry to
   * @param ship the running facade
   * @return the borrowed application
   */
  public static TestApplication borrowed(
      ManualClock clock, TelemetryRecorder recorder, Shipshape ship) {
    return new TestApplication(clock, recorder, ship, false);
  }

  /** Whether the test built this application (and closes it) rather than borrowing it. */
  public boolean owned() {
    return owned;
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

  /** The facade's scheduler: the manual one the test built, or the borrowed facade's. */
  public Scheduler scheduler() {
    return ship.scheduler();
  }

  public TelemetryRecorder recorder() {
    return recorder;
  }

  public Shipshape ship() {
    return ship;
  }

  /**
   * Marks a borrowed application as used by one test until {@link #close()}, refusing a second
   * test that starts on the same application while the first runs.
   *
   * @param test the test, as messages name it
   */
  void lease(String test, @Nullable Object testInstance) {
    SpringApplications.lease(ship, test);
    user = test;
    this.testInstance = testInstance;
    if (testInstance != null) {
      SpringApplications.borrowedBy(testInstance, this);
    }
  }

  /**
   * Records the overrides the extension applied before the test, so that they follow the test if
   * its Spring context is replaced before the test method runs.
   *
   * @param declared the overrides, as applied
   */
  public void declared(List<Overrides.Declared> declared) {
    this.declared = List.copyOf(declared);
  }

  /**
   * Moves the test onto the application of the context that replaced the one it borrowed from
   * ({@code @DirtiesContext} before the method, after the extension had borrowed): the overrides
   * leave the old application and are applied to the new one, as is the test's lease.
   */
  void moveTo(TestApplication replacement) {
    String test = user;
    Object instance = testInstance;
    close();
    clock = replacement.clock;
    recorder = replacement.recorder;
    ship = replacement.ship;
    if (test != null) {
      lease(test, instance);
    }
    recorder.clear();
    Overrides.apply(ship.flags(), declared);
  }

  /** Flags whose variant a template invocation set; a parameter naming them is not set again. */
  public Set<String> variantFlagsFromTemplate() {
    return variantFlagsFromTemplate;
  }

  /**
   * Removes every override, then closes the application and its scheduler; a borrowed
   * application stays open for the next test that uses it.
   */
  public void close() {
    if (!owned) {
      variantFlagsFromTemplate.clear();
      try {
        ship.flags().overrides().clearAll();
      } finally {
        String test = user;
        if (test != null) {
          user = null;
          SpringApplications.release(ship, test);
        }
        Object instance = testInstance;
        if (instance != null) {
          testInstance = null;
          SpringApplications.returnedBy(instance, this);
        }
      }
      return;
    }
    try {
      ship.flags().overrides().clearAll();
    } finally {
      try {
        ship.close();
      } finally {
        ship.scheduler().close();
      }
    }
  }
}
