package dev.shipshape.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  private final ManualClock clock = ManualClock.at(START);
  private final List<String> failures = new ArrayList<>();
  private final Scheduler scheduler =
      Scheduler.manual(clock, (name, failure) -> failures.add(name + ": " + failure.getMessage()));

  @Test
  void aTaskEveryMinuteRunsSixtyTimesInAnHourEachAtItsDueInstant() {
    List<Instant> runs = new ArrayList<>();
    scheduler.scheduleEvery(
        "poll", Duration.ofMinutes(1), Duration.ofMinutes(1), () -> runs.add(clock.instant()));

    clock.advance(Duration.ofHours(1));

    assertThat(runs).hasSize(60);
    assertThat(runs.get(0)).isEqualTo(START.plusSeconds(60));
    assertThat(runs.get(59)).isEqualTo(START.plusSeconds(3600));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(3600));
  }

  @Test
  void itsTickerIsItsClock() {
    Ticker ticker = scheduler.ticker();
    long start = ticker.read();
    AtomicReference<Long> readWhenRun = new AtomicReference<>();
    scheduler.schedule("once", Duration.ofSeconds(90), () -> readWhenRun.set(ticker.read()));

    clock.advance(Duration.ofMinutes(5));

    assertThat(readWhenRun.get() - start).isEqualTo(Duration.ofSeconds(90).toNanos());
    assertThat(ticker.read() - start).isEqualTo(Duration.ofMinutes(5).toNanos());
  }

  @Test
  void runsDueTasksInDueOrderAndTiesInTheOrderTheyWereScheduled() {
    List<String> order = new ArrayList<>();
    scheduler.schedule("c", Duration.ofMinutes(3), () -> order.add("c@" + clock.instant()));
    scheduler.schedule("a", Duration.ofMinutes(1), () -> order.add("a@" + clock.instant()));
    scheduler.schedule("b1", Duration.ofMinutes(2), () -> order.add("b1"));
    scheduler.schedule("b2", Duration.ofMinutes(2), () -> order.add("b2"));

    clock.advance(Duration.ofMinutes(10));

    assertThat(order)
        .containsExactly(
            "a@" + START.plusSeconds(60), "b1", "b2", "c@" + START.plusSeconds(180));
  }

  @Test
  void runsOnlyWhatIsDueAndTheRestLater() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.schedule("later", Duration.ofSeconds(90), runs::incrementAndGet);

    clock.advance(Duration.ofSeconds(89));
    assertThat(runs).hasValue(0);
    clock.advance(Duration.ofSeconds(1));
    assertThat(runs).hasValue(1);
    clock.advance(Duration.ofDays(1));
    assertThat(runs).hasValue(1);
  }

  @Test
  void advancingByZeroRunsWhatIsAlreadyDue() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.schedule("now", Duration.ZERO, runs::incrementAndGet);
    scheduler.schedule("past", Duration.ofSeconds(-5), runs::incrementAndGet);

    assertThat(runs).hasValue(0);
    clock.advance(Duration.ZERO);

    assertThat(runs).hasValue(2);
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void cancelledTasksDoNotRunAndATaskCanCancelItself() {
    AtomicInteger cancelledRuns = new AtomicInteger();
    AtomicInteger selfCancelling = new AtomicInteger();
    ScheduledTask cancelled =
        scheduler.scheduleEvery(
            "cancelled", Duration.ZERO, Duration.ofSeconds(1), cancelledRuns::incrementAndGet);
    AtomicReference<ScheduledTask> self = new AtomicReference<>();
    self.set(
        scheduler.scheduleEvery(
            "self",
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            () -> {
              if (selfCancelling.incrementAndGet() == 3) {
                self.get().cancel();
              }
            }));

    cancelled.cancel();
    cancelled.cancel();
    clock.advance(Duration.ofMinutes(1));

    assertThat(cancelledRuns).hasValue(0);
    assertThat(cancelled.isCancelled()).isTrue();
    assertThat(selfCancelling).hasValue(3);
    assertThat(self.get().isCancelled()).isTrue();
  }

  @Test
  void aTaskCanScheduleAnotherThatRunsInTheSameAdvanceWhenDue() {
    List<String> runs = new ArrayList<>();
    scheduler.schedule(
        "first",
        Duration.ofSeconds(10),
        () -> {
          runs.add("first@" + clock.instant());
          scheduler.schedule("second", Duration.ofSeconds(5), () -> runs.add("second@" + clock.instant()));
          scheduler.schedule("third", Duration.ofHours(2), () -> runs.add("third"));
        });

    clock.advance(Duration.ofMinutes(1));

    assertThat(runs)
        .containsExactly("first@" + START.plusSeconds(10), "second@" + START.plusSeconds(15));
  }

  @Test
  void aTaskThatThrowsIsReportedAndKeepsItsSchedule() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.scheduleEvery(
        "flaky",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        () -> {
          if (runs.incrementAndGet() % 2 == 0) {
            throw new IllegalStateException("boom " + runs.get());
          }
        });

    clock.advance(Duration.ofSeconds(6));

    assertThat(runs).hasValue(6);
    assertThat(failures).containsExactly("flaky: boom 2", "flaky: boom 4", "flaky: boom 6");
  }

  @Test
  void aFailingFailureHandlerDoesNotStopTheSchedule() {
    AtomicInteger runs = new AtomicInteger();
    Scheduler strict =
        Scheduler.manual(
            clock,
            (name, failure) -> {
              throw new IllegalStateException("handler broken");
            });
    strict.scheduleEvery(
        "always-fails",
        Duration.ZERO,
        Duration.ofSeconds(1),
        () -> {
          runs.incrementAndGet();
          throw new IllegalArgumentException("task broken");
        });

    clock.advance(Duration.ofSeconds(2));

    assertThat(runs).hasValue(3);
  }

  @Test
  void aStackOverflowInATaskIsReportedAndTheAdvanceCarriesOn() {
    AtomicInteger later = new AtomicInteger();
    scheduler.scheduleEvery(
        "recursive",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        () -> {
          throw new StackOverflowError("too deep");
        });
    scheduler.schedule("later", Duration.ofSeconds(2), later::incrementAndGet);

    clock.advance(Duration.ofSeconds(3));

    assertThat(failures)
        .containsExactly("recursive: too deep", "recursive: too deep", "recursive: too deep");
    assertThat(later).hasValue(1);
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(3));
  }

  @Test
  void anOutOfMemoryErrorInATaskReachesTheCallerAndLeavesTheClockUsable() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.schedule(
        "hungry",
        Duration.ofSeconds(1),
        () -> {
          throw new OutOfMemoryError("raised by the test");
        });
    scheduler.scheduleEvery(
        "steady", Duration.ofSeconds(2), Duration.ofSeconds(2), runs::incrementAndGet);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(3)))
        .isInstanceOf(OutOfMemoryError.class);
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(1)); // where the error stopped it
    clock.advance(Duration.ofSeconds(3));

    assertThat(runs).hasValue(2); // at 2 s and 4 s, each once
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(4));
    assertThat(failures).isEmpty();
  }

  @Test
  void aHandlerThatRethrowsTheFailureOrThrowsAnErrorDoesNotReachTheCaller() {
    TaskFailureHandler rethrowing =
        (name, failure) -> {
          if (failure instanceof RuntimeException runtime) {
            throw runtime;
          }
        };
    TaskFailureHandler asserting =
        (name, failure) -> {
          throw new AssertionError("handler asserted");
        };

    assertThat(runsOfAFailingTaskEverySecondFor2s(rethrowing)).isEqualTo(2);
    assertThat(runsOfAFailingTaskEverySecondFor2s(asserting)).isEqualTo(2);
  }

  @Test
  void aFailureWhoseToStringThrowsIsStillIsolated() {
    assertThat(runsOfAFailingTaskEverySecondFor2s((name, failure) -> failures.add("" + failure)))
        .isEqualTo(2);
  }

  /** Advances 2 s with a task every second that throws, on a scheduler with {@code handler}. */
  private int runsOfAFailingTaskEverySecondFor2s(TaskFailureHandler handler) {
    Instant start = clock.instant();
    AtomicInteger runs = new AtomicInteger();
    Scheduler failing = Scheduler.manual(clock, handler);
    failing.scheduleEvery(
        "failing",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        () -> {
          runs.incrementAndGet();
          throw new IllegalStateException() {
            @Override
            public String toString() {
              throw new UnsupportedOperationException("no description");
            }
          };
        });

    clock.advance(Duration.ofSeconds(2));
    failing.close();

    assertThat(clock.instant()).isEqualTo(start.plusSeconds(2));
    return runs.get();
  }

  @Test
  void closingTheSchedulerFromItsOwnTaskStopsEverythingAtOnce() {
    List<String> runs = new ArrayList<>();
    scheduler.scheduleEvery(
        "closer",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        () -> {
          runs.add("closer");
          scheduler.close();
        });
    scheduler.schedule("same-instant", Duration.ofSeconds(1), () -> runs.add("same-instant"));

    clock.advance(Duration.ofMinutes(1));

    assertThat(runs).containsExactly("closer");
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(60));
  }

  @Test
  void aTaskCancelsAnotherDueAtTheSameInstant() {
    List<String> runs = new ArrayList<>();
    AtomicReference<ScheduledTask> victim = new AtomicReference<>();
    scheduler.schedule(
        "canceller",
        Duration.ofSeconds(1),
        () -> {
          runs.add("canceller");
          victim.get().cancel();
        });
    victim.set(
        scheduler.scheduleEvery(
            "victim", Duration.ofSeconds(1), Duration.ofSeconds(1), () -> runs.add("victim")));

    clock.advance(Duration.ofSeconds(5));

    assertThat(runs).containsExactly("canceller");
    assertThat(victim.get().isCancelled()).isTrue();
  }

  @Test
  void largeAdvancesRunEveryDueRunAndHugeDelaysNeverOverflow() {
    AtomicInteger daily = new AtomicInteger();
    AtomicInteger never = new AtomicInteger();
    scheduler.scheduleEvery("daily", Duration.ofDays(1), Duration.ofDays(1), daily::incrementAndGet);
    scheduler.schedule("never", Duration.ofSeconds(Long.MAX_VALUE), never::incrementAndGet);
    scheduler.scheduleEvery(
        "huge-period", Duration.ZERO, Duration.ofSeconds(Long.MAX_VALUE), never::incrementAndGet);

    clock.advance(Duration.ofDays(3650));

    assertThat(daily).hasValue(3650);
    assertThat(never).hasValue(1); // the huge-period task's first run only
    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(3650)));
  }

  /** The last instant a ManualClock can show: 2262-04-11T23:47:16.854775807Z. */
  private static final Instant LAST = Instant.ofEpochSecond(0, Long.MAX_VALUE);

  @Test
  void aTaskDueAtTheClocksLastInstantRunsWhenTheClockIsSetThere() {
    ManualClock clock = ManualClock.at(LAST.minusSeconds(60));
    Scheduler scheduler = Scheduler.manual(clock);
    List<Instant> runs = new ArrayList<>();
    scheduler.schedule("at-the-end", Duration.ofSeconds(60), () -> runs.add(clock.instant()));
    scheduler.schedule("beyond-the-end", Duration.ofSeconds(61), () -> runs.add(Instant.MAX));

    clock.set(LAST);

    assertThat(runs).containsExactly(LAST);
    assertThat(clock.instant()).isEqualTo(LAST);
  }

  @Test
  void tasksDueAtTheLastInstantRunInDueOrderWhenTheClockAdvancesThere() {
    ManualClock clock = ManualClock.at(LAST.minusSeconds(60));
    Scheduler scheduler = Scheduler.manual(clock);
    Scheduler second = Scheduler.manual(clock);
    List<String> runs = new ArrayList<>();
    scheduler.schedule(
        "beyond", Duration.ofSeconds(Long.MAX_VALUE), () -> runs.add("beyond"));
    second.schedule("b", Duration.ofSeconds(60), () -> runs.add("b@" + clock.instant()));
    scheduler.schedule(
        "a",
        Duration.ofSeconds(60),
        () -> {
          runs.add("a@" + clock.instant());
          // work scheduled at the last instant for now runs in the same move
          scheduler.schedule("a-then", Duration.ZERO, () -> runs.add("a-then"));
        });
    scheduler.schedule("before", Duration.ofSeconds(59), () -> runs.add("before"));

    clock.advance(Duration.ofSeconds(60));
    clock.advance(Duration.ZERO);

    assertThat(runs).containsExactly("before", "a@" + LAST, "a-then", "b@" + LAST);
  }

  @Test
  void aPeriodicTaskRunsAtTheLastInstantOnceAndItsNextRunDoesNotWrap() {
    ManualClock clock = ManualClock.at(LAST.minusSeconds(120));
    Scheduler scheduler = Scheduler.manual(clock);
    List<Instant> exact = new ArrayList<>();
    List<Instant> offset = new ArrayList<>();
    scheduler.scheduleEvery(
        "every-minute", Duration.ofSeconds(60), Duration.ofSeconds(60),
        () -> exact.add(clock.instant()));
    scheduler.scheduleEvery(
        "every-minute-at-30s", Duration.ofSeconds(30), Duration.ofSeconds(60),
        () -> offset.add(clock.instant()));

    clock.set(LAST);
    clock.advance(Duration.ZERO);
    clock.rewind(Duration.ofSeconds(1));
    clock.set(LAST);

    assertThat(exact).containsExactly(LAST.minusSeconds(60), LAST);
    assertThat(offset).containsExactly(LAST.minusSeconds(90), LAST.minusSeconds(30));
  }

  @Test
  void aDelayTooLongForALongOfNanosecondsRunsAtItsExactInstantOrNever() {
    ManualClock clock = ManualClock.at(Instant.parse("1900-01-01T00:00:00Z"));
    Scheduler scheduler = Scheduler.manual(clock);
    List<Instant> runs = new ArrayList<>();
    Duration threeCenturies = Duration.ofDays(365L * 300); // past 2^63 - 1 nanoseconds
    scheduler.schedule("in-300-years", threeCenturies, () -> runs.add(clock.instant()));
    scheduler.scheduleEvery(
        "every-300-years", Duration.ZERO, threeCenturies, () -> runs.add(clock.instant()));
    scheduler.schedule("in-400-years", Duration.ofDays(365L * 400), () -> runs.add(Instant.MAX));

    clock.set(Instant.parse("2199-01-01T00:00:00Z"));
    assertThat(runs).containsExactly(Instant.parse("1900-01-01T00:00:00Z"));

    clock.set(LAST);
    Instant due = Instant.parse("1900-01-01T00:00:00Z").plus(threeCenturies);
    assertThat(runs).containsExactly(Instant.parse("1900-01-01T00:00:00Z"), due, due);
  }

  @Test
  void movingTheClockBackDoesNotRunTasksAndTheyRunWhenTheClockReachesThemAgain() {
    List<Instant> runs = new ArrayList<>();
    scheduler.schedule("at-10m", Duration.ofMinutes(10), () -> runs.add(clock.instant()));

    clock.advance(Duration.ofMinutes(5));
    clock.rewind(Duration.ofHours(1));
    assertThat(runs).isEmpty();

    clock.set(START.plusSeconds(3600));

    assertThat(runs).containsExactly(START.plusSeconds(600));
  }

  @Test
  void schedulersOnTheSameClockRunInOneDueOrder() {
    Scheduler other = Scheduler.manual(clock);
    List<String> order = new ArrayList<>();
    other.schedule("o2", Duration.ofSeconds(2), () -> order.add("o2"));
    scheduler.schedule("s1", Duration.ofSeconds(1), () -> order.add("s1"));
    scheduler.schedule("s3", Duration.ofSeconds(3), () -> order.add("s3"));
    other.schedule("o4", Duration.ofSeconds(4), () -> order.add("o4"));

    clock.advance(Duration.ofSeconds(5));

    assertThat(order).containsExactly("s1", "o2", "s3", "o4");
  }

  @Test
  void aTaskThatMovesItsOwnClockIsReportedAsAFailure() {
    scheduler.schedule("mover", Duration.ofSeconds(1), () -> clock.advance(Duration.ofSeconds(1)));

    clock.advance(Duration.ofSeconds(2));

    assertThat(failures)
        .singleElement()
        .asString()
        .contains("mover: a ManualClock cannot be moved by a task that its scheduler is running");
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(2));
  }

  @Test
  void closingCancelsEverythingAndRefusesNewWork() {
    AtomicInteger runs = new AtomicInteger();
    ScheduledTask task =
        scheduler.scheduleEvery("t", Duration.ofSeconds(1), Duration.ofSeconds(1), runs::incrementAndGet);

    scheduler.close();
    scheduler.close();
    clock.advance(Duration.ofMinutes(1));

    assertThat(runs).hasValue(0);
    assertThat(task.isCancelled()).isTrue();
    assertThatThrownBy(() -> scheduler.schedule("late", Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scheduler is closed; task 'late' was not scheduled");
  }

  @Test
  void refusesNonPositivePeriodsNamingTheTask() {
    assertThatThrownBy(
            () -> scheduler.scheduleEvery("poll-flags", Duration.ZERO, Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("period of task 'poll-flags' was 'PT0S' but must be positive");
  }

  @Test
  void forClockPicksTheManualSchedulerForAManualClock() {
    AtomicInteger runs = new AtomicInteger();
    try (Scheduler picked = Scheduler.forClock(clock)) {
      picked.schedule("t", Duration.ofSeconds(1), runs::incrementAndGet);
      clock.advance(Duration.ofSeconds(1));
      assertThat(picked.clock()).isSameAs(clock);
    }
    assertThat(runs).hasValue(1);
  }
}
