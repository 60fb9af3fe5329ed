package dev.shipshape.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a guarded call costs when nothing goes wrong and nothing listens: two clock readings (the
 * call's start and end, which the breaker and the SLO share), while retries keep measuring each
 * attempt and keep deciding on results.
 */
class GuardHotPathTest {

  /** A clock that counts how often it is read; time itself comes from a manual clock. */
  static final class CountingClock extends Clock {
    final ManualClock time;
    final AtomicLong reads = new AtomicLong();

    CountingClock(ManualClock time) {
      this.time = time;
    }

    @Override
    public Instant instant() {
      reads.incrementAndGet();
      return time.instant();
    }

    @Override
    public ZoneId getZone() {
      return time.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final ManualClock manual = ManualClock.create();
  private final CountingClock clock = new CountingClock(manual);
  private final Scheduler manualScheduler = Scheduler.manual(manual);
  /** The manual scheduler's tasks, on the counting clock, so the facade accepts the pair. */
  private final Scheduler scheduler = new ForwardingScheduler(manualScheduler, clock);
  private final List<Shipshape> apps = new ArrayList<>();

  @AfterEach
  void tearDown() {
    apps.forEach(Shipshape::close);
    scheduler.close();
  }

  /** A guard from an application with no telemetry sink, on the counting clock. */
  private Guard guard(GuardConfig config) {
    Shipshape app =
        Shipshape.builder().clock(clock).scheduler(scheduler).logging(false).guard(config).build();
    apps.add(app);
    return app.guard(config.name());
  }

  private Guard breakerRetryBulkhead() {
    return guard(
        GuardConfig.builder("payments")
            .circuitBreaker()
            .retry(3, Duration.ofMillis(10))
            .bulkhead(25)
            .build());
  }

  @Test
  void successfulCallReadsTheClockTwice() {
    Guard guard = breakerRetryBulkhead();
    guard.call(() -> 1);
    clock.reads.set(0);

    assertThat(guard.call(() -> 42)).isEqualTo(42);

    assertThat(clock.reads).hasValue(2);
  }

  @Test
  void retriedCallStillMeasuresEachAttemptAndTheBreakerSeesTheFailure() {
    Guard guard = breakerRetryBulkhead();
    AtomicInteger attempts = new AtomicInteger();
    // the retry waits on the manual scheduler: run the call on another thread, move the clock
    java.util.concurrent.CompletableFuture<Integer> result =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                guard.call(
                    () -> {
                      if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("first attempt fails");
                      }
                      return 7;
                    }));
    long giveUp = System.nanoTime() + 10_000_000_000L;
    while (!result.isDone() && System.nanoTime() < giveUp) {
      manual.advance(Duration.ofMillis(1));
      Thread.yield();
    }
    assertThat(result.join()).isEqualTo(7);
    assertThat(attempts).hasValue(2);
    CircuitBreakerSnapshot m = guard.circuitBreaker().orElseThrow();
    assertThat(m.failedCalls()).isEqualTo(1);
    assertThat(m.successfulCalls()).isEqualTo(1);
  }

  @Test
  void retryOnResultStillRetriesAFirstAttemptThatSucceeded() {
    Guard guard =
        guard(
            GuardConfig.builder("poll")
                .retry(
                    io.github.resilience4j.retry.RetryConfig.<Integer>custom()
                        .maxAttempts(3)
                        .waitDuration(Duration.ZERO)
                        .retryOnResult(v -> v < 3)
                        .build())
                .build());
    AtomicInteger attempts = new AtomicInteger();

    assertThat(guard.call(attempts::incrementAndGet)).isEqualTo(3);
    assertThat(attempts).hasValue(3);
  }
}
