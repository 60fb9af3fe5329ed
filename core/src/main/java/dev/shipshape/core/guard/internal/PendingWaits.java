package dev.shipshape.core.guard.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The waits and deadlines of one application's guards that are still pending, so that closing the
 * guards can answer every one of them. Each wait is its own node in a doubly linked list, so
 * tracking a wait allocates nothing and ending it takes constant time. The waits are spread over
 * a few lists by the thread that creates them, each list with its own lock, so that calls on
 * different threads seldom meet on one.
 */
final class PendingWaits {

  /** How many lists the waits are spread over; a power of two. */
  static final int STRIPES = 16;

  /**
   * A wait or deadline on the scheduler, which closing the guards answers if it is still waiting;
   * it carries its own place in the list of its stripe.
   */
  abstract static class Wait {
    private final int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
    // guarded by the lock of stripes[stripe]
    private @Nullable Wait prev;
    private @Nullable Wait next;
    private boolean linked;

    /**
     * Ends the wait with {@code failure}, unless it has ended already.
     *
     * @param failure why: the guards closed, or the scheduler refused the task
     */
    abstract void answer(Throwable failure);
  }

  /** One list and its lock; once closed it takes no more waits. */
  private static final class Stripe {
    // guarded by this
    private @Nullable Wait head;
    private boolean closed;
  }

  private final Stripe[] stripes = new Stripe[STRIPES];

  PendingWaits() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /**
   * Tracks {@code wait}, which is not tracked yet.
   *
   * @param wait the wait
   * @return false, tracking nothing, once {@link #close()} has run
   */
  boolean add(Wait wait) {
    Stripe s = stripes[wait.stripe];
    synchronized (s) {
      if (s.closed) {
        return false;
      }
      Wait first = s.head;
      wait.prev = null;
      wait.next = first;
      if (first != null) {
        first.prev = wait;
      }
      s.head = wait;
      wait.linked = true;
      return true;
    }
  }

  /**
   * Ends the tracking of {@code wait}; does nothing when it is not tracked (any more), such as
   * after {@link #close()} took it.
   *
   * @param wait the wait
   */
  void remove(Wait wait) {
    Stripe s = stripes[wait.stripe];
    synchronized (s) {
      if (wait.linked) {
        unlink(s, wait);
      }
    }
  }

  /**
   * Refuses every later {@link #add} and takes out every tracked wait.
   *
   * @return the waits that were tracked, for the caller to answer outside the locks
   */
  List<Wait> close() {
    List<Wait> taken = new ArrayList<>();
    for (Stripe s : stripes) {
      synchronized (s) {
        s.closed = true;
        while (s.head != null) {
          Wait e = s.head;
          unlink(s, e);
          taken.add(e);
        }
      }
    }
    return taken;
  }

  /**
   * How many waits are tracked now.
   *
   * @return the count
   */
  int size() {
    int n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        for (Wait e = s.head; e != null; e = e.next) {
          n++;
        }
      }
    }
    return n;
  }

  // called with the stripe's lock held
  private static void unlink(Stripe s, Wait e) {
    Wait p = e.prev;
    Wait n = e.next;
    if (p == null) {
      s.head = n;
    } else {
      p.next = n;
    }
    if (n != null) {
      n.prev = p;
    }
    e.prev = null;
    e.next = null;
    e.linked = false;
  }
}
