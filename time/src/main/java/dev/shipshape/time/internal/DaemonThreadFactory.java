package dev.shipshape.time.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Makes the threads of the Shipshape modules' own pools: daemons named {@code <prefix>-1}, {@code
 * <prefix>-2}, and so on. A {@linkplain #remembering remembering} factory also keeps the threads it
 * made, so that {@link #shutdownAndWait} can wait until they have ended, not only until their pool
 * reports itself terminated.
 *
 * <p>This package is shared by the Shipshape modules; it is not an API for applications.
 */
public final class DaemonThreadFactory implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger next = new AtomicInteger();
  private final @Nullable Queue<Thread> made;

  private DaemonThreadFactory(String prefix, boolean remember) {
    this.prefix = prefix;
    this.made = remember ? new ConcurrentLinkedQueue<>() : null;
  }

  /**
   * A factory of daemon threads named {@code <prefix>-N}.
   *
   * @param prefix the threads' name before the number
   * @return the factory
   */
  public static DaemonThreadFactory named(String prefix) {
    return new DaemonThreadFactory(prefix, false);
  }

  /**
   * A factory of daemon threads named {@code <prefix>-N} that remembers the threads still alive,
   * for {@link #shutdownAndWait}.
   *
   * @param prefix the threads' name before the number
   * @return the factory
   */
  public static DaemonThreadFactory remembering(String prefix) {
    return new DaemonThreadFactory(prefix, true);
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread t = new Made(task, prefix + "-" + next.incrementAndGet());
    t.setDaemon(true);
    Queue<Thread> threads = made;
    if (threads != null) {
      threads.removeIf(old -> !old.isAlive());
      threads.add(t);
    }
    return t;
  }

  /**
   * Whether {@code thread} was made by a factory of this class, that is, is one of the Shipshape
   * modules' own pool threads, which closing a part may wait for.
   *
   * @param thread a thread
   * @return true for a thread of a Shipshape pool
   */
  public static boolean madeHere(Thread thread) {
    return thread instanceof Made;
  }

  /** A thread this class made; its type is what {@link #madeHere} asks. */
  private static final class Made extends Thread {
    Made(Runnable task, String name) {
      super(task, name);
    }
  }

  /**
   * Interrupts {@code pool}'s work and waits for it to end, as {@link #awaitEnd} does.
   *
   * @param pool the pool
   * @param seconds how long to wait for the pool, and then for each thread
   */
  public static void shutdownAndWait(ExecutorService pool, long seconds) {
    pool.shutdownNow();
    awaitEnd(pool, seconds);
  }

  /**
   * Waits up to {@code seconds} for {@code pool}, once shut down, to terminate. When the pool's
   * threads come from a {@linkplain #remembering remembering} factory, it then waits up to {@code
   * seconds} for each of them to end, since a pool reports termination just before its last
   * threads exit; called from one of those threads, it returns at once, since the pool cannot end
   * while its caller runs. Returns early, with the interrupt flag set, when the calling thread is
   * interrupted. Any number of threads may wait at once.
   *
   * @param pool the pool, shut down
   * @param seconds how long to wait for the pool, and then for each thread
   */
  public static void awaitEnd(ExecutorService pool, long seconds) {
    Queue<Thread> threads =
        pool instanceof ThreadPoolExecutor tpe
                && tpe.getThreadFactory() instanceof DaemonThreadFactory factory
            ? factory.made
            : null;
    Thread self = Thread.currentThread();
    if (threads != null && threads.contains(self)) {
      return;
    }
    try {
      if (!pool.awaitTermination(seconds, TimeUnit.SECONDS) || threads == null) {
        return;
      }
      long millis = Math.max(1, TimeUnit.SECONDS.toMillis(seconds));
      for (Thread t : threads) {
        t.join(millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
