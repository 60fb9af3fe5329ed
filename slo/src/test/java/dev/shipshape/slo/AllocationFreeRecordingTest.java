package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.testsupport.Allocations;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Recording allocates nothing, whatever the clock does between events. */
class AllocationFreeRecordingTest {

  @Test
  void recordingHundredsOfThousandsOfEventsAllocatesNothing() {
    ManualClock clock = ManualClock.create();
    Slo slo =
        Slo.create(
            Slo.named("alloc")
                .objective(0.999)
                .latencyThreshold(Duration.ofMillis(100))
                .budgeting(BudgetingMethod.TIMESLICES)
                .timesliceTarget(0.9)
                .build(),
            clock);
    Duration slow = Duration.ofMillis(150);
    for (int i = 0; i < 20_000; i++) { // warm up
      slo.record(i % 7 != 0);
      slo.recordLatency(slow);
    }

    long before = Allocations.allocatedBytes();
    for (int i = 0; i < 300_000; i++) {
      slo.record(i % 7 != 0);
      slo.record(3, 1);
      slo.recordLatency(slow);
      slo.recordLatencyNanos(i);
    }
    long allocated = Allocations.allocatedBytes() - before;

    // a few bytes of slack for the bean's own bookkeeping; one allocation per event would be MBs
    assertThat(allocated).isLessThan(4_096);
    assertThat(slo.events(Duration.ofHours(1)).total()).isEqualTo(20_000 * 2 + 300_000L * 7);
  }

  @Test
  void recordingAcrossBoundariesAllocatesNothingWithOrWithoutAScheduler() {
    for (boolean scheduled : new boolean[] {true, false}) {
      ManualClock clock = ManualClock.create();
      Scheduler scheduler = Scheduler.manual(clock);
      SloDefinition definition =
          Slo.named("alloc")
              .objective(0.999)
              .latencyThreshold(Duration.ofMillis(100))
              .budgeting(BudgetingMethod.TIMESLICES)
              .timesliceTarget(0.9)
              .build();
      Slo slo = scheduled ? Slo.create(definition, scheduler) : Slo.create(definition, clock);
      assertThat(slo.isScheduled()).isEqualTo(scheduled);
      Duration slow = Duration.ofMillis(150);
      for (int i = 0; i < 20_000; i++) { // warm up, across boundaries too
        slo.record(i % 7 != 0);
        slo.recordLatency(slow);
        if (i % 1_000 == 0) {
          clock.advance(Duration.ofSeconds(7));
        }
      }

      long start = Allocations.allocatedBytes();
      long overhead = Allocations.allocatedBytes() - start; // what reading the counter costs, if anything
      long allocated = 0;
      long events = 0;
      for (int segment = 0; segment < 30; segment++) {
        // Moving the clock allocates (instants, the scheduler's bookkeeping): not measured. With a
        // scheduler the boundary task has moved the live bucket; without one, the first event of
        // the segment moves it, inside the measurement.
        clock.advance(Duration.ofSeconds(7));
        long before = Allocations.allocatedBytes();
        for (int i = 0; i < 10_000; i++) {
          slo.record(i % 7 != 0);
          slo.record(3, 1);
          slo.recordLatencyNanos(i);
        }
        allocated += Allocations.allocatedBytes() - before - overhead;
        events += 10_000 * 6;
      }

      assertThat(allocated).as("bytes allocated by recording, scheduled=%s", scheduled)
          .isLessThan(4_096);
      assertThat(slo.events(Duration.ofHours(1)).total()).isEqualTo(20_000 * 2 + events);
      scheduler.close();
    }
  }
}
