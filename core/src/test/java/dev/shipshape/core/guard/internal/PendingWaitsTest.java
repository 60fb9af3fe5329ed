package dev.shipshape.core.guard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The list of pending waits the guards' close answers: a wait that ended is no longer held,
 * whichever thread made it and whichever ends it, and nothing joins once it is closed.
 */
class PendingWaitsTest {

  private static final class Counted extends PendingWaits.Wait {
    int answers;

    @Override
    void answer(Throwable failure) {
      answers++;
    }
  }

  private final PendingWaits waits = new PendingWaits();

  @Test
  void waitsMadeOnManyThreadsAreHeldUntilTheyEndAnywhereAndClosingTakesTheRest()
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(PendingWaits.STRIPES + 3);
    List<Counted> all = new ArrayList<>();
    try {
      List<Future<List<Counted>>> made = new ArrayList<>();
      for (int t = 0; t < PendingWaits.STRIPES + 3; t++) {
        made.add(
            threads.submit(
                () -> {
                  List<Counted> mine = new ArrayList<>();
                  for (int i = 0; i < 50; i++) {
                    Counted w = new Counted();
                    assertThat(waits.add(w)).isTrue();
                    mine.add(w);
                  }
                  return mine;
                }));
      }
      for (Future<List<Counted>> f : made) {
        all.addAll(f.get(10, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
      threads.awaitTermination(10, TimeUnit.SECONDS);
    }
    int total = all.size();
    assertThat(waits.size()).isEqualTo(total);

    // ended on this thread, in an order unlike the one they were added in, some of them twice
    List<Counted> ended = new ArrayList<>();
    for (int i = 0; i < total; i += 3) {
      ended.add(all.get(i));
    }
    for (int i = ended.size() - 1; i >= 0; i--) {
      waits.remove(ended.get(i));
      waits.remove(ended.get(i));
    }
    assertThat(waits.size()).isEqualTo(total - ended.size());

    List<PendingWaits.Wait> taken = waits.close();
    assertThat(taken).hasSize(total - ended.size()).doesNotContainAnyElementsOf(ended);
    assertThat(waits.size()).isZero();

    Counted late = new Counted();
    assertThat(waits.add(late)).isFalse();
    assertThat(waits.size()).isZero();
    waits.remove(all.get(1));
    assertThat(waits.close()).isEmpty();
  }
}
