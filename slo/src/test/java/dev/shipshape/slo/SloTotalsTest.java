package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cumulative totals behind the exported SLO counter. */
class SloTotalsTest {

  private static Slo slo(ManualClock clock) {
    return Slo.create(Slo.named("checkout").objective(0.99).build(), clock);
  }

  @Test
  void totalsCountEveryRecordAndIgnoreNegativeCounts() {
    Slo slo = slo(ManualClock.create());
    slo.record(true);
    slo.record(false);
    slo.record(10, 3);
    slo.record(-5, 2);
    slo.record(4, -1);
    assertThat(slo.totalEvents()).isEqualTo(new WindowEvents(15, 6));
  }

  @Test
  void totalsKeepWhatTheWindowForgets() {
    ManualClock clock = ManualClock.create();
    Slo slo = slo(clock);
    for (int day = 0; day < 60; day++) {
      slo.record(100, 1);
      clock.advance(Duration.ofDays(1));
    }
    assertThat(slo.totalEvents()).isEqualTo(new WindowEvents(6000, 60));
    assertThat(slo.events(Duration.ofDays(28)).bad()).isLessThanOrEqualTo(29);
  }

  @Test
  void totalsNeverGoBackWhenTheClockDoes() {
    ManualClock clock = ManualClock.create();
    Slo slo = slo(clock);
    slo.record(5, 5);
    clock.rewind(Duration.ofDays(3));
    slo.record(1, 1);
    assertThat(slo.totalEvents()).isEqualTo(new WindowEvents(6, 6));
  }

  @Test
  void totalsAreExactUnderConcurrentWriters() throws Exception {
    Slo slo = slo(ManualClock.create());
    int threads = 4;
    int perThread = 50_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                for (int i = 0; i < perThread; i++) {
                  slo.record(i % 10 != 0);
                }
              });
      writers.add(w);
      w.start();
    }
    for (Thread w : writers) {
      w.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(w.isAlive()).isFalse();
    }
    assertThat(slo.totalEvents())
        .isEqualTo(new WindowEvents(threads * perThread * 9L / 10, threads * perThread / 10L));
  }
}
