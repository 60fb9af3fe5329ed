package dev.shipshape.flags.archfixture;

/** A flags class that waits on a monitor with a timeout instead of using the scheduler. */
public final class WaitsWithATimeout {
  private final Object lock = new Object();

  /**
   * Waits the forbidden way.
   *
   * @throws InterruptedException never in these tests: the fixture is only inspected
   */
  public void await() throws InterruptedException {
    synchronized (lock) {
      lock.wait(100L);
    }
  }

  /**
   * Waits on itself the forbidden way.
   *
   * @throws InterruptedException never in these tests: the fixture is only inspected
   */
  public synchronized void awaitOnSelf() throws InterruptedException {
    wait(100L, 0);
  }
}
