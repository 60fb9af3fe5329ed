package dev.shipshape.time.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SaturatingTest {

  @Test
  void aDurationTooLongForALongOfNanosecondsIsTheEndOfTheRange() {
    assertThat(Saturating.nanos(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
    assertThat(Saturating.nanos(Duration.ofDays(365 * 300))).isEqualTo(Long.MAX_VALUE);
    assertThat(Saturating.nanos(Duration.ofDays(-365 * 300))).isEqualTo(Long.MIN_VALUE);
    assertThat(Saturating.nanos(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aSumPastEitherEndOfTheRangeStopsThere() {
    assertThat(Saturating.add(40, 2)).isEqualTo(42);
    assertThat(Saturating.add(Long.MAX_VALUE - 1, 5)).isEqualTo(Long.MAX_VALUE);
    assertThat(Saturating.add(Long.MIN_VALUE + 1, -5)).isEqualTo(Long.MIN_VALUE);
    assertThat(Saturating.add(Long.MAX_VALUE, Long.MIN_VALUE)).isEqualTo(-1);
  }
}
