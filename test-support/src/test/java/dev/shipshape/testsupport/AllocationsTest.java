package dev.shipshape.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AllocationsTest {

  private static volatile Object kept;

  @Test
  void whatEveryRunAllocatesIsCounted() {
    Allocations.Measured m =
        Allocations.measure(
            1_000,
            1_000,
            () -> {
              long[] each = new long[128]; // 1 KiB and a header, kept so it cannot be elided
              kept = each;
              return each.length;
            });

    assertThat(m.perRun()).isGreaterThanOrEqualTo(128 * Long.BYTES);
    assertThat(m.runs()).isEqualTo(1_000);
    assertThat(m.sink()).isEqualTo(128L * 2_000);
  }

  @Test
  void aOneOffAllocationInOneMeasuredRoundIsNotCounted() {
    AtomicLong calls = new AtomicLong();
    Allocations.Measured m =
        Allocations.measure(
            1_000,
            1_000,
            () -> {
              if (calls.incrementAndGet() == 1_500) { // once, in the middle of the first round
                kept = new byte[1 << 20];
              }
              return 1;
            });

    assertThat(m.bytes()).isLessThan(1 << 16);
    assertThat(m.sink()).isEqualTo(2_000);
    assertThat(calls.get()).isGreaterThan(2_000); // another round was measured
  }
}
