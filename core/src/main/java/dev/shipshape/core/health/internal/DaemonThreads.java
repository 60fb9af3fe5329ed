package dev.shipshape.core.health.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Small bounded pools of named daemon threads for running checks and serving probe requests. */
public final class DaemonThreads {

  private DaemonThreads() {}

  /**
   * A pool of at most {@code threads} daemon threads named {@code <prefix>-N} with a bounded
   * queue; work beyond the queue is rejected (and a rejected check is reported DOWN).
   */
  public static ExecutorService pool(String prefix, int threads, int queue) {
    return pool(prefix, threads, queue, new ThreadPoolExecutor.AbortPolicy());
  }

  /** Like {@link #pool(String, int, int)}, with {@code rejected} handling work beyond the queue. */
  public static ExecutorService pool(
      String prefix, int threads, int queue, RejectedExecutionHandler rejected) {
    Pool pool = new Pool(prefix, threads, queue, rejected);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Interrupts the pool's work and waits up to {@code seconds} for its threads to end: for a pool
   * made here, until each thread has terminated, not only until the pool reports itself done.
   */
  public static void shutdownAndWait(ExecutorService pool, long seconds) {
    pool.shutdownNow();
    try {
      long deadline = TimeUnit.SECONDS.toMillis(seconds);
      if (!pool.awaitTermination(seconds, TimeUnit.SECONDS) || !(pool instanceof Pool)) {
        return;
      }
      for (Thread t : ((Pool) pool).threads) {
        if (t != Thread.currentThread()) {
          t.join(Math.max(1, deadline));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A pool that remembers its threads so that closing can wait for them to end. */
  private static final class Pool extends ThreadPoolExecutor {
    final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

    Pool(String prefix, int size, int queue, RejectedExecutionHandler rejected) {
      super(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue), rejected);
      AtomicInteger next = new AtomicInteger();
      setThreadFactory(
          runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + next.incrementAndGet());
            t.setDaemon(true);
            threads.removeIf(old -> !old.isAlive());
            threads.add(t);
            return t;
          });
    }
  }
}
