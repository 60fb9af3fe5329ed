package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.StartAt;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@Sample
@ShipshapeTest
@StartAt("2026-03-01T09:00:00Z")
public class ClockSample {

  @ShipshapeSetup
  void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @Test
  void classStart(ManualClock clock, Clock sameClock, Scheduler scheduler, Shipshape ship) {
    Observations.SEEN.put("classStart:start", clock.instant());
    Observations.SEEN.put("classStart:sameClock", sameClock == clock && ship.clock() == clock);
    Observations.SEEN.put("classStart:sameScheduler", ship.scheduler() == scheduler);
    AtomicInteger runs = new AtomicInteger();
    scheduler.scheduleEvery("tick", Duration.ofMinutes(1), Duration.ofMinutes(1), runs::incrementAndGet);
    clock.advance(Duration.ofMinutes(10).plusSeconds(30));
    Observations.SEEN.put("classStart:runs", runs.get());
    Observations.SEEN.put("classStart:end", clock.instant());
  }

  @Test
  @StartAt("2030-12-31T23:59:00Z")
  void methodStart(ManualClock clock) {
    Observations.SEEN.put("methodStart:start", clock.instant());
  }

  @Test
  @StartAt("next tuesday")
  void badStart() {
    Observations.SEEN.put("badStart:ran", true);
  }
}
