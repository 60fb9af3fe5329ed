package dev.shipshape.core.health.internal;

import dev.shipshape.time.internal.DaemonThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(queue),
            DaemonThreadFactory.remembering(prefix),
            rejected);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
