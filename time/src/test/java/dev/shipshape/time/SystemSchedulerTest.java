package dev.shipshape.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class SystemSchedulerTest {

  @Test
  void itsTickerMeasuresRealTimeWhateverClockItReports() throws Exception {
    Clock stopped = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    try (Scheduler scheduler =
        Scheduler.system(stopped, 1, "test-ticker", TaskFailureHandler.logging())) {
      Ticker ticker = scheduler.ticker();
      long start = ticker.read();
      CountDownLatch ran = new CountDownLatch(1);
      AtomicReference<Long> readWhenRun = new AtomicReference<>();
      scheduler.schedule(
          "once",
          Duration.ofMillis(20),
          () -> {
            readWhenRun.set(ticker.read());
            ran.countDown();
          });

      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
      // the task ran once its ticker had moved by the delay, though the clock never moves
      assertThat(readWhenRun.get() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
      assertThat(Ticker.of(scheduler.clock()).read()).isEqualTo(Ticker.of(stopped).read());
    }
  }

  @Test
  void runsDelayedWorkOnANamedDaemonThread() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    try (Scheduler scheduler =
        Scheduler.system(Clock.systemUTC(), 2, "test-sched", TaskFailureHandler.logging())) {
      scheduler.schedule(
          "once",
          Duration.ofMillis(10),
          () -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
          });

      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(ranOn.get().getName()).startsWith("test-sched-");
    assertThat(ranOn.get().isDaemon()).isTrue();
  }

  @Test
  void aPeriodicTaskThatThrowsIsReportedAndKeepsRunning() throws Exception {
    assertThat(failuresOfAPeriodicTaskThrowing(new IllegalStateException("boom")))
        .hasSizeGreaterThanOrEqualTo(2)
        .allMatch("flaky: java.lang.IllegalStateException: boom"::equals);
  }

  @Test
  void aPeriodicTaskThatOverflowsItsStackIsReportedAndKeepsRunning() throws Exception {
    assertThat(failuresOfAPeriodicTaskThrowing(new StackOverflowError("too deep")))
        .hasSizeGreaterThanOrEqualTo(2)
        .allMatch("flaky: java.lang.StackOverflowError: too deep"::equals);
  }

  @Test
  void aTaskEndedByAFatalErrorIsToldToItsThreadsUncaughtExceptionHandler() throws Exception {
    // the pool keeps what a task throws in the task's future, where nobody looks: an error the
    // JVM cannot carry on after must still reach the handler every thread an error ends goes to
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    BlockingQueue<String> told = new LinkedBlockingQueue<>();
    AtomicInteger runs = new AtomicInteger();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, failure) -> told.add(thread.getName() + ": " + failure));
    try (Scheduler scheduler =
        Scheduler.system(Clock.systemUTC(), 1, "test-fatal", TaskFailureHandler.logging())) {
      scheduler.scheduleEvery(
          "leaky",
          Duration.ZERO,
          Duration.ofMillis(5),
          () -> {
            runs.incrementAndGet();
            throw new OutOfMemoryError("Java heap space");
          });

      assertThat(told.poll(5, TimeUnit.SECONDS))
          .matches("test-fatal-\\d+: java.lang.OutOfMemoryError: Java heap space");
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
    // the error ends the task's schedule, as it ends a thread
    assertThat(runs).hasValue(1);
    assertThat(told).isEmpty();
  }

  /** Runs a task every 5 ms that throws {@code thrown} until it ran three times. */
  private static List<String> failuresOfAPeriodicTaskThrowing(Throwable thrown) throws Exception {
    List<String> failures = new CopyOnWriteArrayList<>();
    CountDownLatch threeRuns = new CountDownLatch(3);
    try (Scheduler scheduler =
        Scheduler.system(
            Clock.systemUTC(),
            1,
            "test-flaky",
            (name, failure) -> failures.add(name + ": " + failure))) {
      scheduler.scheduleEvery(
          "flaky",
          Duration.ZERO,
          Duration.ofMillis(5),
          () -> {
            threeRuns.countDown();
            sneakyThrow(thrown);
          });

      assertThat(threeRuns.await(5, TimeUnit.SECONDS)).isTrue();
    }
    return failures;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void periodicRunsLongerThanTheirPeriodNeverOverlapOnAPoolOfThreads() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch tenRuns = new CountDownLatch(10);
    try (Scheduler scheduler =
        Scheduler.system(Clock.systemUTC(), 4, "test-overlap", (name, failure) -> {})) {
      scheduler.scheduleEvery(
          "slow",
          Duration.ZERO,
          Duration.ofMillis(1), // every run takes 20 times its period, with three idle threads
          () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              running.decrementAndGet();
              tenRuns.countDown();
            }
            if (runs.incrementAndGet() % 2 == 0) {
              throw new IllegalStateException("every other run fails"); // and keeps its schedule
            }
          });

      assertThat(tenRuns.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(mostAtOnce.get()).isEqualTo(1);
  }

  @Test
  void closingStopsItsThreadsAndCancelsItsTasks() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Scheduler scheduler =
        Scheduler.system(Clock.systemUTC(), 1, "test-close", TaskFailureHandler.logging());
    scheduler.schedule("warm-up", Duration.ZERO, started::countDown);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    ScheduledTask pending = scheduler.schedule("pending", Duration.ofHours(1), () -> {});

    scheduler.close();
    scheduler.close();

    assertThat(pending.isCancelled()).isTrue();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("test-close-") && t.isAlive());
  }

  @Test
  void aTaskThatBlocksHoldsOneThreadAndTheOthersKeepTheirSchedule() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch threeRuns = new CountDownLatch(3);
    try (Scheduler scheduler =
        Scheduler.system(Clock.systemUTC(), 2, "test-stuck", TaskFailureHandler.logging())) {
      scheduler.schedule(
          "stuck",
          Duration.ZERO,
          () -> {
            stuck.countDown();
            try {
              new CountDownLatch(1).await(); // until close() interrupts it
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
      scheduler.scheduleEvery("steady", Duration.ZERO, Duration.ofMillis(5), threeRuns::countDown);

      assertThat(threeRuns.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aTaskThatClosesItsSchedulerDoesNotWaitForItself() throws Exception {
    Scheduler scheduler =
        Scheduler.system(Clock.systemUTC(), 1, "test-self-close", TaskFailureHandler.logging());
    CountDownLatch closed = new CountDownLatch(1);
    AtomicInteger laterRuns = new AtomicInteger();
    scheduler.schedule("later", Duration.ofMillis(50), laterRuns::incrementAndGet);
    scheduler.schedule(
        "closer",
        Duration.ZERO,
        () -> {
          scheduler.close();
          closed.countDown();
        });

    // close() waits up to 10 s for the pool; from its own thread it must not wait for itself
    assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(laterRuns).hasValue(0);
  }

  @Test
  void schedulingWhileAnotherThreadClosesEitherThrowsIllegalStateOrGivesACancelledTask()
      throws Exception {
    // Each round, one thread schedules as fast as it can while another closes the scheduler. A
    // schedule racing close() must end either way the Javadoc promises: a handle that close()
    // cancelled, or IllegalStateException; never the executor's RejectedExecutionException.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    int rounds = 0;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      while (rounds < 2_000 && System.nanoTime() < deadline) {
        rounds++;
        Scheduler scheduler =
            Scheduler.system(Clock.systemUTC(), 1, "test-race", TaskFailureHandler.logging());
        CyclicBarrier start = new CyclicBarrier(2);
        Future<List<ScheduledTask>> scheduled =
            threads.submit(
                () -> {
                  List<ScheduledTask> handles = new ArrayList<>();
                  start.await(5, TimeUnit.SECONDS);
                  while (true) {
                    try {
                      handles.add(scheduler.schedule("t", Duration.ofHours(1), () -> {}));
                      handles.add(
                          scheduler.scheduleEvery(
                              "p", Duration.ofHours(1), Duration.ofHours(1), () -> {}));
                    } catch (IllegalStateException closed) {
                      return handles;
                    }
                  }
                });
        Future<?> closed =
            threads.submit(
                () -> {
                  start.await(5, TimeUnit.SECONDS);
                  scheduler.close();
                  return null;
                });

        closed.get(5, TimeUnit.SECONDS);
        List<ScheduledTask> handles;
        try {
          handles = scheduled.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw new AssertionError("round " + rounds + ": schedule threw " + e.getCause(), e);
        }
        assertThat(handles).allMatch(ScheduledTask::isCancelled);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(rounds).isPositive();
  }

  @Test
  void aSecondCloseDuringTheFirstAlsoWaitsForTheRunningTask() throws Exception {
    Scheduler scheduler =
        Scheduler.system(Clock.systemUTC(), 1, "test-close-twice", TaskFailureHandler.logging());
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean taskEnded = new AtomicBoolean();
    scheduleWorkThatOutlastsInterrupts(scheduler, started, release, taskEnded);
    ScheduledTask pending = scheduler.schedule("pending", Duration.ofHours(1), () -> {});
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    Thread first = new Thread(scheduler::close, "first-close");
    first.start();
    awaitCondition(pending::isCancelled); // the first close() has begun

    AtomicReference<Boolean> endedWhenSecondReturned = new AtomicReference<>();
    Thread second =
        new Thread(
            () -> {
              scheduler.close();
              endedWhenSecondReturned.set(taskEnded.get());
            },
            "second-close");
    second.start();
    // the task goes on until the second close() has returned or is waiting
    awaitCondition(
        () ->
            second.getState() == Thread.State.TERMINATED
                || second.getState() == Thread.State.TIMED_WAITING
                || second.getState() == Thread.State.WAITING);
    release.countDown();
    second.join(5_000);
    first.join(5_000);

    assertThat(endedWhenSecondReturned.get()).isTrue();
  }

  @Test
  void aTaskThatClosesItsSchedulerWhileAnotherCloseWaitsDoesNotWaitForItself() throws Exception {
    CountDownLatch closedFromTask = new CountDownLatch(1);
    CountDownLatch bothStarted = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler scheduler =
        Scheduler.system(Clock.systemUTC(), 2, "test-close-inside", TaskFailureHandler.logging());
    scheduleWorkThatOutlastsInterrupts(scheduler, bothStarted, release, new AtomicBoolean());
    scheduler.schedule(
        "closes-on-interrupt",
        Duration.ZERO,
        () -> {
          bothStarted.countDown();
          try {
            new CountDownLatch(1).await(5, TimeUnit.SECONDS); // until close() interrupts it
          } catch (InterruptedException e) {
            scheduler.close(); // while the first close() waits for both tasks
            closedFromTask.countDown();
          }
        });
    assertThat(bothStarted.await(5, TimeUnit.SECONDS)).isTrue();
    Thread first = new Thread(scheduler::close, "first-close");
    first.start();

    // close() waits up to 10 s; from a task of its own it returns at once, the other task running
    assertThat(closedFromTask.await(5, TimeUnit.SECONDS)).isTrue();
    release.countDown();
    first.join(5_000);
    assertThat(first.isAlive()).isFalse();
  }

  /**
   * Schedules a task that counts {@code started} down, then goes on until {@code release} is
   * counted down (five seconds at most), whatever interrupts it, and sets {@code ended}.
   */
  private static void scheduleWorkThatOutlastsInterrupts(
      Scheduler scheduler, CountDownLatch started, CountDownLatch release, AtomicBoolean ended) {
    scheduler.schedule(
        "finishes-its-work",
        Duration.ZERO,
        () -> {
          started.countDown();
          awaitIgnoringInterrupts(release);
          ended.set(true);
        });
  }

  /** Spins until {@code condition} holds, five seconds at most. */
  private static void awaitCondition(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  /** Waits up to five seconds for {@code latch}, whatever interrupts the thread meanwhile. */
  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (latch.getCount() > 0 && System.nanoTime() < deadline) {
      try {
        latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        // keep waiting: this task finishes its work before it ends
      }
    }
  }

  @Test
  void forClockGivesASystemSchedulerForOtherClocks() {
    Clock clock = Clock.systemUTC();
    try (Scheduler scheduler = Scheduler.forClock(clock)) {
      assertThat(scheduler.clock()).isSameAs(clock);
      assertThat(scheduler.toString()).startsWith("SystemScheduler");
    }
  }
}
