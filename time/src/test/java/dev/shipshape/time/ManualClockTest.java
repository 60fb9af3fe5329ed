package dev.shipshape.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void startsAtTheGivenInstantInUtcByDefault() {
    ManualClock clock = ManualClock.at(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(ManualClock.create().instant()).isEqualTo(ManualClock.DEFAULT_START);
  }

  @Test
  void advanceMovesForwardByExactlyTheDuration() {
    ManualClock clock = ManualClock.at(START);

    clock.advance(Duration.ofMillis(1500)).advance(Duration.ofNanos(7));

    assertThat(clock.instant()).isEqualTo(START.plusMillis(1500).plusNanos(7));
    assertThat(clock.epochNanos())
        .isEqualTo(START.getEpochSecond() * 1_000_000_000L + 1_500_000_007L);
  }

  @Test
  void advanceRefusesNegativeDurationsAndPointsToRewind() {
    ManualClock clock = ManualClock.at(START);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("advance duration was 'PT-1S' but must not be negative")
        .hasMessageContaining("rewind(Duration)");
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void setAndRewindMoveTheClockBackExplicitly() {
    ManualClock clock = ManualClock.at(START);

    clock.rewind(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(START.minusSeconds(3600));

    clock.set(START.plusSeconds(60));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(60));

    clock.set(Instant.parse("1960-05-01T00:00:00.123456789Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("1960-05-01T00:00:00.123456789Z"));
    assertThat(clock.millis())
        .isEqualTo(Instant.parse("1960-05-01T00:00:00.123456789Z").toEpochMilli());
  }

  @Test
  void zoneViewsShareTheSameTime() {
    ManualClock utc = ManualClock.at(START);
    ManualClock paris = utc.withZone(ZoneId.of("Europe/Paris"));

    utc.advance(Duration.ofMinutes(5));
    assertThat(paris.instant()).isEqualTo(START.plusSeconds(300));
    paris.advance(Duration.ofMinutes(5));
    assertThat(utc.instant()).isEqualTo(START.plusSeconds(600));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(utc.withZone(ZoneOffset.UTC)).isSameAs(utc);
  }

  @Test
  void refusesAStartNearInstantMaxWithTheSupportedRange() {
    assertThatThrownBy(() -> ManualClock.at(Instant.MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start was '" + Instant.MAX + "'")
        .hasMessageContaining("supports instants from 1677-09-21")
        .hasMessageContaining("to 2262-04-11");
    assertThatThrownBy(() -> ManualClock.at(Instant.MIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start was '" + Instant.MIN + "'");
  }

  @Test
  void refusesMovesPastTheSupportedRangeAndStaysPut() {
    ManualClock clock = ManualClock.at(Instant.parse("2262-04-01T00:00:00Z"));

    assertThatThrownBy(() -> clock.advance(Duration.ofDays(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("advance duration was 'PT720H'");
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.set(Instant.MAX)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.rewind(Duration.ofDays(365L * 1000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rewind target");
    assertThat(clock.instant()).isEqualTo(Instant.parse("2262-04-01T00:00:00Z"));
  }

  @Test
  void advancingByZeroLeavesTheTimeUnchanged() {
    ManualClock clock = ManualClock.at(START);

    clock.advance(Duration.ZERO);

    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void advancesFromTwoThreadsAtOnceAddUpAndNeverMoveTheClockBack() throws Exception {
    ManualClock clock = ManualClock.at(START);
    CountDownLatch taskRunning = new CountDownLatch(1);
    CountDownLatch releaseTask = new CountDownLatch(1);
    try (Scheduler scheduler = Scheduler.manual(clock)) {
      scheduler.schedule(
          "slow",
          Duration.ofSeconds(1),
          () -> {
            taskRunning.countDown();
            try {
              releaseTask.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      Thread first = new Thread(() -> clock.advance(Duration.ofHours(1)));
      first.start();
      assertThat(taskRunning.await(10, TimeUnit.SECONDS)).isTrue();
      // the second advance starts while the first is running the task due at 1 s
      Thread second = new Thread(() -> clock.advance(Duration.ofMinutes(1)));
      second.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (second.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(second.getState()).isEqualTo(Thread.State.BLOCKED);
      releaseTask.countDown();
      first.join(10_000);
      second.join(10_000);
    }

    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(61)));
  }

  @Test
  void readersOnOtherThreadsNeverSeeTimeGoBackwardsWhileOneThreadAdvances() throws Exception {
    ManualClock clock = ManualClock.at(START);
    int readers = 4;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> violation = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(readers);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < readers; i++) {
      Thread reader =
          new Thread(
              () -> {
                Instant last = clock.instant();
                long lastMillis = clock.millis();
                while (!stop.get()) {
                  Instant now = clock.instant();
                  long nowMillis = clock.millis();
                  if (now.isBefore(last) || nowMillis < lastMillis) {
                    violation.compareAndSet(null, now + " after " + last);
                  }
                  last = now;
                  lastMillis = nowMillis;
                }
                done.countDown();
              });
      threads.add(reader);
      reader.start();
    }
    for (int i = 0; i < 200_000; i++) {
      clock.advance(Duration.ofNanos(1 + (i % 1_000_003)));
    }
    stop.set(true);

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(violation.get()).isNull();
  }
}
