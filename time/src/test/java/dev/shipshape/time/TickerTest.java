package dev.shipshape.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TickerTest {

  @Test
  void followsAManualClockExactly() {
    ManualClock clock = ManualClock.create();
    Ticker ticker = Ticker.of(clock);

    long before = ticker.read();
    clock.advance(Duration.ofMillis(2_345));

    assertThat(ticker.read() - before).isEqualTo(2_345_000_000L);
  }

  @Test
  void followsAManualClockBackwardsWhenTheTestMovesItBack() {
    ManualClock clock = ManualClock.create();
    Ticker ticker = Ticker.of(clock.withZone(ZoneId.of("Asia/Tokyo")));

    long before = ticker.read();
    clock.rewind(Duration.ofSeconds(3));

    assertThat(ticker.read() - before).isEqualTo(-3_000_000_000L);
  }

  @Test
  void usesTheInstantsOfAnyOtherClock() {
    Instant fixed = Instant.parse("2030-06-01T12:00:00.000000042Z");
    Ticker ticker = Ticker.of(Clock.fixed(fixed, ZoneOffset.UTC));

    assertThat(ticker.read()).isEqualTo(fixed.getEpochSecond() * 1_000_000_000L + 42);
    assertThat(Ticker.of(Clock.fixed(Instant.MAX, ZoneOffset.UTC)).read())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void readsSystemNanoTimeForTheSystemClockInAnyZone() {
    for (Clock clock : new Clock[] {Clock.systemUTC(), Clock.system(ZoneId.of("America/New_York"))}) {
      Ticker ticker = Ticker.of(clock);

      long before = System.nanoTime();
      long reading = ticker.read();
      long after = System.nanoTime();

      assertThat(reading).isBetween(before, after);
    }
  }
}
