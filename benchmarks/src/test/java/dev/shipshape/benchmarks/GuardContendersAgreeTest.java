package dev.shipshape.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Checks that every guarded-call contender really calls the operation and returns its value. */
class GuardContendersAgreeTest {

  @Test
  void everyContenderReturnsTheOperationsValue() {
    GuardedCallBenchmark bench = new GuardedCallBenchmark();
    GuardedCallBenchmark.Work work = new GuardedCallBenchmark.Work();
    work.setUp();
    work.value = 7;
    GuardedCallBenchmark.ShipshapeGuard ship = new GuardedCallBenchmark.ShipshapeGuard();
    ship.setUp();
    GuardedCallBenchmark.Resilience4j r4j = new GuardedCallBenchmark.Resilience4j();
    r4j.setUp(work);
    try {
      assertThat(bench.call_shipshape(ship, work)).isEqualTo(7);
      // the guard feeds its SLO: one good event
      assertThat(ship.ship.slo("payments").counts(Duration.ofHours(1)).good()).isEqualTo(1);
      assertThat(bench.call_shipshapeWithoutSlo(ship, work)).isEqualTo(7);
      // the guard without an SLO leaves the SLO alone
      assertThat(ship.ship.slo("payments").counts(Duration.ofHours(1)).good()).isEqualTo(1);
      assertThat(bench.call_resilience4jDecorators(r4j)).isEqualTo(7);
      assertThat(bench.call_resilience4jBreakerOnly(r4j)).isEqualTo(7);
      assertThat(bench.call_direct(work)).isEqualTo(7);
      assertThat(bench.callAsync_shipshape(ship, work)).isEqualTo(7);
      // the asynchronous guard feeds the same SLO, within its timeout
      assertThat(ship.ship.slo("payments").counts(Duration.ofHours(1)).good()).isEqualTo(2);
      assertThat(bench.callAsync_resilience4jDecorators(r4j)).isEqualTo(7);
      GuardedCallBenchmark.MeteredGuard metered = new GuardedCallBenchmark.MeteredGuard();
      metered.setUp();
      try {
        assertThat(bench.call_shipshapeWithMeters(metered, work)).isEqualTo(7);
        // the call is timed under its outcome
        assertThat(
                metered.registry.get("shipshape.guard.calls").tag("outcome", "success").timer()
                    .count())
            .isEqualTo(1);
      } finally {
        metered.tearDown();
      }
    } finally {
      ship.tearDown();
      r4j.tearDown();
    }
  }
}
