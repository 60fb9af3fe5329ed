package dev.shipshape.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.slo.WindowEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bounded stress: many threads through one guard, with exact totals. */
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
}
