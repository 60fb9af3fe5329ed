package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.HealthEndpoint;
import dev.shipshape.testing.ShipshapeExtension;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registered configuration, a superclass's and the class's own setup methods, each setting a
 * clock and scheduler of its own and the last starting a health endpoint: the order they run in,
 * and what the test gets. Run by EngineTestKit only.
 */
@Sample
public class SetupOrderSample extends SetupOrderBase {

  /** The setups in the order they ran, across the tests. */
  public static final List<String> ORDER = new CopyOnWriteArrayList<>();

  /** The system scheduler the class's setup method gave the builder, closed by the sample. */
  private static final List<Scheduler> GIVEN = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final ShipshapeExtension APP =
      ShipshapeExtension.configure(
          app -> {
            ORDER.add("registered");
            SampleApp.configure(app);
            app.clock(Clock.systemUTC());
          });

  @ShipshapeSetup
  void own(Shipshape.Builder app) {
    ORDER.add("class");
    Scheduler system = Scheduler.system();
    GIVEN.add(system);
    app.scheduler(system)
        .healthEndpoint(
            HealthEndpoint.Options.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .build());
  }

  @Test
  void first(Shipshape ship, ManualClock clock, Scheduler scheduler) {
    observe("first", ship, clock, scheduler);
  }

  @Test
  void second(Shipshape ship, ManualClock clock, Scheduler scheduler) {
    observe("second", ship, clock, scheduler);
  }

  private static void observe(String test, Shipshape ship, ManualClock clock, Scheduler scheduler) {
    try {
      ORDER.add(test);
      Observations.APPLICATIONS.add(ship);
      Observations.SEEN.put(test + ":manualClock", ship.clock() == clock);
      Observations.SEEN.put(test + ":manualScheduler", ship.scheduler() == scheduler);
      AtomicInteger runs = new AtomicInteger();
      scheduler.schedule("once", Duration.ofMinutes(1), runs::incrementAndGet);
      clock.advance(Duration.ofMinutes(1));
      Observations.SEEN.put(test + ":ranOnAdvance", runs.get());
      Observations.SEEN.put(
          test + ":port", ship.healthEndpoint().map(HealthEndpoint::port).orElse(-1));
    } finally {
      GIVEN.forEach(Scheduler::close);
    }
  }
}
