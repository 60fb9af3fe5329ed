package dev.shipshape.core.guard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shipshape.core.internal.TelemetryHub;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline line on its own: what one entry throws keeps no other entry from its end, and
 * entries that enter, end and expire on several threads at once each end exactly once, none
 * before its deadline.
 */
class DeadlineLineTest {

  /** An entry that counts how it ended; it may throw when it is told. */
  private static final class Counted extends DeadlineLine.Entry {
    private final DeadlineLine line;
    private final boolean throwing;
    private final long notBefore;
    final AtomicInteger ends = new AtomicInteger();
    final AtomicInteger early = new AtomicInteger();
    private final AtomicBoolean claimed = new AtomicBoolean();

    Counted(DeadlineLine line, boolean throwing, long notBefore) {
      this.line = line;
      this.throwing = throwing;
      this.notBefore = notBefore;
    }

    /** The first way to end wins and takes the entry out of the line, as an attempt's does. */
    void claim() {
      if (claimed.compareAndSet(false, true)) {
        line.leave(this);
        ends.incrementAndGet();
      }
    }

    @Override
    boolean ended() {
      return claimed.get();
    }

    @Override
    void expire() {
      if (System.nanoTime() < notBefore) {
        early.incrementAndGet();
      }
      claim();
      if (throwing) {
        throw new IllegalStateException("expire failed");
      }
    }

    @Override
    void answer(Throwable failure) {
      claim();
      if (throwing) {
        throw new IllegalStateException("answer failed");
      }
    }
  }

  private final ManualClock clock = ManualClock.create();
  private final Scheduler manual = Scheduler.manual(clock, (name, e) -> {});
  private final GuardRuntime rt =
      new GuardRuntime(clock, manual, null, Map.of(), TelemetryHub.NONE);

  /** A line on the manual clock with two entries due at the same instant, the first throwing. */
  private final DeadlineLine line = DeadlineLine.create(rt, "deadline", Duration.ofSeconds(1));

  private final Counted throwing = new Counted(line, true, 0);
  private final Counted next = new Counted(line, false, 0);

  @BeforeEach
  void enterBoth() {
    line.enter(throwing);
    line.enter(next);
  }

  @Test
  void anEntryThatThrowsAtItsDeadlineKeepsTheOthersDueWithItFromNoEnd() {
    clock.advance(Duration.ofSeconds(1));

    assertThat(throwing.ends).hasValue(1);
    assertThat(next.ends).as("expired at the same deadline").hasValue(1);
  }

  @Test
  void anEntryThatThrowsWhenTheGuardsCloseKeepsTheOthersFromNoAnswer() {
    Throwable thrown = catchThrowable(rt::close);

    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("answer failed");
    assertThat(throwing.ends).hasValue(1);
    assertThat(next.ends).as("answered by the close").hasValue(1);
  }

  @Test
  void entriesOnSeveralThreadsEachEndOnceAndNoneBeforeItsDeadline() throws Exception {
    Clock system = Clock.systemUTC();
    Scheduler real = Scheduler.system(system, 2, "test-line", (name, e) -> {});
    GuardRuntime runtime = new GuardRuntime(system, real, null, Map.of(), TelemetryHub.NONE);
    long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(3);
    DeadlineLine busy = DeadlineLine.create(runtime, "deadline", Duration.ofNanos(timeoutNanos));
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<Counted>>> made = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        long seed = t;
        made.add(
            threads.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(seed);
                  List<Counted> mine = new ArrayList<>();
                  for (int i = 0; i < 20_000; i++) {
                    Counted c = new Counted(busy, false, System.nanoTime() + timeoutNanos);
                    busy.enter(c);
                    mine.add(c);
                    if (random.nextInt(3) == 0) {
                      c.claim(); // answered at once
                    }
                    if (i % 500 == 0) {
                      Thread.sleep(1);
                      mine.get(random.nextInt(mine.size())).claim(); // often after it expired
                    }
                  }
                  return mine;
                }));
      }
      List<Counted> all = new ArrayList<>();
      for (Future<List<Counted>> f : made) {
        all.addAll(f.get(30, TimeUnit.SECONDS));
      }
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (all.stream().anyMatch(c -> c.ends.get() == 0) && System.nanoTime() < giveUp) {
        Thread.sleep(10);
      }

      assertThat(all).hasSize(60_000).allSatisfy(c -> assertThat(c.ends).hasValue(1));
      assertThat(all).allSatisfy(c -> assertThat(c.early).hasValue(0));
    } finally {
      threads.shutdownNow();
      real.close();
    }
  }
}
