package dev.shipshape.core.health.internal;

import dev.shipshape.core.health.CheckStatusChange;
import dev.shipshape.core.health.HealthListener;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.health.ProbeStatusChange;
import dev.shipshape.time.internal.Isolation;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners, each isolated by the shared {@link Isolation} policy: a throwing
 * listener is counted and logged once per cause.
 *
 * <p>Each listener has one queue of the events it has yet to hear. A change is queued, with {@link
 * #queueProbeChange} or {@link #queueCheckChange}, under the lock that orders the changes of its
 * probe or check, so every queue holds the changes in the order they happened; then {@link
 * #deliver()}, called once that lock is released, empties the queues. A listener is called by one
 * thread at a time, in its queue's order: the thread that made a change calls an idle listener
 * itself; a thread that finds the listener busy (a slow listener still in an earlier call) leaves
 * its event queued and goes on at once, and the thread in that call hands what was queued meanwhile
 * to the executor when the call returns. So a slow listener neither reorders events nor makes a
 * second thread wait. At most {@link #MAX_WAITING} events wait per listener; beyond that the
 * oldest is dropped, counted as a failure of that listener and logged once.
 */
public final class Listeners {

  /** How many events may wait for one listener before the oldest is dropped. */
  public static final int MAX_WAITING = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final Inbox[] queues;
  private final Executor executor;
  private final Isolation isolation = new Isolation(Listeners::logFailure);

  /**
   * Creates the dispatcher over a snapshot of {@code listeners}.
   *
   * @param listeners the listeners, in the order each event reaches them
   * @param executor delivers the events that wait while a listener is busy
   */
  public Listeners(List<HealthListener> listeners, Executor executor) {
    this.queues = new Inbox[listeners.size()];
    for (int i = 0; i < queues.length; i++) {
      queues[i] = new Inbox(listeners.get(i));
    }
    this.executor = executor;
  }

  /** How many listener calls have thrown, and how many events were dropped unheard. */
  public long failures() {
    return isolation.failures();
  }

  /** Whether nobody listens, so callers can skip the work of preparing events. */
  public boolean isEmpty() {
    return queues.length == 0;
  }

  /**
   * Queues, for every listener, that a probe's status changed. Call it under the lock that orders
   * the probe's changes, and {@link #deliver()} once it is released.
   */
  public void queueProbeChange(
      Probe probe, @Nullable HealthStatus previous, HealthStatus current) {
    queue(new ProbeStatusChange(probe, previous, current));
  }

  /**
   * Queues, for every listener, that a check's status changed. Call it under the lock that orders
   * the check's changes, and {@link #deliver()} once it is released.
   */
  public void queueCheckChange(
      String check, @Nullable HealthStatus previous, HealthStatus current, @Nullable String message) {
    queue(new CheckStatusChange(check, previous, current, message));
  }

  private void queue(Object event) {
    for (Inbox q : queues) {
      Object dropped = q.add(event);
      if (dropped != null) {
        isolation.failed(q.owner, method(dropped), FellBehind.INSTANCE);
      }
    }
  }

  /**
   * Calls every idle listener with the events waiting for it, on this thread; leaves the events of
   * a busy listener to the thread in its call. Never call it holding a lock that orders changes.
   */
  public void deliver() {
    for (Inbox q : queues) {
      q.deliver();
    }
  }

  private static String method(Object event) {
    return event instanceof ProbeStatusChange ? "probeStatusChanged" : "checkStatusChanged";
  }

  /** One listener's waiting events, and whether a thread is calling it. */
  private final class Inbox {
    private final HealthListener listener;
    private final String owner;
    // guarded by this
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private boolean busy;

    Inbox(HealthListener listener) {
      this.listener = listener;
      this.owner = listener.getClass().getName();
    }

    /** Queues {@code event}; returns the oldest event, dropped to make room, or null. */
    synchronized @Nullable Object add(Object event) {
      Object dropped = waiting.size() >= MAX_WAITING ? waiting.pollFirst() : null;
      waiting.addLast(event);
      return dropped;
    }

    /**
     * Unless a thread is calling the listener, calls it here with the events waiting now; hands
     * the events that arrive meanwhile to the executor.
     */
    void deliver() {
      int backlog;
      synchronized (this) {
        if (busy || waiting.isEmpty()) {
          return;
        }
        busy = true;
        backlog = waiting.size();
      }
      if (call(backlog)) {
        handOff();
      }
    }

    /** Passes what arrived during this thread's calls to the executor, or goes idle. */
    private void handOff() {
      synchronized (this) {
        if (waiting.isEmpty()) {
          busy = false;
          return;
        }
      }
      try {
        executor.execute(this::drain);
      } catch (RuntimeException rejected) {
        // the executor is shut down or full: this thread, already the caller, finishes the work
        drain();
      }
    }

    private void drain() {
      call(Integer.MAX_VALUE);
    }

    /**
     * Calls the listener with up to {@code max} waiting events, oldest first. Returns false when
     * the queue ran empty (the listener is idle again), true when {@code max} calls were made
     * (it is still busy). An error that escapes the isolation leaves the listener idle, its
     * remaining events to the next change.
     */
    private boolean call(int max) {
      boolean returned = false;
      try {
        for (int i = 0; i < max; i++) {
          Object event;
          synchronized (this) {
            event = waiting.pollFirst();
            if (event == null) {
              busy = false;
              returned = true;
              return false;
            }
          }
          callOne(event);
        }
        returned = true;
        return true;
      } finally {
        if (!returned) {
          synchronized (this) {
            busy = false;
          }
        }
      }
    }

    private void callOne(Object event) {
      try {
        if (event instanceof ProbeStatusChange) {
          listener.probeStatusChanged((ProbeStatusChange) event);
        } else {
          listener.checkStatusChanged((CheckStatusChange) event);
        }
      } catch (Throwable e) {
        isolation.failed(owner, method(event), e);
      }
    }
  }

  /** Stands in, in the count and the log, for an event dropped because its listener fell behind. */
  private static final class FellBehind extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final FellBehind INSTANCE = new FellBehind();

    private FellBehind() {
      super(
          "more than " + MAX_WAITING + " events waited for this listener; the oldest was dropped",
          null,
          false,
          false);
    }
  }

  private static void logFailure(String listener, String method, Throwable e) {
    LOG.atWarn()
        .setMessage(
            "health listener {} failed in {}: {}; further failures with this cause are not"
                + " logged")
        .addArgument(listener)
        .addArgument(method)
        .addArgument(e.toString())
        .addKeyValue("listener", listener)
        .addKeyValue("method", method)
        .addKeyValue("exception", e.getClass().getName())
        .setCause(e)
        .log();
  }
}
