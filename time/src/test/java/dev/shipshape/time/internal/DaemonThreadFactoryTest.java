package dev.shipshape.time.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The daemon threads of the modules' own pools, and closing those pools. */
class DaemonThreadFactoryTest {

  @Test
  void namesDaemonThreadsWithThePrefixAndACountFromOne() {
    DaemonThreadFactory factory = DaemonThreadFactory.named("test-named");

    Thread first = factory.newThread(() -> {});
    Thread second = factory.newThread(() -> {});

    assertThat(first.getName()).isEqualTo("test-named-1");
    assertThat(second.getName()).isEqualTo("test-named-2");
    assertThat(first.isDaemon()).isTrue();
    assertThat(second.isDaemon()).isTrue();
  }

  @Test
  void shutdownAndWaitInterruptsTheWorkAndReturnsOnceEveryRememberedThreadHasEnded()
      throws InterruptedException {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            DaemonThreadFactory.remembering("test-remembering"));
    List<Thread> ran = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      pool.execute(
          () -> {
            ran.add(Thread.currentThread());
            started.countDown();
            try {
              new CountDownLatch(1).await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    DaemonThreadFactory.shutdownAndWait(pool, 10);

    assertThat(pool.isTerminated()).isTrue();
    assertThat(ran)
        .hasSize(2)
        .allSatisfy(t -> assertThat(t.getName()).startsWith("test-remembering-"))
        .noneMatch(Thread::isAlive);
  }

  @Test
  void shutdownAndWaitStopsAPoolWhoseThreadsItDoesNotKnow() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    pool.execute(() -> {});

    DaemonThreadFactory.shutdownAndWait(pool, 10);

    assertThat(pool.isTerminated()).isTrue();
  }
}
