package dev.shipshape.core.health.internal;

import dev.shipshape.core.health.CheckStatusChange;
import dev.shipshape.core.health.HealthListener;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.health.ProbeStatusChange;
import dev.shipshape.time.internal.Isolation;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners, each isolated by the shared {@link Isolation} policy: a throwing
 * listener is counted and logged once per cause.
 *
 * <p>Each listener hears the changes in the order they happened, one call at a time, and a change
 * has reached every listener when the call that made it returns. A change is queued for every
 * listener, with {@link #queueProbeChange} or {@link #queueCheckChange}, under the lock that orders
 * the changes of its probe or check; {@link #deliver()}, called once that lock is released, then
 * calls each listener with what its queue holds, oldest first, under the listener's own delivery
 * lock. A thread that finds a listener in a call another thread is making waits for that call to
 * return, then delivers what is left, its own change included. A listener's own call that
 * changes a status (a listener asking for a probe) does not wait for itself: its change is
 * delivered right after the call returns.
 */
public final class Listeners {

  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final Inbox[] inboxes;
  private final Isolation isolation = new Isolation(Listeners::logFailure);

  /**
   * Creates the dispatcher over a snapshot of {@code listeners}.
   *
   * @param listeners the listeners, in the order each event reaches them
   */
  public Listeners(List<HealthListener> listeners) {
    this.inboxes = new Inbox[listeners.size()];
    for (int i = 0; i < inboxes.length; i++) {
      inboxes[i] = new Inbox(listeners.get(i));
    }
  }

  /** How many listener calls have thrown. */
  public long failures() {
    return isolation.failures();
  }

  /** Whether nobody listens, so callers can skip the work of preparing events. */
  public boolean isEmpty() {
    return inboxes.length == 0;
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
    for (Inbox inbox : inboxes) {
      inbox.add(event);
    }
  }

  /** Calls every listener with the changes queued for it, in order; see the class comment. */
  public void deliver() {
    for (Inbox inbox : inboxes) {
      inbox.deliver();
    }
  }

  /** One listener's queue and the lock that lets one thread at a time call it. */
  private final class Inbox {
    private final HealthListener listener;
    private final String owner;
    private final ReentrantLock delivery = new ReentrantLock();
    // guarded by this
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();

    Inbox(HealthListener listener) {
      this.listener = listener;
      this.owner = listener.getClass().getName();
    }

    synchronized void add(Object event) {
      waiting.addLast(event);
    }

    private synchronized @Nullable Object next() {
      return waiting.pollFirst();
    }

    void deliver() {
      if (delivery.isHeldByCurrentThread()) {
        return; // the listener's own call made the change: the loop below delivers it next
      }
      delivery.lock();
      try {
        for (Object event = next(); event != null; event = next()) {
          call(event);
        }
      } finally {
        delivery.unlock();
      }
    }

    private void call(Object event) {
      try {
        if (event instanceof ProbeStatusChange) {
          listener.probeStatusChanged((ProbeStatusChange) event);
        } else {
          listener.checkStatusChanged((CheckStatusChange) event);
        }
      } catch (Throwable e) {
        isolation.failed(
            owner,
            event instanceof ProbeStatusChange ? "probeStatusChanged" : "checkStatusChanged",
            e);
      }
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
