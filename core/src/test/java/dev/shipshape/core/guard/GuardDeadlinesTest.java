package dev.shipshape.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous attempts under a timeout, many at a time: each one ends at its own deadline or
 * with its answer, whichever comes first, while the guard keeps at most one deadline task on the
 * scheduler for all of them, so attempts that answer in time schedule and cancel nothing.
 */
class GuardDeadlinesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final ManualClock clock = ManualClock.create();
  private final Scheduler manual = Scheduler.manual(clock);
  /** How many deadline tasks the guards scheduled. */
  private final AtomicInteger deadlineTasks = new AtomicInteger();
  /** Whether the scheduler refuses deadline tasks, as one that is shutting down does. */
  private volatile boolean refusing;

  /** The manual scheduler, counting the guards' deadline tasks and refusing them on demand. */
  private final Scheduler scheduler =
      new ForwardingScheduler(
          manual,
          clock,
          name -> {
            if (name.startsWith("guard-timeout-")) {
              deadlineTasks.incrementAndGet();
              if (refusing) {
                throw new RejectedExecutionException("the scheduler is shutting down");
              }
            }
          });

  private final List<Shipshape> apps = new ArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    apps.forEach(Shipshape::close);
    scheduler.close();
  }

  /** A guard with {@code timeout} whose calls end on the thread that ends them. */
  private Guard guard(Scheduler scheduler, Clock clock, Duration timeout) {
    Shipshape app =
        Shipshape.builder()
            .clock(clock)
            .scheduler(scheduler)
            .logging(false)
            .guard("payments", g -> g.timeout(timeout).executor(Runnable::run))
            .build();
    apps.add(app);
    return app.guard("payments");
  }

  /** A guard with {@link #TIMEOUT} on the manual clock. */
  private Guard guard() {
    return guard(scheduler, clock, TIMEOUT);
  }

  /** One call: its answer, which the test gives or withholds, and when and how the call ended. */
  private final class Call {
    final CompletableFuture<String> answer = new CompletableFuture<>();
    final CompletableFuture<String> result;
    final Instant started = clock.instant();
    volatile @Nullable Instant ended;

    Call(Guard guard) {
      result = guard.callAsync(() -> answer).toCompletableFuture();
      result.whenComplete((v, e) -> ended = clock.instant());
    }

    Outcome outcome() {
      return outcomeOf(result);
    }

    /** Checks that the call timed out exactly one timeout after it started. */
    void timedOutAtItsDeadline() {
      assertThat(outcome()).isEqualTo(Outcome.TIMEOUT);
      assertThat(ended).isEqualTo(started.plus(TIMEOUT));
    }
  }

  /** How a finished call ended: success, or the outcome of the guard's exception. */
  private static Outcome outcomeOf(CompletableFuture<String> result) {
    Throwable e = failureOf(result);
    return e == null ? Outcome.SUCCESS : ((GuardException) e).outcome();
  }

  /**
   * What a finished call failed with, as its caller sees it, or null when it succeeded; fails
   * when the call has not ended.
   */
  private static @Nullable Throwable failureOf(CompletableFuture<String> result) {
    assertThat(result).as("the call has ended").isDone();
    Throwable e = result.handle((v, x) -> x).join();
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  @Test
  void attemptsThatAnswerInTimeShareOneDeadlineTaskAndLeaveNoneBehind() {
    Guard guard = guard();
    List<Call> calls = IntStream.range(0, 1_000).mapToObj(i -> new Call(guard)).toList();
    // a task of its own for each attempt would make a thousand
    assertThat(deadlineTasks).hasValue(1);

    clock.advance(Duration.ofMillis(90));
    calls.forEach(c -> c.answer.complete("paid"));
    clock.advance(TIMEOUT.multipliedBy(5));

    assertThat(calls).allSatisfy(c -> assertThat(c.result).isCompletedWithValue("paid"));
    // the task came once, found no attempt waiting and did not arm itself again
    assertThat(deadlineTasks).hasValue(1);
  }

  @Test
  void eachAttemptEndsAtItsOwnDeadlineOrWithItsAnswerWhicheverComesFirst() {
    Guard guard = guard();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(new Call(guard));
      // every third attempt is answered, 300 ms after it started; the others never are
      if (i >= 2 && (i - 2) % 3 == 0) {
        calls.get(i - 2).answer.complete("paid");
      }
      clock.advance(Duration.ofMillis(150));
    }
    clock.advance(Duration.ofSeconds(2));

    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      if (i % 3 == 0 && i <= 17) {
        assertThat(c.outcome()).as("call %d", i).isEqualTo(Outcome.SUCCESS);
        assertThat(c.ended).as("call %d", i).isEqualTo(c.started.plusMillis(300));
      } else {
        assertThat(c.outcome()).as("call %d", i).isEqualTo(Outcome.TIMEOUT);
        assertThat(c.ended).as("call %d", i).isEqualTo(c.started.plus(TIMEOUT));
      }
    }
  }

  /**
   * Random scripts of calls, answers, waits and moves of the clock back, against a model: each
   * call ends exactly when its answer or its deadline comes, whichever is first, and only then.
   */
  @Test
  void everyCallEndsWhenItsAnswerOrItsDeadlineComesWhicheverIsFirstWhateverTheClockDoes() {
    qt().withExamples(200)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              ManualClock time = ManualClock.create();
              Scheduler tasks = Scheduler.manual(time);
              Duration timeout = Duration.ofMillis(2 * (1 + random.nextInt(1_500)));
              Guard guard = guard(tasks, time, timeout);
              List<CompletableFuture<String>> results = new ArrayList<>();
              List<@Nullable Instant> ended = new ArrayList<>();
              List<Instant> expectedEnd = new ArrayList<>();
              List<Outcome> expectedOutcome = new ArrayList<>();
              for (int step = 0; step < 60; step++) {
                int what = random.nextInt(10);
                if (what < 5) {
                  // a call whose answer comes after an odd number of milliseconds, so never at
                  // the instant of its (even) deadline, or never
                  CompletableFuture<String> answer = new CompletableFuture<>();
                  Instant started = time.instant();
                  int index = results.size();
                  ended.add(null);
                  CompletableFuture<String> result =
                      guard.callAsync(() -> answer).toCompletableFuture();
                  result.whenComplete((v, e) -> ended.set(index, time.instant()));
                  results.add(result);
                  Duration answerAfter = Duration.ofMillis(1 + 2L * random.nextInt(2_000));
                  if (random.nextInt(4) == 0) {
                    answerAfter = Duration.ofDays(1); // never, within the script
                  }
                  tasks.schedule("answer", answerAfter, () -> answer.complete("paid"));
                  boolean answeredFirst = answerAfter.compareTo(timeout) < 0;
                  expectedEnd.add(started.plus(answeredFirst ? answerAfter : timeout));
                  expectedOutcome.add(answeredFirst ? Outcome.SUCCESS : Outcome.TIMEOUT);
                } else if (what < 9) {
                  time.advance(Duration.ofMillis(random.nextInt(1_500)));
                } else {
                  time.set(time.instant().minusMillis(random.nextInt(3_000)));
                }
              }
              time.advance(Duration.ofHours(1));
              for (int i = 0; i < results.size(); i++) {
                assertThat(outcomeOf(results.get(i)))
                    .as("call %d", i)
                    .isEqualTo(expectedOutcome.get(i));
                assertThat(ended.get(i)).as("call %d", i).isEqualTo(expectedEnd.get(i));
              }
              tasks.close();
            });
  }

  @Test
  void aDeadlineStillFiresOnTimeAfterTheClockWentBack() {
    Guard guard = guard();
    Call before = new Call(guard);
    clock.set(before.started.minus(Duration.ofMinutes(10)));
    Call after = new Call(guard);

    clock.advance(TIMEOUT);

    // the later attempt is due ten minutes before the one ahead of it in the line
    after.timedOutAtItsDeadline();
    assertThat(before.result).isNotDone();

    clock.advance(Duration.ofMinutes(10));
    before.timedOutAtItsDeadline();
  }

  @Test
  void whenTheSchedulerRefusesADeadlineEveryAttemptWaitingForOneIsAnswered() {
    Guard guard = guard();
    Call first = new Call(guard);
    clock.advance(Duration.ofMillis(500));
    Call second = new Call(guard);
    refusing = true;

    // the first deadline fires, and the task cannot be armed again for the second attempt
    clock.advance(Duration.ofMillis(500));
    first.timedOutAtItsDeadline();
    assertThat(second.result).isCompletedExceptionally();
    assertThat(failureOf(second.result))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessage("the scheduler is shutting down");

    // an attempt that starts now cannot have a deadline either: it is answered at once
    Call third = new Call(guard);
    assertThat(failureOf(third.result)).isInstanceOf(RejectedExecutionException.class);
    assertThat(third.answer).isNotDone();
  }

  @Test
  void anAttemptStartedAfterTheSchedulerClosedIsAnsweredAtOnceThoughATaskWasArmed() {
    Guard guard = guard();
    Call waiting = new Call(guard);
    clock.advance(Duration.ofMillis(10));
    manual.close(); // drops the task armed for the waiting attempt's deadline

    Call late = new Call(guard);

    assertThat(failureOf(late.result))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scheduler is closed");
    // the waiting attempt has no deadline task left either: it is answered with the same refusal
    assertThat(failureOf(waiting.result)).isSameAs(failureOf(late.result));
  }

  @Test
  void anExecutorThatFailsToTakeOneTimeoutKeepsNoOtherAttemptWaiting() {
    AtomicInteger handed = new AtomicInteger();
    Executor failingOnce =
        step -> {
          if (handed.getAndIncrement() == 0) {
            throw new IllegalStateException("the executor is restarting");
          }
          step.run();
        };
    Shipshape app =
        Shipshape.builder()
            .clock(clock)
            .scheduler(scheduler)
            .logging(false)
            .guard("payments", g -> g.timeout(TIMEOUT).executor(failingOnce))
            .build();
    apps.add(app);
    Call first = new Call(app.guard("payments"));
    Call second = new Call(app.guard("payments")); // due at the same instant, in the same cut

    clock.advance(TIMEOUT);

    first.timedOutAtItsDeadline(); // ended on the scheduler's thread instead
    second.timedOutAtItsDeadline();
  }

  @Test
  void aSchedulerForwardingToTheSystemOneTimesAttemptsOutThoughItsClockStandsStill()
      throws Exception {
    Clock stopped = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
    Scheduler real = Scheduler.system(stopped, 1, "test-deadlines", (name, e) -> {});
    try {
      // a decorator that does not name its ticker: the default measures real time
      Guard guard = guard(new ForwardingScheduler(real, stopped), stopped, Duration.ofMillis(50));
      CompletableFuture<String> call =
          guard.callAsync(CompletableFuture<String>::new).toCompletableFuture();

      call.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
      assertThat(outcomeOf(call)).isEqualTo(Outcome.TIMEOUT);
    } finally {
      real.close();
    }
  }

  @Test
  void onTheSystemSchedulerDeadlinesPassInRealTimeEvenWhenTheClockStandsStill() throws Exception {
    Clock stopped = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
    Scheduler real = Scheduler.system(stopped, 1, "test-deadlines", (name, e) -> {});
    try {
      Guard guard = guard(real, stopped, Duration.ofMillis(50));
      CompletableFuture<String> first =
          guard.callAsync(CompletableFuture<String>::new).toCompletableFuture();
      CompletableFuture<String> second =
          guard.callAsync(CompletableFuture<String>::new).toCompletableFuture();

      CompletableFuture.allOf(first, second).handle((v, e) -> null).get(10, TimeUnit.SECONDS);
      assertThat(outcomeOf(first)).isEqualTo(Outcome.TIMEOUT);
      assertThat(outcomeOf(second)).isEqualTo(Outcome.TIMEOUT);
    } finally {
      real.close();
    }
  }

  @Test
  void onTheSystemSchedulerAttemptsOnManyThreadsEachEndOnceInTheirOwnWay() throws Exception {
    Clock system = Clock.systemUTC();
    Scheduler real = Scheduler.forClock(system);
    try {
      Guard guard = guard(real, system, Duration.ofMillis(50));
      Map<Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
      List<Future<List<CompletableFuture<String>>>> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        threads.add(
            pool.submit(
                () -> {
                  List<CompletableFuture<String>> mine = new ArrayList<>();
                  for (int i = 0; i < 2_000; i++) {
                    CompletableFuture<String> answer = new CompletableFuture<>();
                    CompletableFuture<String> result =
                        guard.callAsync(() -> answer).toCompletableFuture();
                    if (i % 2 == 0) {
                      answer.complete("paid"); // half answer at once, half never
                    }
                    mine.add(result);
                  }
                  return mine;
                }));
      }
      List<CompletableFuture<String>> results = new ArrayList<>();
      for (Future<List<CompletableFuture<String>>> f : threads) {
        results.addAll(f.get(30, TimeUnit.SECONDS));
      }
      CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
          .handle((v, e) -> null)
          .get(30, TimeUnit.SECONDS);
      for (CompletableFuture<String> r : results) {
        outcomes.computeIfAbsent(outcomeOf(r), k -> new AtomicInteger()).incrementAndGet();
      }
      assertThat(outcomes).containsOnlyKeys(Outcome.SUCCESS, Outcome.TIMEOUT);
      assertThat(outcomes.get(Outcome.SUCCESS)).hasValue(4_000);
      assertThat(outcomes.get(Outcome.TIMEOUT)).hasValue(4_000);
    } finally {
      real.close();
    }
  }
}
