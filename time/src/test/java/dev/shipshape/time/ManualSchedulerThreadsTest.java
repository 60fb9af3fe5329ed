package dev.shipshape.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The manual scheduler's promises when other threads schedule, close and move its clock while it
 * runs tasks: bounded waits on latches, no sleeps.
 */
@Timeout(30)
class ManualSchedulerThreadsTest {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  private final ManualClock clock = ManualClock.at(START);
  private final List<Throwable> failures = new ArrayList<>();
  private final Scheduler scheduler =
      Scheduler.manual(
          clock,
          (name, failure) -> {
            synchronized (failures) {
              failures.add(failure);
            }
          });
  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void schedulingWhileAnotherThreadClosesThrowsIllegalStateOrGivesATaskThatNeverRuns()
      throws Exception {
    for (int round = 0; round < 200; round++) {
      ManualClock roundClock = ManualClock.at(START);
      Scheduler racing = Scheduler.manual(roundClock);
      AtomicInteger ran = new AtomicInteger();
      CyclicBarrier go = new CyclicBarrier(2);
      Future<List<ScheduledTask>> scheduled =
          threads.submit(
              () -> {
                List<ScheduledTask> handles = new ArrayList<>();
                go.await(5, TimeUnit.SECONDS);
                for (int i = 0; i < 1_000; i++) {
                  try {
                    handles.add(
                        racing.scheduleEvery(
                            "t" + i, Duration.ZERO, Duration.ofSeconds(1), ran::incrementAndGet));
                  } catch (IllegalStateException closed) {
                    assertThat(closed).hasMessageContaining("scheduler is closed");
                    break;
                  }
                }
                return handles;
              });
      go.await(5, TimeUnit.SECONDS);
      racing.close();
      List<ScheduledTask> handles = scheduled.get(5, TimeUnit.SECONDS);

      roundClock.advance(Duration.ofMinutes(1));

      assertThat(handles).allMatch(ScheduledTask::isCancelled);
      assertThat(ran).hasValue(0);
      assertThatThrownBy(() -> racing.schedule("late", Duration.ZERO, () -> {}))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void closingFromAnotherThreadWhileATaskRunsStopsTheRestAndTheMoveFinishes() throws Exception {
    CountDownLatch tenthRunStarted = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    ScheduledTask task =
        scheduler.scheduleEvery(
            "poll",
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            () -> {
              if (runs.incrementAndGet() == 10) {
                tenthRunStarted.countDown();
                await(closed);
              }
            });
    Future<?> advancing = threads.submit(() -> clock.advance(Duration.ofDays(1)));
    await(tenthRunStarted);

    scheduler.close(); // on this thread, while the clock's thread is inside the tenth run
    closed.countDown();
    advancing.get(5, TimeUnit.SECONDS);

    assertThat(runs).hasValue(10);
    assertThat(task.isCancelled()).isTrue();
    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(1)));
    assertThat(failures).isEmpty();
  }

  @Test
  void aPeriodicTaskNeverOverlapsItselfWhileSeveralThreadsMoveTheClock() throws Exception {
    AtomicBoolean running = new AtomicBoolean();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    scheduler.scheduleEvery(
        "poll",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        () -> {
          if (!running.compareAndSet(false, true)) {
            overlaps.incrementAndGet();
          }
          runs.incrementAndGet();
          Thread.onSpinWait();
          running.set(false);
        });
    CyclicBarrier go = new CyclicBarrier(4);
    List<Future<?>> movers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      movers.add(
          threads.submit(
              () -> {
                go.await(5, TimeUnit.SECONDS);
                for (int minute = 0; minute < 60; minute++) {
                  clock.advance(Duration.ofMinutes(1));
                }
                return null;
              }));
    }
    for (Future<?> mover : movers) {
      mover.get(10, TimeUnit.SECONDS);
    }

    assertThat(overlaps).hasValue(0);
    assertThat(runs).hasValue(4 * 3_600);
    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofHours(4)));
    assertThat(failures).isEmpty();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(5, TimeUnit.SECONDS)).as("latch released in time").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
