package dev.shipshape.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.slo.WindowEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bounded stress: many threads through one guard, with exact totals; and closing the application
 * while calls wait on the scheduler, or start, on every thread.
 */
class GuardConcurrencyTest {

  private static final int THREADS = 4;
  private static final int CALLS_PER_THREAD = 400;

  private final GuardKit kit = new GuardKit();
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void close() {
    pool.shutdownNow();
    kit.close();
  }

  @Test
  void aBulkheadNeverAdmitsMoreThanItsLimitAndEveryCallIsCountedOnce() throws Exception {
    Guard guard = kit.guard("payments", g -> g.bulkhead(3).slo("payments"));
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      workers.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                  try {
                    guard.call(
                        () -> {
                          int now = inside.incrementAndGet();
                          maxInside.accumulateAndGet(now, Math::max);
                          Thread.yield();
                          inside.decrementAndGet();
                          return "ok";
                        });
                    succeeded.incrementAndGet();
                  } catch (GuardException e) {
                    rejected.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> w : workers) {
      w.get(30, TimeUnit.SECONDS);
    }

    int total = THREADS * CALLS_PER_THREAD;
    assertThat(maxInside.get()).isBetween(1, 3);
    assertThat(succeeded.get() + rejected.get()).isEqualTo(total);
    Map<Outcome, Long> outcomes =
        kit.calls().stream()
            .collect(Collectors.groupingBy(GuardedCallCompleted::outcome, Collectors.counting()));
    assertThat(outcomes.getOrDefault(Outcome.SUCCESS, 0L)).isEqualTo(succeeded.get());
    assertThat(outcomes.getOrDefault(Outcome.REJECTED_BY_BULKHEAD, 0L)).isEqualTo(rejected.get());
    assertThat(kit.slo().events(Duration.ofHours(1)))
        .isEqualTo(new WindowEvents(succeeded.get(), rejected.get()));
    assertThat(guard.call(() -> "slots all released")).isEqualTo("slots all released");
  }

  @Test
  void closingAnswersAsynchronousAttemptsWaitingForTheirDeadlineOnEveryThread() throws Exception {
    Guard guard = kit.guard("payments", g -> g.timeout(Duration.ofHours(1)));
    List<Future<List<CompletableFuture<String>>>> started =
        onEveryThread(
            () -> {
              List<CompletableFuture<String>> mine = new ArrayList<>();
              for (int i = 0; i < 25; i++) {
                mine.add(neverAnswered(guard));
              }
              return mine;
            });
    List<CompletableFuture<String>> calls = gathered(started);
    assertThat(calls).hasSize(THREADS * 25);
    assertThat(calls).noneMatch(CompletableFuture::isDone);

    kit.app().close();

    assertThat(CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])))
        .failsWithin(Duration.ofSeconds(10));
    for (CompletableFuture<String> call : calls) {
      assertThat(call.handle((v, e) -> e).join()).hasMessageContaining("guards are closed");
    }
  }

  @Test
  void anAttemptThatStartsWhileTheApplicationClosesIsAnsweredNotLeftWaiting() throws Exception {
    Guard guard = kit.guard("payments", g -> g.timeout(Duration.ofHours(1)));
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch running = new CountDownLatch(THREADS);
    List<Future<List<CompletableFuture<String>>>> callers =
        onEveryThread(
            () -> {
              List<CompletableFuture<String>> mine = new ArrayList<>();
              running.countDown();
              // calls while the application closes (a bounded number of them)...
              while (!stop.get()) {
                if (mine.size() < 2_000) {
                  mine.add(neverAnswered(guard));
                } else {
                  Thread.onSpinWait();
                }
              }
              // ...and after it closed, which must be refused at once
              for (int i = 0; i < 100; i++) {
                mine.add(neverAnswered(guard));
              }
              return mine;
            });
    running.await(10, TimeUnit.SECONDS);
    Thread.sleep(2);
    kit.app().close();
    stop.set(true);

    List<CompletableFuture<String>> calls = gathered(callers);
    assertThat(calls).hasSizeGreaterThanOrEqualTo(THREADS * 100);
    // every call ends: answered by the close, or refused because the guards were closed
    assertThat(CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])))
        .failsWithin(Duration.ofSeconds(10));
    assertThat(calls).allMatch(CompletableFuture::isCompletedExceptionally);
  }

  @Test
  void aSynchronousCallUnderATimeoutAfterCloseIsAGuardExceptionAndStartsNoThreadNorTheCall()
      throws Exception {
    Guard guard = kit.guard("payments", g -> g.timeout(Duration.ofHours(1)));
    kit.app().close();
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    CountDownLatch ran = new CountDownLatch(1);

    assertThatThrownBy(
            () ->
                guard.call(
                    () -> {
                      ran.countDown();
                      return "paid";
                    }))
        .isInstanceOf(GuardException.class)
        .hasMessageContaining("guards are closed");
    assertThat(guard.call(() -> "paid", e -> "fallback: " + e.getMessage()))
        .isEqualTo("fallback: guard 'payments' stopped waiting: guards are closed");

    assertThat(ran.await(200, TimeUnit.MILLISECONDS)).as("the call ran after close()").isFalse();
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    assertThat(started).extracting(Thread::getName).noneMatch(n -> n.startsWith("shipshape"));
  }

  @Test
  void closingEndsASynchronousCallRunningUnderItsTimeoutAndWaitsForItsThread() throws Exception {
    Guard guard = kit.guard("payments", g -> g.timeout(Duration.ofHours(1)));
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Thread> callThread = new AtomicReference<>();
    Future<Object> caller =
        pool.submit(
            () -> {
              try {
                return guard.call(
                    () -> {
                      callThread.set(Thread.currentThread());
                      started.countDown();
                      try {
                        new CountDownLatch(1).await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        // a call that takes a little while to stop once interrupted
                        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                        while (System.nanoTime() < until) {
                          Thread.onSpinWait();
                        }
                      }
                      return "paid";
                    });
              } catch (RuntimeException e) {
                return e;
              }
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> kit.app().close());

    assertThat(callThread.get().isAlive())
        .as("the guard thread running the call, once close() has returned")
        .isFalse();
    assertThat(caller.get(5, TimeUnit.SECONDS))
        .isInstanceOf(GuardException.class)
        .extracting(e -> ((Throwable) e).getMessage())
        .isEqualTo("guard 'payments' stopped waiting: guards are closed");
  }

  @Test
  void closingEndsAnAsynchronousCallTimedOutWhileItsExecutorHasNoThreadToEndIt() throws Exception {
    // an executor whose threads are all stuck in hung calls: it queues, and runs nothing
    List<Runnable> queued = new CopyOnWriteArrayList<>();
    Guard guard = kit.guard("payments", g -> g.timeout(Duration.ofSeconds(1)).executor(queued::add));
    CompletableFuture<String> call =
        guard.callAsync(() -> new CompletableFuture<String>()).toCompletableFuture();
    kit.clock.advance(Duration.ofSeconds(2));
    assertThat(queued).as("the timed-out attempt's ending, waiting for the executor").hasSize(1);
    assertThat(call).isNotDone();

    kit.app().close();

    assertThat(call).failsWithin(Duration.ofSeconds(5));
    // read the failure itself: what get() throws for a cancelled stage differs between JDKs
    assertThat(call.handle((v, e) -> e).join())
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("guards are closed");
    queued.forEach(Runnable::run); // the executor gets round to it at last: nothing changes
    assertThat(call.handle((v, e) -> e).join())
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("guards are closed");
  }

  /** Runs {@code calls} once on each of the pool's threads. */
  private List<Future<List<CompletableFuture<String>>>> onEveryThread(
      Callable<List<CompletableFuture<String>>> calls) {
    List<Future<List<CompletableFuture<String>>>> started = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      started.add(pool.submit(calls));
    }
    return started;
  }

  /** Every call the threads started, once each thread has returned. */
  private static List<CompletableFuture<String>> gathered(
      List<Future<List<CompletableFuture<String>>>> started) throws Exception {
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (Future<List<CompletableFuture<String>>> f : started) {
      calls.addAll(f.get(10, TimeUnit.SECONDS));
    }
    return calls;
  }

  private static CompletableFuture<String> neverAnswered(Guard guard) {
    return guard.callAsync(GuardConcurrencyTest::answerThatNeverComes).toCompletableFuture();
  }

  /** A dependency that never answers: only the deadline or the close can end the call. */
  private static CompletionStage<String> answerThatNeverComes() {
    return new CompletableFuture<>();
  }
}
