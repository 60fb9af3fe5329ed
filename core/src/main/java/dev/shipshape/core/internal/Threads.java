package dev.shipshape.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The facade's own bounded pools of named daemon threads, shut down and awaited on close. */
final class Threads {

  private Threads() {}

  /** A pool of at most {@code threads} daemon threads named {@code <prefix>-N}. */
  static ExecutorService pool(String prefix, int threads, int queue) {
    AtomicInteger next = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread t = new Thread(runnable, prefix + "-" + next.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(queue),
            factory,
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Interrupts the pool's work and waits up to {@code seconds} for its threads to end. */
  static void shutdown(ExecutorService pool, long seconds) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
