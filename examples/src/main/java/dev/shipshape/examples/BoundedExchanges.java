package dev.shipshape.examples;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The quickstart server's executor: at most {@code maxRequests} exchanges at once, each on a
 * thread of its own. The JDK's server reads a request on its executor's thread, so a client that
 * sends half a request holds a thread until it finishes or the request time limit closes it; with
 * a cap alone, a few slow clients would hold every thread. So when a new exchange arrives and all
 * are taken, the exchange that has waited longest for its request gives way: its thread is
 * interrupted, which closes its connection (the JDK reads on an interruptible channel; were it
 * not to, the request time limit would still end the exchange), and the new exchange takes the
 * thread. Exchanges whose handlers run are never interrupted; when every
 * thread runs a handler, new exchanges wait in a queue of {@code maxRequests}, and beyond it the
 * server closes their connections at once.
 */
final class BoundedExchanges implements Executor {

  private final int maxRequests;
  private final ThreadPoolExecutor threads;
  private final Object lock = new Object();

  /** Exchanges still reading their requests, oldest first. Guarded by {@link #lock}. */
  private final LinkedHashSet<Exchange> reading = new LinkedHashSet<>();

  /** Exchanges queued or running. Guarded by {@link #lock}. */
  private int admitted;

  /** Exchanges dropped whose threads have not finished them yet. Guarded by {@link #lock}. */
  private int dropping;

  /** The exchange of the current thread, while it runs. */
  private final ThreadLocal<@Nullable Exchange> current = new ThreadLocal<>();

  /**
   * An executor of at most {@code maxRequests} threads from {@code factory}.
   *
   * @param maxRequests the most exchanges at once, at least 1
   * @param factory makes the threads
   */
  BoundedExchanges(int maxRequests, ThreadFactory factory) {
    if (maxRequests < 1) {
      throw new IllegalArgumentException(
          "maxRequests was '" + maxRequests + "' but must be at least 1");
    }
    this.maxRequests = maxRequests;
    this.threads =
        new ThreadPoolExecutor(
            maxRequests,
            maxRequests,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(maxRequests),
            factory,
            new ThreadPoolExecutor.AbortPolicy());
    threads.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs the server's exchange, first making room by dropping the oldest one still reading its
   * request when every thread is taken.
   *
   * @throws RejectedExecutionException when every thread runs a handler and the queue is full; the
   *     JDK's server then closes the connection
   */
  @Override
  public void execute(Runnable serverExchange) {
    Exchange exchange = new Exchange(serverExchange);
    synchronized (lock) {
      admitted++;
      makeRoom();
    }
    try {
      threads.execute(exchange);
    } catch (RejectedExecutionException e) {
      synchronized (lock) {
        admitted--;
      }
      throw e;
    }
  }

  /**
   * Drops the oldest exchanges still reading their requests until every exchange admitted and not
   * dropped has a thread, or none is left reading; called when an exchange is admitted and when
   * one starts reading, since an exchange queued while none could be dropped needs a thread too.
   */
  private void makeRoom() {
    Iterator<Exchange> oldest = reading.iterator();
    while (admitted - dropping > maxRequests && oldest.hasNext()) {
      Exchange slow = oldest.next();
      oldest.remove();
      slow.dropped = true;
      dropping++;
      Thread thread = slow.thread;
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /**
   * {@code handler}, run only by an exchange that has not been dropped: from here on the exchange
   * answers its request and is not interrupted.
   *
   * @param handler the route's handler
   * @return the handler to register
   */
  HttpHandler handler(HttpHandler handler) {
    return httpExchange -> {
      Exchange exchange = current.get();
      if (exchange != null) {
        synchronized (lock) {
          if (!reading.remove(exchange)) {
            httpExchange.close();
            throw new IOException("dropped to make room for another request");
          }
        }
      }
      handler.handle(httpExchange);
    };
  }

  /** Stops every thread at once. */
  void shutdownNow() {
    threads.shutdownNow();
  }

  /** One exchange of the server, on its thread. */
  private final class Exchange implements Runnable {

    private final Runnable serverExchange;
    private @Nullable Thread thread;
    private boolean dropped;

    Exchange(Runnable serverExchange) {
      this.serverExchange = serverExchange;
    }

    @Override
    public void run() {
      synchronized (lock) {
        thread = Thread.currentThread();
        reading.add(this);
        makeRoom();
      }
      current.set(this);
      try {
        serverExchange.run();
      } finally {
        current.remove();
        synchronized (lock) {
          reading.remove(this);
          admitted--;
          if (dropped) {
            dropping--;
          }
          // an interrupt that came after the request was read must not reach the next exchange
          Thread.interrupted();
        }
      }
    }
  }
}
